import { useSession } from '../../session';

/** The clinic of a filter or a form; hidden when the organisation has one clinic. */
export function LocationSelect({
  id,
  value,
  onChange,
  anyLabel,
}: {
  id: string;
  value: string;
  onChange: (locationId: string) => void;
  anyLabel?: string;
}) {
  const { organization } = useSession();
  if (organization.locations.length < 2) return null;
  return (
    <div>
      <label htmlFor={id}>Clinic</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {organization.locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
