import type { Subscription } from '../api/types';
import { go } from '../router';
import { useSession } from '../session';

/** Choose which clinic's subscription a page shows; the choice lives in the URL. */
export function ClinicPicker({
  subscriptions,
  chosen,
  page,
}: {
  subscriptions: readonly Subscription[];
  chosen: Subscription;
  page: string;
}) {
  const { locationName } = useSession();
  if (subscriptions.length < 2) return null;
  return (
    <div className="field-row">
      <label htmlFor={`${page}-clinic`}>Clinic</label>
      <select
        id={`${page}-clinic`}
        value={chosen.id}
        onChange={(e) => go(`${page}/${e.target.value}`)}
      >
        {subscriptions.map((s) => (
          <option key={s.id} value={s.id}>
            {locationName(s.locationId)}
          </option>
        ))}
      </select>
    </div>
  );
}
