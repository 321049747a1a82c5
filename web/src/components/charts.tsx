/** Small SVG charts: no library, readable at 375 px, each with its figures in a table. */

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 70, right: 28, top: 12, bottom: 28 };
const COLOURS = ['#2457a6', '#b5532a', '#2e7d4f', '#7b3fa0', '#9a7b00'];

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
  readonly colour: number;
}

function step(max: number): number {
  return Math.max(1, Math.ceil(Math.max(1, max) / 4));
}

/** The top of the axis: the first tick at or above the largest value. */
function axisTop(max: number): number {
  return step(max) * Math.ceil(Math.max(1, max) / step(max));
}

function scale(top: number): (value: number) => number {
  return (value) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - value / top);
}

function ticks(max: number): number[] {
  return Array.from({ length: axisTop(max) / step(max) + 1 }, (_, i) => i * step(max));
}

/** "2026-07-01" -> "Jul 26" */
function monthLabel(month: string): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return `${date.toLocaleString('en', { month: 'short', timeZone: 'UTC' })} ${month.slice(2, 4)}`;
}

export function LineChart({
  labels,
  series,
  title,
}: {
  labels: readonly string[];
  series: readonly Series[];
  title: string;
}) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const y = scale(axisTop(max));
  // Each month is a band; a quantity holds across its band and changes at the next (12: steps,
  // not diagonals; a single month, a new organisation's, is a line across its band).
  const band = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
  const x = (i: number) => PAD.left + band * i;
  // A dashed series sits 2 px lower: equal to its solid partner, both stay visible.
  const stepPoints = (s: Series) =>
    s.values
      .flatMap((v, i) => {
        const level = y(v) + (s.dashed ? 2 : 0);
        return [`${x(i)},${level}`, `${x(i + 1)},${level}`];
      })
      .join(' ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {ticks(max).map((tick) => (
          <g key={tick}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              className="grid-line"
            />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        {labels.map((label, i) => (
          <text key={label} x={x(i) + band / 2} y={HEIGHT - 8} textAnchor="middle" className="axis">
            {monthLabel(label)}
          </text>
        ))}
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={COLOURS[s.colour % COLOURS.length]}
            strokeWidth={2.5}
            strokeDasharray={s.dashed ? '6 4' : undefined}
            points={stepPoints(s)}
          />
        ))}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.label}>
            <span
              className={s.dashed ? 'swatch dashed' : 'swatch'}
              style={{ borderColor: COLOURS[s.colour % COLOURS.length] }}
            />{' '}
            {s.label}
          </li>
        ))}
      </ul>
      <DataTable labels={labels} series={series} format={String} />
    </figure>
  );
}

export function BarChart({
  labels,
  values,
  title,
  format,
}: {
  labels: readonly string[];
  values: readonly number[];
  title: string;
  format: (value: number) => string;
}) {
  const max = Math.max(1, ...values);
  const y = scale(max);
  const band = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="grid-line" />
        <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" className="axis">
          {format(max)}
        </text>
        {values.map((value, i) => (
          <rect
            key={i}
            x={PAD.left + i * band + band * 0.15}
            width={band * 0.7}
            y={y(Math.max(0, value))}
            height={y(0) - y(Math.max(0, value))}
            fill={COLOURS[0]}
          />
        ))}
        {labels.map((label, i) => (
          <text
            key={label}
            x={PAD.left + i * band + band / 2}
            y={HEIGHT - 8}
            textAnchor="middle"
            className="axis"
          >
            {monthLabel(label)}
          </text>
        ))}
      </svg>
      <DataTable labels={labels} series={[{ label: 'Spend', values, colour: 0 }]} format={format} />
    </figure>
  );
}

function DataTable({
  labels,
  series,
  format,
}: {
  labels: readonly string[];
  series: readonly Series[];
  format: (value: number) => string;
}) {
  return (
    <details>
      <summary>Figures</summary>
      <div
        className="table-wrap"
        tabIndex={0}
        role="region"
        aria-label="Chart figures, scrolls sideways"
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              {series.map((s) => (
                <th key={s.label} scope="col" className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{monthLabel(label)}</th>
                {series.map((s) => (
                  <td key={s.label} className="num">
                    {format(s.values[i] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
