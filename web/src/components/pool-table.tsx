import type { Pool } from '../api/types';
import { useSession } from '../session';

type Column = 'purchased' | 'assigned' | 'available' | 'price' | 'cost';

const HEADINGS: Record<Column, string> = {
  purchased: 'Purchased',
  assigned: 'Assigned',
  available: 'Available',
  price: 'Price',
  cost: 'Cost a period',
};

/**
 * One subscription's licence pools as a table (the one pool table of the console): each type
 * with the columns asked for, add-ons tagged, add-ons beyond their base flagged (000).
 */
export function PoolTable(props: {
  pools: readonly Pool[];
  columns: readonly Column[];
  caption: string;
  label: string;
  captionVisible?: boolean;
}) {
  const { money } = useSession();
  const cell = (pool: Pool, column: Column) => {
    switch (column) {
      case 'purchased':
        return pool.unlimited ? 'unlimited' : pool.purchased;
      case 'assigned':
        return pool.assigned;
      case 'available':
        return pool.available ?? '∞';
      case 'price':
        return pool.unlimited ? 'free' : money(pool.unitAmount);
      case 'cost':
        return money(pool.costPerPeriod);
    }
  };
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
      <table>
        <caption className={props.captionVisible ? undefined : 'visually-hidden'}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Licence</th>
            {props.columns.map((column) => (
              <th scope="col" className="num" key={column}>
                {HEADINGS[column]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.pools.map((pool) => (
            <tr key={pool.licenceType}>
              <th scope="row">
                {pool.licenceType}
                {pool.addonTo.length > 0 ? <span className="tag">add-on</span> : null}
                {pool.addonExceedsBase ? (
                  <span
                    className="tag warning"
                    title="More add-on licences than base licences: the extra add-ons cannot be used"
                  >
                    exceeds base
                  </span>
                ) : null}
              </th>
              {props.columns.map((column) => (
                <td className="num" key={column}>
                  {cell(pool, column)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
