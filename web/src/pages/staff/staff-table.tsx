import type { StaffMember } from '../../api/types';
import { useSession } from '../../session';

/** The staff list: name and e-mail, clinic, status, the licences each holds. */
export function StaffTable({
  staff,
  selected,
}: {
  staff: readonly StaffMember[];
  selected: string | null;
}) {
  const { locationName } = useSession();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Staff, scrolls sideways">
      <table>
        <caption className="visually-hidden">Staff</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Clinic</th>
            <th scope="col">Status</th>
            <th scope="col">Licences</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((member) => (
            <tr key={member.id} className={member.id === selected ? 'selected' : undefined}>
              <th scope="row">
                <a
                  href={`#/staff/${member.id}`}
                  aria-current={member.id === selected ? 'true' : undefined}
                >
                  {member.name}
                </a>
                <div className="muted small">{member.email}</div>
              </th>
              <td>{locationName(member.locationId)}</td>
              <td>
                <span className={`status ${member.status}`}>{member.status}</span>
                {member.notice ? (
                  <span className="tag warning" title={member.notice}>
                    still billed
                  </span>
                ) : null}
              </td>
              <td>
                {member.licences
                  .map((l) => `${l.licenceType}${l.active ? '' : ' (off)'}`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
