import { Temporal } from 'temporal-polyfill';
import { civilDateOf, dayNumberOf, plainDateOf } from './civil-date.js';
import type { Moment } from './moment.js';

export type IntervalUnit = 'month' | 'year';

const CACHE_LIMIT = 50_000;

/**
 * Every conversion between instants and calendar days in one IANA time zone, done by
 * Temporal and remembered: a zone's rules do not change while the process runs, and the
 * billing engine asks for the same few hundred dates over and over.
 */
export class ZoneCalendar {
  private readonly midnights = new Map<number, number>();
  private readonly days = new Map<number, number>();
  private readonly sums = {
    month: new Map<number, Map<number, Moment>>(),
    year: new Map<number, Map<number, Moment>>(),
  };

  private constructor(readonly timeZone: string) {}

  private static readonly calendars = new Map<string, ZoneCalendar>();

  /** The calendar of a zone, or undefined when the zone is not a valid IANA name. */
  static of(timeZone: string): ZoneCalendar | undefined {
    const known = ZoneCalendar.calendars.get(timeZone);
    if (known) return known;
    try {
      Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
    } catch {
      return undefined;
    }
    const calendar = new ZoneCalendar(timeZone);
    ZoneCalendar.calendars.set(timeZone, calendar);
    return calendar;
  }

  /** The first instant of a calendar day in this zone. */
  startOfDay(day: number): Moment {
    let ms = this.midnights.get(day);
    if (ms === undefined) {
      ms = plainDateOf(day).toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds;
      remember(this.midnights, day, ms);
    }
    return { ms, day };
  }

  /** The instant with the calendar day it falls on in this zone. */
  at(ms: number): Moment {
    let day = this.days.get(ms);
    if (day === undefined) {
      const date = Temporal.Instant.fromEpochMilliseconds(ms)
        .toZonedDateTimeISO(this.timeZone)
        .toPlainDate();
      day = dayNumberOf(date);
      remember(this.days, ms, day);
    }
    return { ms, day };
  }

  /** The first instant of the calendar month an instant falls in. */
  startOfMonthAt(ms: number): Moment {
    const { year, month } = civilDateOf(this.at(ms).day);
    return this.startOfDay(dayNumberOf({ year, month, day: 1 }));
  }

  /** The start of the calendar day an instant falls on. */
  startOfDayAt(ms: number): Moment {
    return this.startOfDay(this.at(ms).day);
  }

  /**
   * anchor + amount units, on the wall clock of this zone, the day of month clamped to the
   * month's last day (31 Jan + 1 month = 28 Feb). Always computed from the anchor itself.
   */
  addIntervals(anchor: Moment, unit: IntervalUnit, amount: number): Moment {
    const byAnchor = this.sums[unit];
    let sums = byAnchor.get(anchor.ms);
    if (sums === undefined) {
      sums = new Map();
      remember(byAnchor, anchor.ms, sums);
    }
    let sum = sums.get(amount);
    if (sum === undefined) {
      sum = this.computeSum(anchor, unit, amount);
      sums.set(amount, sum);
    }
    return sum;
  }

  private computeSum(anchor: Moment, unit: IntervalUnit, amount: number): Moment {
    const duration = unit === 'month' ? { months: amount } : { years: amount };
    const midnight = this.startOfDay(anchor.day);
    if (midnight.ms === anchor.ms) {
      return this.startOfDay(dayNumberOf(plainDateOf(anchor.day).add(duration)));
    }
    const zoned = Temporal.Instant.fromEpochMilliseconds(anchor.ms).toZonedDateTimeISO(
      this.timeZone,
    );
    return this.at(zoned.add(duration).epochMilliseconds);
  }

  /** The same wall-clock time `days` calendar days earlier. */
  subtractDays(moment: Moment, days: number): Moment {
    const midnight = this.startOfDay(moment.day);
    if (midnight.ms === moment.ms) return this.startOfDay(moment.day - days);
    const zoned = Temporal.Instant.fromEpochMilliseconds(moment.ms).toZonedDateTimeISO(
      this.timeZone,
    );
    return this.at(zoned.subtract({ days }).epochMilliseconds);
  }
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
