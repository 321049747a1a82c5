import { useState, type FormEvent } from 'react';
import { api, ApiProblem, unwrap } from '../../api/client';
import type { Permission, PoolSet, StaffMember } from '../../api/types';
import { FieldError } from '../../components/states';
import { useSession } from '../../session';

const GROUPS = ['Clinical', 'Billing', 'Front desk', 'Administration'] as const;

/** Which licence types of the member's plan grant the provider and admin roles (003). */
export function licenceRolesOf(subscription: PoolSet | null | undefined): LicenceRoles {
  return subscription?.licenceRoles ?? { provider: [], admin: [] };
}

export interface LicenceRoles {
  provider: string[];
  admin: string[];
}

/** The plan's licence types that give a role: a provider licence gives the admin role too (003). */
export function typesGiving(needs: 'provider' | 'admin', roles: LicenceRoles): string[] {
  return needs === 'provider' ? roles.provider : [...roles.admin, ...roles.provider];
}

/** What a permission needs, in the plan's own licence names (12: never a type it does not sell). */
function licenceHint(needs: Permission['needs'], roles: LicenceRoles): string {
  if (!needs) return 'no licence needed';
  const types = typesGiving(needs, roles);
  if (types.length === 0) return 'not available on this plan';
  return `needs a ${types.join(' or ')} licence`;
}

export function PermissionEditor({
  staff,
  permissions,
  roles,
  onChanged,
}: {
  staff: StaffMember;
  permissions: readonly Permission[];
  roles: LicenceRoles;
  onChanged: () => void;
}) {
  const { can, mayGrant } = useSession();
  const [chosen, setChosen] = useState<string[]>(staff.permissions);
  // Follow the server when the permissions change there (they lapse with a licence, 003).
  const serverPermissions = staff.permissions.join(',');
  const [seen, setSeen] = useState(serverPermissions);
  if (seen !== serverPermissions) {
    setSeen(serverPermissions);
    setChosen(staff.permissions);
  }
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (confirmLogout: boolean) => {
    setError(null);
    setSaved(null);
    try {
      const result = await unwrap(
        api.PUT('/v1/staff/{staffId}/permissions', {
          params: { path: { staffId: staff.id } },
          body: { permissions: chosen, confirmLogout },
        }),
      );
      setConfirming(false);
      setSaved(
        result.sessionsEnded > 0
          ? `Saved. ${staff.name} was signed out so the new permissions apply.`
          : 'Saved.',
      );
      onChanged();
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.code === 'logout_confirmation_required')
        setConfirming(true);
      else setError(caught as Error);
    }
  };
  if (staff.isOwner) return <p className="muted">The account owner always has every permission.</p>;
  if (!can('staff:manage')) return <PermissionList staff={staff} permissions={permissions} />;
  return (
    <form
      className="permissions"
      aria-label="Permissions"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <h3>Permissions</h3>
      {GROUPS.map((group) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {permissions
            .filter((p) => p.group === group)
            .map((permission) => (
              <label key={permission.key} className="check">
                <input
                  type="checkbox"
                  // Nobody gives a permission they do not hold (003); one the member has
                  // already may stay or go.
                  disabled={
                    !mayGrant(permission.key) && !staff.permissions.includes(permission.key)
                  }
                  checked={chosen.includes(permission.key)}
                  onChange={(e) =>
                    setChosen(
                      e.target.checked
                        ? [...chosen, permission.key]
                        : chosen.filter((key) => key !== permission.key),
                    )
                  }
                />
                <span>
                  {permission.label}
                  <span className="muted small">
                    {' '}
                    · {licenceHint(permission.needs, roles)}
                    {mayGrant(permission.key) ? '' : ' · you do not hold it, so cannot give it'}
                  </span>
                </span>
              </label>
            ))}
        </fieldset>
      ))}
      <p className="notice info">
        Saving signs {staff.name} out so the new permissions apply. Ask them to save their work
        first.
      </p>
      <FieldError error={error} />
      {confirming ? (
        <div className="notice warning" role="alertdialog" aria-labelledby="logout-title">
          <p id="logout-title">
            <strong>{staff.name} is signed in now.</strong> Saving will sign them out.
          </p>
          <button type="button" className="primary" onClick={() => void save(true)}>
            Sign them out and save
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className="primary">
          Save permissions
        </button>
      )}
      {saved ? (
        <p className="notice success" role="status">
          {saved}
        </p>
      ) : null}
    </form>
  );
}

/** What a member may do, for those who may see staff but not change their permissions. */
function PermissionList(props: { staff: StaffMember; permissions: readonly Permission[] }) {
  const held = props.permissions.filter((p) => props.staff.permissions.includes(p.key));
  return (
    <section className="permissions" aria-label="Permissions">
      <h3>Permissions</h3>
      {held.length === 0 ? (
        <p className="muted">{props.staff.name} has no permissions.</p>
      ) : (
        <ul>
          {held.map((permission) => (
            <li key={permission.key}>
              {permission.label} <span className="muted small">· {permission.group}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">Only people who manage staff can change permissions.</p>
    </section>
  );
}
