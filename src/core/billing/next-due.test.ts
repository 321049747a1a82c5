import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../index.js';
import { nextDueAt } from './next-due.js';

const run = (input: Record<string, unknown>) => {
  const parsed = parseScenario({
    plan: 'clinic-requests',
    start: '2026-05-01',
    seats: { therapist: 3 },
    ...input,
  });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return simulate(parsed.scenario);
};
const at = (iso: string) => Date.parse(iso);

describe('the next instant a billing run must visit', () => {
  it('is the next period start', () => {
    expect(nextDueAt(run({ until: '2026-05-15' }), at('2026-05-15T00:00:00Z'))).toBe(
      at('2026-06-01T00:00:00Z'),
    );
  });

  it('is the end of a cancelled subscription when that comes first', () => {
    const state = run({
      until: '2026-05-10',
      events: [{ at: '2026-05-10', op: 'cancel', effective: '2026-05-20' }],
    });
    expect(nextDueAt(state, at('2026-05-10T00:00:00Z'))).toBe(at('2026-05-20T00:00:00Z'));
  });

  it('is null once the subscription has ended', () => {
    const state = run({
      until: '2026-06-10',
      events: [{ at: '2026-05-10', op: 'cancel', effective: '2026-05-20' }],
    });
    expect(nextDueAt(state, at('2026-06-10T00:00:00Z'))).toBeNull();
  });
});
