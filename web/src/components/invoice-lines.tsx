import type { Line } from '../api/types';
import { useSession } from '../session';

/** An invoice's lines: what, for which period, how much. */
export function Lines({ lines, caption }: { lines: readonly Line[]; caption: string }) {
  const { money, span } = useSession();
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-label="Invoice lines, scrolls sideways"
    >
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={i}>
              <td>
                {line.description}
                <span className="tag">{line.kind}</span>
              </td>
              <td>{span(line.from, line.to)}</td>
              <td className="num">{money(line.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
