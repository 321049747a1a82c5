/**
 * A point on the billing timeline: the UTC instant in milliseconds and the calendar day it
 * falls on in the account's time zone, as a day number (days since 1970-01-01). Carrying both
 * lets the engine count days without converting again.
 */
export interface Moment {
  readonly ms: number;
  readonly day: number;
}

export function earlier(a: Moment, b: Moment): Moment {
  return a.ms <= b.ms ? a : b;
}

export function later(a: Moment, b: Moment): Moment {
  return a.ms >= b.ms ? a : b;
}
