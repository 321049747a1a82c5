import { describe, expect, it } from 'vitest';
import { scenarioFault } from '../../../test/support/run-scenario.js';
import { parseScenario } from './parse-scenario.js';

const base = {
  plan: 'per-provider',
  start: '2026-05-01',
  seats: { provider: 4 },
  events: [{ at: '2026-05-15', op: 'add', seats: { provider: 1 } }],
  until: '2026-06-01',
};

describe('parseScenario', () => {
  it('accepts a scenario and the examples/ wrapper around one', () => {
    expect(parseScenario(base).ok).toBe(true);
    expect(parseScenario({ scenario: base, expect: {} }).ok).toBe(true);
  });

  it.each([
    [
      { ...base, events: [{ at: '2026-05-15', op: 'add', seats: { provider: -1 } }] },
      'events[0].seats.provider: must be an integer >= 0',
    ],
    [
      { ...base, events: [{ at: '2026-05-15', op: 'add', seats: { nurse: 1 } }] },
      'events[0].seats.nurse: is not a licence type of the plan (provider, admin)',
    ],
    [{ ...base, seats: { provider: 1_000_001 } }, 'seats.provider: must be an integer <= 1000000'],
    [
      { ...base, seats: { nurse: 1 } },
      'seats.nurse: is not a licence type of the plan (provider, admin)',
    ],
    [{ ...base, timeZone: 'Nowhere/Town' }, 'timeZone: "Nowhere/Town" is not an IANA time zone'],
    [
      { ...base, start: '1 May 2026' },
      'start: must be a date (YYYY-MM-DD) or an RFC 3339 instant with an offset',
    ],
    [{ ...base, until: '2026-04-30' }, 'until: must be >= start'],
    [
      { ...base, billingAnchor: '2026-06-01' },
      'billingAnchor: must be >= start and < start + one billing interval',
    ],
    [
      { ...base, billingAnchor: '2026-04-30' },
      'billingAnchor: must be >= start and < start + one billing interval',
    ],
    [
      { ...base, events: [{ at: '2026-04-15', op: 'add', seats: {} }] },
      'events[0].at: must be no earlier than start',
    ],
    [
      {
        ...base,
        events: [
          { at: '2026-05-15', op: 'invoice_now' },
          { at: '2026-05-14', op: 'invoice_now' },
        ],
      },
      'events[1].at: events must be in non-decreasing "at" order',
    ],
    [
      { ...base, events: [{ at: '2026-05-15', op: 'upgrade' }] },
      'events[0].op: must be one of "add", "remove", "set", "invoice_now", "renew", "cancel"',
    ],
    [{ ...base, events: [{ at: '2026-05-15', op: 'add' }] }, 'events[0].seats: is required'],
    [
      { ...base, events: [{ at: '2026-05-15', op: 'cancel', effective: '2026-05-14' }] },
      'events[0].effective: must be >= at',
    ],
    [
      {
        ...base,
        events: [
          {
            at: '2026-05-15',
            op: 'renew',
            plan: {
              currency: 'EUR',
              interval: 'month',
              licenceTypes: { provider: { unitAmount: 1 } },
            },
          },
        ],
      },
      "events[0].plan.currency: must be USD, the subscription's currency",
    ],
    [{ ...base, plan: undefined }, 'plan: is required'],
    [[], '(root): must be an object'],
    [
      { ...base, extra: 1 },
      'extra: unknown field (expected one of: plan, timeZone, start, billingAnchor, seats, events, until)',
    ],
  ])('refuses %j', (scenario, message) => {
    expect(scenarioFault(scenario)).toBe(message);
  });

  it('accepts licence types that only a renewal plan introduces', () => {
    const renewal = {
      currency: 'USD',
      interval: 'month',
      licenceTypes: { seat: { unitAmount: 1 } },
    };
    const scenario = {
      ...base,
      events: [
        { at: '2026-05-15', op: 'renew', plan: renewal },
        { at: '2026-06-15', op: 'add', seats: { seat: 1 } },
      ],
    };
    expect(parseScenario(scenario).ok).toBe(true);
  });
});
