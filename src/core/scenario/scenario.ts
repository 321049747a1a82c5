import type { Moment, ZoneCalendar } from '../calendar/index.js';
import type { Plan } from '../plans/index.js';

export type Quantities = ReadonlyMap<string, number>;

export type ScenarioEvent =
  | { readonly op: 'add' | 'remove' | 'set'; readonly at: Moment; readonly seats: Quantities }
  | { readonly op: 'invoice_now'; readonly at: Moment }
  | {
      readonly op: 'renew';
      readonly at: Moment;
      readonly plan: Plan | null;
      readonly seats: Quantities | null;
    }
  | { readonly op: 'cancel'; readonly at: Moment; readonly effective: Moment }
  /**
   * The service's own fact, beyond the simulator's contract: credit added to the account's
   * balance (a refund of a paid invoice to the balance), in minor units, applied to the next
   * invoices as any other credit.
   */
  | { readonly op: 'credit'; readonly at: Moment; readonly amount: bigint }
  /**
   * The service's own fact: licences whose removal is scheduled and not yet in effect are
   * kept after all (a scheduled removal cancelled).
   */
  | { readonly op: 'withdraw'; readonly at: Moment; readonly seats: Quantities };

/** A validated scenario: every time already placed on the account's calendar. */
export interface Scenario {
  readonly plan: Plan;
  readonly calendar: ZoneCalendar;
  readonly start: Moment;
  readonly billingAnchor: Moment;
  readonly seats: Quantities;
  readonly events: readonly ScenarioEvent[];
  readonly until: Moment;
}
