import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { PoolSet, StaffMember } from '../../api/types';
import { FieldError } from '../../components/states';
import { useSession } from '../../session';

/** The member's licences (003): assigned or not, and switched on or off. */
export function LicenceToggles({
  staff,
  subscription,
  onChanged,
}: {
  staff: StaffMember;
  subscription: PoolSet;
  onChanged: () => void;
}) {
  const { can } = useSession();
  const allowed = can('licences:manage');
  const [errors, setErrors] = useState<Record<string, Error | null>>({});
  const run = async (type: string, action: () => Promise<unknown>) => {
    setErrors((e) => ({ ...e, [type]: null }));
    try {
      await action();
      onChanged();
    } catch (caught) {
      setErrors((e) => ({ ...e, [type]: caught as Error }));
    }
  };
  const path = (licenceType: string) => ({ params: { path: { staffId: staff.id, licenceType } } });
  return (
    <fieldset className="licences">
      <legend>Licences</legend>
      <p className="muted small">
        {allowed
          ? 'A licence counts only once it is switched on.'
          : 'Only people who manage licences can give or take back a licence.'}
      </p>
      {subscription.pools.map((pool) => {
        const held = staff.licences.find(
          (l) =>
            l.licenceType === pool.licenceType && l.subscriptionId === subscription.subscriptionId,
        );
        const id = `lic-${pool.licenceType}`;
        return (
          <div key={pool.licenceType} className="licence-row">
            <label className="switch" htmlFor={`${id}-assigned`}>
              <input
                id={`${id}-assigned`}
                type="checkbox"
                disabled={!allowed}
                checked={Boolean(held)}
                onChange={(e) =>
                  void run(pool.licenceType, () =>
                    e.target.checked
                      ? unwrap(
                          api.POST('/v1/staff/{staffId}/licences', {
                            params: { path: { staffId: staff.id } },
                            body: { licenceType: pool.licenceType },
                          }),
                        )
                      : unwrap(
                          api.DELETE(
                            '/v1/staff/{staffId}/licences/{licenceType}',
                            path(pool.licenceType),
                          ),
                        ),
                  )
                }
              />
              <span>
                {pool.licenceType}
                <span className="muted small">
                  {' '}
                  · {pool.unlimited ? 'unlimited' : `${pool.available ?? 0} free`}
                </span>
              </span>
            </label>
            {held ? (
              <label className="switch" htmlFor={`${id}-on`}>
                <input
                  id={`${id}-on`}
                  type="checkbox"
                  disabled={!allowed}
                  checked={held.active}
                  onChange={(e) =>
                    void run(pool.licenceType, () =>
                      unwrap(
                        api.PATCH('/v1/staff/{staffId}/licences/{licenceType}', {
                          ...path(pool.licenceType),
                          body: { active: e.target.checked },
                        }),
                      ),
                    )
                  }
                />
                <span>{held.active ? 'On' : 'Off'}</span>
              </label>
            ) : null}
            <FieldError error={errors[pool.licenceType] ?? null} />
          </div>
        );
      })}
    </fieldset>
  );
}
