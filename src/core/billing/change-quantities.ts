import { reject, type Rejection } from '../errors.js';
import type { Moment } from '../calendar/index.js';
import { findLicenceType, type LicenceType } from '../plans/index.js';
import type { Quantities } from '../scenario/scenario.js';
import type { BilledPeriod } from './billed-period.js';
import { addonWarnings } from './addon-warnings.js';
import type { EventResult, Timeline } from './timeline.js';

interface Change {
  readonly type: LicenceType;
  readonly from: number;
  readonly to: number;
}

/**
 * An add, remove or set: every licence type of the event passes the plan's rules or the
 * whole event is rejected; then increases are charged and decreases credited or scheduled.
 */
export function changeQuantities(
  timeline: Timeline,
  op: 'add' | 'remove' | 'set',
  seats: Quantities,
  at: Moment,
  event: number,
): EventResult {
  const changes: Change[] = [];
  for (const [key, amount] of seats) {
    const type = findLicenceType(timeline.plan, key);
    if (!type) {
      return rejected(
        reject('unknown_licence_type', `The plan in force has no licence type "${key}"`),
      );
    }
    const from = timeline.seats.get(key) ?? 0;
    const to = op === 'add' ? from + amount : op === 'remove' ? from - amount : amount;
    if (to !== from) changes.push({ type, from, to });
  }
  const rejection = checkRules(timeline, changes, at);
  if (rejection) return rejected(rejection);

  const effective = timeline.snap(at);
  let scheduledAt: Moment | null = null;
  for (const change of changes) {
    if (change.to > change.from) increase(timeline, change, at, effective, event);
    else scheduledAt = decrease(timeline, change, at, effective, event) ?? scheduledAt;
  }
  return {
    outcome: scheduledAt ? 'scheduled' : 'applied',
    effective: scheduledAt ?? effective,
    warnings: addonWarnings(timeline),
  };
}

function checkRules(timeline: Timeline, changes: readonly Change[], at: Moment): Rejection | null {
  const plan = timeline.plan;
  const counted = changes.filter((change) => !change.type.unlimited);
  const odd = counted.find((change) => Math.abs(change.to - change.from) % plan.blockSize !== 0);
  if (odd) {
    return reject(
      'block_size',
      `Licences are sold in blocks of ${plan.blockSize}: ${odd.type.key} would change by ${Math.abs(odd.to - odd.from)}`,
    );
  }
  const inWindow = timeline.inRenewalWindow(at);
  const renewed = timeline.term?.renewal !== null && timeline.term?.renewal !== undefined;
  const increases = counted.some((change) => change.to > change.from);
  if (increases && inWindow && !renewed && plan.term?.increaseBlockedInRenewalWindow) {
    return reject(
      'renewal_window',
      'Licences cannot be added in the renewal window until the term is renewed',
    );
  }
  const decreases = counted.some((change) => change.to < change.from);
  if (decreases && plan.decrease.effective === 'renewal' && (!inWindow || renewed)) {
    return reject(
      'decrease_not_allowed',
      renewed
        ? 'The term has been renewed: licences can be removed in the next renewal window'
        : 'Licences can be removed only in the renewal window',
    );
  }
  for (const change of changes) {
    if (change.to >= change.from) continue;
    const released = change.from - change.to;
    const left = timeline.projected(change.type.key) - released;
    if (change.to < 0 || left < 0) {
      return reject(
        'below_zero',
        `Cannot remove ${released} ${change.type.key}: only ${Math.max(0, timeline.projected(change.type.key))} left after scheduled removals`,
      );
    }
  }
  return null;
}

function increase(
  timeline: Timeline,
  change: Change,
  at: Moment,
  effective: Moment,
  event: number,
): void {
  const { type } = change;
  const added = change.to - change.from;
  timeline.seats.set(type.key, change.to);
  if (type.unlimited) return;
  const renewal = timeline.term?.renewal;
  if (renewal && at.ms < renewal.prepaid.start.ms) {
    // Bought after the renewal was paid: charged for the new term only.
    const next = findLicenceType(renewal.plan, type.key);
    if (!next) return;
    const quantity = (renewal.seats.get(type.key) ?? 0) + added;
    renewal.seats.set(type.key, quantity);
    charge(timeline, renewal.prepaid, next, quantity, renewal.prepaid.start, event);
    return;
  }
  const current = timeline.current;
  if (current?.billed) charge(timeline, current, type, change.to, effective, event);
}

/** Charge a billed period for seats above those already paid for it (its high-water mark). */
function charge(
  timeline: Timeline,
  period: BilledPeriod,
  type: LicenceType,
  quantity: number,
  from: Moment,
  event: number,
): void {
  const policy = period.plan.increase.charge;
  const unpaid = quantity - (period.paid.get(type.key) ?? 0);
  if (policy === 'none' || unpaid <= 0) return;
  period.paid.set(type.key, quantity);
  if (type.unitAmount === 0 || period.paidUntil.ms <= from.ms) return;
  const kind = policy === 'full' ? 'charge' : 'proration';
  timeline.addLine(
    timeline.line(period, kind, type, unpaid, from, period.paidUntil, 'change', event),
  );
}

/** Returns the instant a scheduled decrease takes effect, or null when it applies now. */
function decrease(
  timeline: Timeline,
  change: Change,
  at: Moment,
  effective: Moment,
  event: number,
): Moment | null {
  const { type } = change;
  const released = change.from - change.to;
  const policy = timeline.plan.decrease;
  const renewal = timeline.term?.renewal;
  if (type.unlimited || policy.effective === 'immediately') {
    timeline.seats.set(type.key, change.to);
    if (type.unlimited) return null;
    if (renewal && at.ms < renewal.prepaid.start.ms)
      releaseFromRenewal(renewal.seats, type.key, released);
    const current = timeline.current;
    if (current?.billed) credit(timeline, current, type, change.to, effective, event);
    return null;
  }
  const when = policy.effective === 'renewal' ? timeline.term?.end : periodEndFor(timeline, at);
  if (!when) return null;
  const current = timeline.current;
  if (current && !current.billed && when.ms === current.start.ms) {
    // Asked for at the very start of an unbilled period: that period's invoice already sees it.
    timeline.seats.set(type.key, change.to);
    return null;
  }
  timeline.scheduled.push({ effective: when, licenceType: type.key, quantity: released });
  if (renewal && when.ms <= renewal.prepaid.start.ms) {
    releaseFromRenewal(renewal.seats, type.key, released);
  }
  return when;
}

/** The period end a period_end decrease requested at `at` takes effect at, after the cutoff. */
function periodEndFor(timeline: Timeline, at: Moment): Moment {
  const current = timeline.current;
  let boundary = current && !current.billed ? current.start : timeline.nextStart;
  const cutoffMs = timeline.plan.decrease.cutoffHours * 3_600_000;
  if (boundary.ms - at.ms < cutoffMs) boundary = timeline.boundaryAfter(boundary);
  return boundary;
}

/** Credit seats released from a billed period, up to those actually paid for. */
function credit(
  timeline: Timeline,
  period: BilledPeriod,
  type: LicenceType,
  remaining: number,
  from: Moment,
  event: number,
): void {
  const paid = period.paid.get(type.key) ?? 0;
  const creditable = paid - remaining;
  if (creditable <= 0 || timeline.plan.decrease.credit === 'none') return;
  period.paid.set(type.key, remaining);
  if (type.unitAmount === 0 || period.paidUntil.ms <= from.ms) return;
  timeline.addLine(
    timeline.line(period, 'credit', type, creditable, from, period.paidUntil, 'change', event),
  );
}

function releaseFromRenewal(seats: Map<string, number>, key: string, released: number): void {
  if (!seats.has(key)) return;
  seats.set(key, Math.max(0, (seats.get(key) ?? 0) - released));
}

function rejected(rejection: Rejection): EventResult {
  return { outcome: 'rejected', ...rejection };
}
