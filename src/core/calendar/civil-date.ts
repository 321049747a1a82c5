import { Temporal } from 'temporal-polyfill';

const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Day numbers (days since 1970-01-01) and calendar dates convert through the proleptic
 * Gregorian calendar of Date's UTC fields: calendar arithmetic only, no time zone.
 */
export function dayNumberOf(date: CivilDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
}

const civilDates = new Map<number, CivilDate>();

export function civilDateOf(day: number): CivilDate {
  let civil = civilDates.get(day);
  if (civil === undefined) {
    const d = new Date(day * MS_PER_DAY);
    civil = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    if (civilDates.size >= 50_000) civilDates.clear();
    civilDates.set(day, civil);
  }
  return civil;
}

/** The day number of a valid "YYYY-MM-DD", or undefined for a date that does not exist. */
export function dayNumberOfIsoDate(text: string): number | undefined {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const number = dayNumberOf({ year, month, day });
  const civil = civilDateOf(number);
  return civil.year === year && civil.month === month && civil.day === day ? number : undefined;
}

export function plainDateOf(day: number): Temporal.PlainDate {
  const { year, month, day: dayOfMonth } = civilDateOf(day);
  return new Temporal.PlainDate(year, month, dayOfMonth);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-05-01" */
export function isoDateOf(day: number): string {
  const { year, month, day: dayOfMonth } = civilDateOf(day);
  return `${year}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/** "1 May - 31 May 2026", "15 Dec 2026 - 14 Jan 2027", or "31 Aug 2026" for one day. */
export function describeDayRange(firstDay: number, lastDay: number): string {
  const first = civilDateOf(firstDay);
  const last = civilDateOf(lastDay);
  const long = (d: CivilDate): string => `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
  if (firstDay === lastDay) return long(last);
  if (first.year === last.year) return `${first.day} ${MONTHS[first.month - 1]} - ${long(last)}`;
  return `${long(first)} - ${long(last)}`;
}
