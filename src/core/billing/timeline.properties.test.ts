import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateAfter2024, scenarioArb } from '../../../test/support/arbitrary-scenario.js';
import {
  runScenario,
  runScenarioText,
  type LineJson,
  type ResultJson,
} from '../../../test/support/run-scenario.js';

const DAY_MS = 86_400_000;
const runs = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 300) };

describe('billing timeline properties', () => {
  it('(a) prorated additions and credits: a period costs unitAmount x seat-days / cycle-days, within a minor unit per line', () => {
    const changeArb = fc.record({
      day: fc.integer({ min: 0, max: 6 * 31 }),
      op: fc.constantFrom('add', 'remove', 'set'),
      quantity: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc
          .integer({ min: 0, max: 1500 })
          .filter((d) => new Date(Date.UTC(2024, 0, 1) + d * DAY_MS).getUTCDate() <= 28),
        fc.integer({ min: 0, max: 12 }),
        fc.array(changeArb, { maxLength: 25 }),
        (unit, startDay, initial, rawChanges) => {
          const changes = [...rawChanges].sort((a, b) => a.day - b.day);
          const months = 6;
          const start = new Date(Date.UTC(2024, 0, 1) + startDay * DAY_MS);
          const boundary = (k: number) =>
            Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + k, start.getUTCDate()) / DAY_MS;
          const first = boundary(0);
          const result = runScenario({
            plan: {
              currency: 'USD',
              interval: 'month',
              licenceTypes: { seat: { unitAmount: unit } },
            },
            start: dateAfter2024(startDay),
            seats: { seat: initial },
            events: changes.map((c) => ({
              at: dateAfter2024(startDay + c.day),
              op: c.op,
              seats: { seat: c.quantity },
            })),
            until: dateAfter2024(boundary(months) - boundary(0) + startDay),
          });
          // Seats held on each day, from the changes the engine applied.
          const held: number[] = [];
          let seats = initial;
          let next = 0;
          for (let day = 0; day < boundary(months) - first; day++) {
            for (; next < changes.length && (changes[next]?.day ?? Infinity) <= day; next++) {
              const change = changes[next];
              if (!change || result.events[next]?.outcome !== 'applied') continue;
              seats =
                change.op === 'add'
                  ? seats + change.quantity
                  : change.op === 'remove'
                    ? seats - change.quantity
                    : change.quantity;
            }
            held.push(seats);
          }
          const allLines = result.invoices.flatMap((i) => i.lines);
          for (let k = 0; k < months; k++) {
            const [from, to] = [boundary(k) - first, boundary(k + 1) - first];
            const cycleDays = to - from;
            const seatDays = held.slice(from, to).reduce((a, b) => a + b, 0);
            const inPeriod = allLines.filter((line: LineJson) => {
              const day = Date.parse(line.from) / DAY_MS - first;
              return day >= from && day < to;
            });
            const billed = inPeriod.reduce((sum, line) => sum + BigInt(line.amount), 0n);
            const error = billed * BigInt(cycleDays) - BigInt(unit) * BigInt(seatDays);
            const tolerance = BigInt(inPeriod.length) * BigInt(cycleDays);
            expect(error <= tolerance && -error <= tolerance).toBe(true);
          }
        },
      ),
      runs,
    );
  });

  it('(b) the same input gives the same bytes', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const first = runScenarioText(scenario);
        expect(runScenarioText(JSON.parse(JSON.stringify(scenario)))).toBe(first);
      }),
      runs,
    );
  });

  it('(c) no invoice total is negative and no credit is lost', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = runScenario(scenario);
        let subtotals = 0n;
        let totals = 0n;
        for (const invoice of result.invoices) {
          expect(invoice.lines.length).toBeGreaterThan(0);
          expect(invoice.lines.reduce((sum, line) => sum + BigInt(line.amount), 0n)).toBe(
            BigInt(invoice.subtotal),
          );
          expect(invoice.total).toBeGreaterThanOrEqual(0);
          expect(invoice.creditApplied).toBeGreaterThanOrEqual(0);
          expect(invoice.total + invoice.creditApplied).toBe(Math.max(0, invoice.subtotal));
          subtotals += BigInt(invoice.subtotal);
          totals += BigInt(invoice.total);
        }
        expect(result.creditBalance).toBeGreaterThanOrEqual(0);
        expect(totals - BigInt(result.creditBalance)).toBe(subtotals);
      }),
      runs,
    );
  });

  it('(d) no rejected rule is ever applied: rejected events change nothing, and the rules hold', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = runScenario(scenario);
        const kept = result.events.filter((e) => e.outcome !== 'rejected').map((e) => e.index);
        const without = runScenario({ ...scenario, events: kept.map((i) => scenario.events[i]) });
        expect(comparable(without, kept)).toEqual(comparable(result, null));

        const plan = scenario.plan;
        for (const [type, quantity] of Object.entries(result.seats)) {
          expect(quantity).toBeGreaterThanOrEqual(0);
          if (type !== 'free') expect(quantity % plan.blockSize).toBe(0);
        }
        for (const outcome of result.events) {
          const event = scenario.events[outcome.index];
          if (
            outcome.outcome !== 'scheduled' ||
            !event ||
            !('seats' in event) ||
            !outcome.effective
          )
            continue;
          const lead = Date.parse(outcome.effective) - Date.parse(event.at);
          const cutoff = 'cutoffHours' in plan.decrease ? plan.decrease.cutoffHours : 0;
          expect(lead).toBeGreaterThanOrEqual(cutoff * 3_600_000);
          if (plan.decrease.effective === 'renewal' && plan.term) {
            expect(lead).toBeLessThanOrEqual(plan.term.renewalWindowDays * DAY_MS + 3_600_000);
          }
        }
      }),
      runs,
    );
  });
});

/** A result with line event numbers mapped back to the original scenario's indices. */
function comparable(result: ResultJson, indices: number[] | null): unknown {
  return {
    status: result.status,
    seats: result.seats,
    creditBalance: result.creditBalance,
    invoices: result.invoices.map((invoice) => ({
      ...invoice,
      lines: invoice.lines.map((line) => ({
        ...line,
        event: line.event === undefined || !indices ? line.event : indices[line.event],
      })),
    })),
  };
}
