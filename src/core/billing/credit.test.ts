import { describe, expect, it } from 'vitest';
import { monthlyPlan, scenarioWith } from '../../../test/support/run-scenario.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { simulate } from './simulate.js';

const credit = (at: string, amount: unknown) => ({ at, op: 'credit', amount });

function run(events: unknown[]) {
  const parsed = parseScenario(scenarioWith(monthlyPlan(), events as never[]), {
    serviceFacts: true,
  });
  if (!parsed.ok) throw new Error(`${parsed.issue.path}: ${parsed.issue.message}`);
  return simulate(parsed.scenario);
}

describe('credit to the balance (the service fact behind a refund to the balance)', () => {
  it('pays the next invoices as far as it goes, and what is left stays on the balance', () => {
    const result = run([credit('2026-01-10T09:00:00Z', 40_000)]);
    const [first, second, third] = result.invoices;
    expect(first).toMatchObject({ subtotal: 31_000n, creditApplied: 0n, total: 31_000n });
    expect(second).toMatchObject({ subtotal: 31_000n, creditApplied: 31_000n, total: 0n });
    expect(third).toMatchObject({ subtotal: 31_000n, creditApplied: 9_000n, total: 22_000n });
    expect(result.creditBalance).toBe(0n);
  });

  it('is not part of the scenario contract: the simulator refuses it in a file', () => {
    const parsed = parseScenario(scenarioWith(monthlyPlan(), [credit('2026-01-10', 1)] as never[]));
    expect(parsed.ok).toBe(false);
  });

  it('names the field of a bad amount', () => {
    for (const amount of [0, -5, 1.5, '100', 2 ** 53]) {
      const parsed = parseScenario(
        scenarioWith(monthlyPlan(), [credit('2026-01-10', amount)] as never[]),
        { serviceFacts: true },
      );
      expect(parsed.ok ? null : parsed.issue.path).toBe('events[0].amount');
    }
  });
});
