import { describe, expect, it } from 'vitest';
import { monthlyPlan, scenarioWith } from '../../../test/support/run-scenario.js';
import { formatInstant } from '../calendar/index.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { simulate } from './simulate.js';

const remove = (at: string, seat: number) => ({ at, op: 'remove', seats: { seat } });
const withdraw = (at: string, seat: number) => ({ at, op: 'withdraw', seats: { seat } });
const periodEnd = (overrides: Record<string, unknown> = {}) =>
  monthlyPlan({
    decrease: { effective: 'period_end', credit: 'none', cutoffHours: 24 },
    ...overrides,
  });

function run(input: Record<string, unknown>) {
  const parsed = parseScenario(input, { serviceFacts: true });
  if (!parsed.ok) throw new Error(`${parsed.issue.path}: ${parsed.issue.message}`);
  return simulate(parsed.scenario);
}

const totals = (result: ReturnType<typeof simulate>) => result.invoices.map((i) => i.subtotal);

describe('withdrawing a scheduled removal (the service fact)', () => {
  it('keeps every licence: the next invoices are as if the removal had never been asked for', () => {
    const result = run(
      scenarioWith(periodEnd(), [remove('2026-01-22', 3), withdraw('2026-01-25T10:00:00Z', 3)]),
    );
    expect(result.events.map((e) => e.outcome)).toEqual(['scheduled', 'applied']);
    expect(totals(result)).toEqual([31_000n, 31_000n, 31_000n]);
    expect(Object.fromEntries(result.seats)).toEqual({ seat: 10 });
    expect(result.scheduled).toEqual([]);
    // Nothing invoiced or credited for either fact.
    expect(result.invoices.flatMap((i) => i.lines).every((l) => l.event === null)).toBe(true);
  });

  it('takes back part of it; the rest still takes effect', () => {
    const result = run(
      scenarioWith(periodEnd(), [remove('2026-01-22', 3), withdraw('2026-01-25', 1)]),
    );
    expect(totals(result)).toEqual([31_000n, 8n * 3100n, 8n * 3100n]);
    expect(Object.fromEntries(result.seats)).toEqual({ seat: 8 });
  });

  it('takes back the latest removal first', () => {
    // The second removal is asked for inside the 24-hour cutoff: it waits a period longer.
    const result = run(
      scenarioWith(
        periodEnd(),
        [remove('2026-01-20', 2), remove('2026-01-31T12:00:00Z', 3), withdraw('2026-02-02', 3)],
        { until: '2026-04-01' },
      ),
    );
    expect(
      result.events.map((e) => (e.outcome === 'rejected' ? null : formatInstant(e.effective.ms))),
    ).toEqual(['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-02-02T00:00:00Z']);
    expect(totals(result)).toEqual([31_000n, 24_800n, 24_800n, 24_800n]);
  });

  it('refuses more than is waiting, a removal already in effect, and nothing at all', () => {
    const result = run(
      scenarioWith(periodEnd(), [
        withdraw('2026-01-10', 1),
        remove('2026-01-22', 3),
        withdraw('2026-01-23', 4),
        withdraw('2026-02-03', 3),
      ]),
    );
    expect(result.events.map((e) => (e.outcome === 'rejected' ? e.code : e.outcome))).toEqual([
      'nothing_scheduled',
      'scheduled',
      'nothing_scheduled',
      'nothing_scheduled',
    ]);
    expect(result.events[2]).toMatchObject({
      message: 'Only 3 seat licences are waiting to be removed, not 4',
    });
    expect(Object.fromEntries(result.seats)).toEqual({ seat: 7 });
  });

  it('keeps to the block size', () => {
    const result = run(
      scenarioWith(periodEnd({ blockSize: 5 }), [
        remove('2026-01-22', 5),
        withdraw('2026-01-23', 3),
      ]),
    );
    expect(result.events[1]).toMatchObject({ outcome: 'rejected', code: 'block_size' });
  });

  it('gives a renewed term back the licences the removal had taken from it', () => {
    // A three-month term renewed in its window, then a removal at its last period's end.
    const term = (events: Record<string, unknown>[]) =>
      run(
        scenarioWith(periodEnd({ term: { intervals: 3, renewalWindowDays: 30 } }), events, {
          until: '2026-06-01',
        }),
      );
    const renew = { at: '2026-03-05', op: 'renew' };
    const renewedThenRemoved = term([renew, remove('2026-03-10', 2)]);
    const withdrawn = term([renew, remove('2026-03-10', 2), withdraw('2026-03-12', 2)]);
    const renewedOnly = term([renew]);
    expect(renewedThenRemoved.events[1]).toMatchObject({ outcome: 'scheduled' });
    expect(Object.fromEntries(renewedThenRemoved.seats)).toEqual({ seat: 8 });
    expect(Object.fromEntries(withdrawn.seats)).toEqual({ seat: 10 });
    expect(totals(withdrawn)).toEqual(totals(renewedOnly));
    expect(totals(renewedThenRemoved)).not.toEqual(totals(renewedOnly));
  });

  it('is not part of the scenario contract: the simulator refuses it in a file', () => {
    const parsed = parseScenario(scenarioWith(periodEnd(), [withdraw('2026-01-10', 1)]));
    expect(parsed.ok).toBe(false);
  });
});
