import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import { removalDeadline } from './removal-deadline.js';
import { simulate } from './simulate.js';

function stateOf(plan: string, until: string, seats: Record<string, number>) {
  const parsed = parseScenario({ plan, start: '2026-01-01', seats, until });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return simulate(parsed.scenario);
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

describe('removalDeadline', () => {
  it('is 24 hours before the next cycle on the clinic plan (002)', () => {
    const deadline = removalDeadline(stateOf('clinic-requests', '2026-03-10', { therapist: 2 }));
    expect(iso(deadline?.until)).toBe('2026-03-31T00:00:00.000Z');
    expect(deadline?.from).toBeNull();
  });

  it('is the next period start where removals take effect at once', () => {
    expect(
      iso(removalDeadline(stateOf('prorated-monthly', '2026-03-10', { practitioner: 2 }))?.until),
    ).toBe('2026-04-01T00:00:00.000Z');
  });

  it('is the renewal window on a term contract (004), and nothing once it has ended', () => {
    const deadline = removalDeadline(stateOf('annual-term-blocks', '2026-03-10', { user: 5 }));
    expect([iso(deadline?.from), iso(deadline?.until)]).toEqual([
      '2026-12-02T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(removalDeadline(stateOf('annual-term-blocks', '2027-02-01', { user: 5 }))).toBeNull();
  });
});
