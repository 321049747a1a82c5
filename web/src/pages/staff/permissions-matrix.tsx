import { useState } from 'react';
import { api, ApiProblem, unwrap } from '../../api/client';
import type { Permission, PoolSet, StaffMember } from '../../api/types';
import { Empty, ErrorNotice, Loaded } from '../../components/states';
import { useSession } from '../../session';
import { useRefresh } from '../../queries/query-client';
import { useLicencePools, usePermissionList, useStaffList } from '../../queries/staff';
import { licenceRolesOf, typesGiving } from './permission-editor';
import { scopeOf } from './scope-of';

/**
 * Staff > Permissions (003): every member against every permission, a row saved at a time
 * (saving signs that member out: asked first when they are signed in). A permission that
 * needs a licence the member does not hold, or that the person editing does not hold, cannot
 * be ticked; the owner always has all of them.
 */
export function PermissionsMatrixPage() {
  const staff = useStaffList({ search: '', status: '', locationId: '', licenceType: '' });
  const permissions = usePermissionList();
  const pools = useLicencePools();
  const refresh = useRefresh();
  return (
    <>
      <h1>Permissions</h1>
      <p className="muted">
        Permissions are separate from licences (003): some need a licence, shown in each column.
        Saving a row signs that person out so the new permissions apply.
      </p>
      <Loaded load={permissions}>
        {(columns) => (
          <Loaded load={staff}>
            {(page) =>
              page.data.length === 0 ? (
                <Empty>No staff yet.</Empty>
              ) : (
                <div
                  className="table-wrap"
                  tabIndex={0}
                  role="region"
                  aria-label="Permissions by person, scrolls sideways"
                >
                  <table className="matrix">
                    <caption className="visually-hidden">Permissions of each staff member</caption>
                    <thead>
                      <tr>
                        <th scope="col">Staff member</th>
                        {columns.map((p) => (
                          <th scope="col" key={p.key} title={p.label}>
                            {p.label}
                            <div className="muted small">
                              {p.needs ? `needs ${p.needs}` : p.group}
                            </div>
                          </th>
                        ))}
                        <th scope="col">Save</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.data.map((member) => (
                        <MatrixRow
                          key={member.id}
                          member={member}
                          columns={columns}
                          pools={pools.data ?? []}
                          onSaved={() => refresh('staff')}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </Loaded>
        )}
      </Loaded>
    </>
  );
}

function MatrixRow(props: {
  member: StaffMember;
  columns: readonly Permission[];
  pools: readonly PoolSet[];
  onSaved: () => void;
}) {
  const { can, mayGrant } = useSession();
  const { member } = props;
  const [chosen, setChosen] = useState<string[]>(member.permissions);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const roles = licenceRolesOf(scopeOf(props.pools, member.locationId));
  const held = member.licences.filter((l) => l.active).map((l) => l.licenceType);
  const hasRole = (needs: Permission['needs']) =>
    !needs || held.some((type) => typesGiving(needs, roles).includes(type));
  const changed = chosen.slice().sort().join() !== member.permissions.slice().sort().join();
  const editable = can('staff:manage') && !member.isOwner && member.status === 'active';
  const save = async (confirmLogout: boolean) => {
    setError(null);
    try {
      await unwrap(
        api.PUT('/v1/staff/{staffId}/permissions', {
          params: { path: { staffId: member.id } },
          body: { permissions: chosen, confirmLogout },
        }),
      );
      setConfirming(false);
      props.onSaved();
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.code === 'logout_confirmation_required')
        setConfirming(true);
      else setError(caught as Error);
    }
  };
  return (
    <tr>
      <th scope="row">
        {member.name}
        <div className="muted small">
          {member.isOwner ? 'owner' : held.join(', ') || 'no licence'}
          {member.status === 'inactive' ? ' · inactive' : ''}
        </div>
      </th>
      {props.columns.map((p) => {
        const on = member.isOwner || chosen.includes(p.key);
        const allowed =
          editable && hasRole(p.needs) && (mayGrant(p.key) || member.permissions.includes(p.key));
        return (
          <td key={p.key} className="center">
            <input
              type="checkbox"
              aria-label={`${member.name}: ${p.label}`}
              checked={on}
              disabled={!allowed}
              title={!hasRole(p.needs) ? `Needs a ${p.needs ?? ''} licence` : undefined}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, p.key] : chosen.filter((k) => k !== p.key))
              }
            />
          </td>
        );
      })}
      <td>
        {confirming ? (
          <button type="button" className="primary" onClick={() => void save(true)}>
            {member.name} is signed in: sign out and save
          </button>
        ) : (
          <button type="button" disabled={!changed || !editable} onClick={() => void save(false)}>
            Save
          </button>
        )}
        {error ? <ErrorNotice error={error} /> : null}
      </td>
    </tr>
  );
}
