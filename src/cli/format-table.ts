import type { Scenario, SimulationResult } from '../core/index.js';
import { currencyExponent, minorToDecimal } from '../core/money/index.js';
import { formatInstant, isoDateOf } from '../core/calendar/index.js';

/** A simulation result for people: the same figures as the JSON, laid out as tables. */
export function formatTable(result: SimulationResult, scenario: Scenario): string {
  const currency = scenario.plan.currency;
  const exponent = currencyExponent(currency);
  const money = (amount: bigint): string => minorToDecimal(amount, exponent);
  const out: string[] = [];
  const seats = [...result.seats].map(([key, quantity]) => `${key} ${quantity}`).join(', ');
  out.push(
    `Status: ${result.status}${result.endedAt ? ` (ended ${formatInstant(result.endedAt.ms)})` : ''}`,
  );
  out.push(`Seats: ${seats || 'none'}`);
  out.push(`Credit balance: ${currency} ${money(result.creditBalance)}`, '');

  for (const invoice of result.invoices) {
    out.push(
      `Invoice ${invoice.number}, issued ${isoDateOf(invoice.issuedAt.day)} (${formatInstant(invoice.issuedAt.ms)}), ${invoice.currency}`,
    );
    const rows = invoice.lines.map((line) => [
      line.kind,
      line.licenceType,
      String(line.quantity),
      money(line.amount),
      line.description + (line.event === null ? '' : ` [event ${line.event}]`),
    ]);
    out.push(...table(['kind', 'type', 'qty', 'amount', 'description'], rows, [2, 3]));
    out.push(
      `  subtotal ${money(invoice.subtotal)}   credit applied ${money(invoice.creditApplied)}   total ${money(invoice.total)}`,
      '',
    );
  }
  if (result.invoices.length === 0) out.push('No invoices.', '');

  out.push('Events');
  const rows = result.events.map((event) => [
    String(event.index),
    scenario.events[event.index]?.op ?? '',
    event.outcome,
    event.outcome === 'rejected'
      ? `${event.code}: ${event.message}`
      : `effective ${formatInstant(event.effective.ms)}${event.warnings.length ? `; warnings: ${event.warnings.join(', ')}` : ''}`,
  ]);
  out.push(...(rows.length ? table(['#', 'op', 'outcome', 'detail'], rows, [0]) : ['  none']));
  return `${out.join('\n')}\n`;
}

/** Rows padded into columns; the columns listed in rightAligned are aligned right. */
function table(header: string[], rows: string[][], rightAligned: number[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const render = (row: string[]): string =>
    `  ${row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return rightAligned.includes(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd()}`;
  return [render(header), ...rows.map(render)];
}
