import type { Pool } from '../api/types';
import { useSession } from '../session';

/**
 * One licence type's quantity: fewer and more by the block size, typed in, with its price,
 * what is assigned, what is held now and, when removals are scheduled, what it comes to.
 */
export function LicenceStepper(props: {
  pool: Pool;
  step: number;
  value: number;
  after: number;
  onChange: (next: number) => void;
}) {
  const { money } = useSession();
  const { pool, step, value } = props;
  const id = `qty-${pool.licenceType}`;
  const set = (next: number) => props.onChange(Math.max(0, Number.isFinite(next) ? next : 0));
  return (
    <div className="stepper">
      <label htmlFor={id}>
        {pool.licenceType}
        <span className="muted small">
          {' '}
          · {money(pool.unitAmount)} each · {pool.assigned} assigned
        </span>
      </label>
      <div className="stepper-controls">
        <button
          type="button"
          aria-label={`Fewer ${pool.licenceType} licences`}
          onClick={() => set(value - step)}
          disabled={value - step < 0}
        >
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          step={step}
          value={value}
          onChange={(e) => set(Number.parseInt(e.target.value || '0', 10))}
        />
        <button
          type="button"
          aria-label={`More ${pool.licenceType} licences`}
          onClick={() => set(value + step)}
        >
          +
        </button>
      </div>
      <span className="muted small">
        now {pool.purchased}
        {props.after !== pool.purchased
          ? `, ${props.after} once scheduled removals take effect`
          : ''}
      </span>
    </div>
  );
}
