import { describe, expect, it } from 'vitest';
import { monthlyPlan, scenarioWith } from '../../../test/support/run-scenario.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { dueReminders, nextReminderAt, remindersOf } from './reminders.js';
import { simulate } from './simulate.js';

function stateOf(input: Record<string, unknown>) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`${parsed.issue.path}: ${parsed.issue.message}`);
  return simulate(parsed.scenario);
}

const at = (text: string) => Date.parse(text);

describe('reminders', () => {
  it('a term not renewed: when its window opens, and a week before it ends (004)', () => {
    const plan = monthlyPlan({
      interval: 'year',
      blockSize: 5,
      decrease: { effective: 'renewal', credit: 'none' },
      term: { intervals: 1, renewalWindowDays: 30 },
    });
    const state = stateOf(scenarioWith(plan, [], { seats: { seat: 5 }, until: '2026-06-01' }));
    expect(remindersOf(state).map((r) => [r.kind, new Date(r.at).toISOString()])).toEqual([
      ['renewal_window_open', '2026-12-02T00:00:00.000Z'],
      ['renewal_last_week', '2026-12-25T00:00:00.000Z'],
    ]);
    expect(nextReminderAt(state, at('2026-06-01T00:00:00Z'))).toBe(at('2026-12-02T00:00:00Z'));
    expect(dueReminders(state, at('2026-12-10T00:00:00Z')).map((r) => r.kind)).toEqual([
      'renewal_window_open',
    ]);
    // After the term's end, nothing is due any more.
    expect(dueReminders(state, at('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('removals at the period end: three days before the removal deadline (002)', () => {
    const plan = monthlyPlan({ decrease: { effective: 'period_end', cutoffHours: 24 } });
    const state = stateOf(scenarioWith(plan, [], { until: '2026-01-10' }));
    expect(remindersOf(state)).toEqual([
      {
        kind: 'unused_licences',
        at: at('2026-01-28T00:00:00Z'),
        until: at('2026-01-31T00:00:00Z'),
      },
    ]);
    expect(nextReminderAt(state, at('2026-01-28T00:00:00Z'))).toBeNull();
  });
});
