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
  | { readonly op: 'cancel'; readonly at: Moment; readonly effective: Moment };

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
