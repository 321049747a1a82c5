import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { StaffMember } from '../../api/types';
import { FieldError } from '../../components/states';
import { useSession } from '../../session';

/** Active or inactive (001): inactive returns the member's licences to the pool, still billed. */
export function StatusSwitch({ staff, onChanged }: { staff: StaffMember; onChanged: () => void }) {
  const { can } = useSession();
  const allowed = can('staff:manage');
  const [error, setError] = useState<Error | null>(null);
  const [returned, setReturned] = useState<string[]>([]);
  const toggle = async (active: boolean) => {
    setError(null);
    setReturned([]);
    try {
      const result = await unwrap(
        api.PATCH('/v1/staff/{staffId}', {
          params: { path: { staffId: staff.id } },
          body: { status: active ? 'active' : 'inactive' },
        }),
      );
      setReturned(result.licencesReturned.map((licence) => licence.licenceType));
      onChanged();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <div className="field-row">
      <label className="switch">
        <input
          type="checkbox"
          checked={staff.status === 'active'}
          onChange={(e) => void toggle(e.target.checked)}
          disabled={staff.isOwner || !allowed}
        />
        <span>Active</span>
      </label>
      <span className="muted small">
        {allowed
          ? 'Making someone inactive returns their licences to the pool: they stay billed until you remove them under Adjust licences.'
          : 'Only people who manage staff can make someone active or inactive.'}
      </span>
      {returned.length > 0 ? (
        <p className="notice info" role="status">
          {staff.name}&apos;s {returned.join(', ')} licence{returned.length === 1 ? ' is' : 's are'}{' '}
          back in the pool: unused, and still billed until removed under Adjust licences.
        </p>
      ) : null}
      <FieldError error={error} />
    </div>
  );
}
