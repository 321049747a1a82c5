import { useEffect, useRef, useState } from 'react';
import type { Permission, PoolSet } from '../../api/types';
import { Done, Loaded } from '../../components/states';
import { go } from '../../router';
import { useSession } from '../../session';
import { useStaffMember } from '../../queries/staff';
import { LicenceToggles } from './licence-toggles';
import { MemberLeft } from './member-left';
import { licenceRolesOf, PermissionEditor } from './permission-editor';
import { scopeOf } from './scope-of';
import { StatusSwitch } from './status-switch';

/** One staff member's panel: status, licences and permissions. */
export function StaffDetail({
  staffId,
  subscriptions,
  permissions,
  onChanged,
}: {
  staffId: string;
  subscriptions: readonly PoolSet[];
  permissions: readonly Permission[];
  onChanged: () => void;
}) {
  const session = useSession();
  const [left, setLeft] = useState<string | null>(null);
  const member = useStaffMember(staffId);
  // By keyboard (12): opening a member takes focus to their panel, Escape closes it and gives
  // focus back to their row.
  const heading = useRef<HTMLHeadingElement>(null);
  const loadedName = member.data?.name ?? null;
  useEffect(() => {
    if (loadedName) heading.current?.focus();
  }, [staffId, loadedName]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      go('staff');
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`a[href="#/staff/${staffId}"]`)?.focus(),
      );
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [staffId]);
  return (
    <section className="detail card" aria-labelledby="staff-detail-title">
      <Loaded load={member}>
        {(staff) => {
          const subscription = scopeOf(subscriptions, staff.locationId);
          // onChanged reads the staff again, this member among them.
          const changed = onChanged;
          return (
            <>
              <div className="card-head">
                <h2 id="staff-detail-title" ref={heading} tabIndex={-1}>
                  {staff.name} {staff.isOwner ? <span className="tag">owner</span> : null}
                </h2>
                <button type="button" className="link" onClick={() => go('staff')}>
                  Close
                </button>
              </div>
              <p className="muted">
                {staff.email} · {session.locationName(staff.locationId)}
              </p>
              <StatusSwitch staff={staff} onChanged={changed} />
              {session.can('staff:manage') ? (
                <MemberLeft staff={staff} onDone={(message) => (setLeft(message), changed())} />
              ) : null}
              <Done message={left} />
              {staff.notice ? (
                <p className="notice warning" role="status">
                  {staff.notice}. Releasing it frees it for someone else; to stop paying for it,
                  also remove it under <a href="#/adjust">Adjust licences</a>.
                </p>
              ) : null}
              {subscription ? (
                <LicenceToggles staff={staff} subscription={subscription} onChanged={changed} />
              ) : null}
              <PermissionEditor
                staff={staff}
                permissions={permissions}
                roles={licenceRolesOf(subscription)}
                onChanged={changed}
              />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
