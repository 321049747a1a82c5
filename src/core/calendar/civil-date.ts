import { Temporal } from 'temporal-polyfill';

const MS_PER_DAY = 86_400_000;

/** A calendar date as a day number. Pure Gregorian calendar arithmetic: no time zone involved. */
export function dayNumberOf(date: Temporal.PlainDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
}

export function plainDateOf(day: number): Temporal.PlainDate {
  const d = new Date(day * MS_PER_DAY);
  return new Temporal.PlainDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-05-01" */
export function isoDateOf(day: number): string {
  return plainDateOf(day).toString();
}

/** "1 May - 31 May 2026", "15 Dec 2026 - 14 Jan 2027", or "31 Aug 2026" for one day. */
export function describeDayRange(firstDay: number, lastDay: number): string {
  const first = plainDateOf(firstDay);
  const last = plainDateOf(lastDay);
  const long = (d: Temporal.PlainDate): string => `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
  if (firstDay === lastDay) return long(last);
  if (first.year === last.year) return `${first.day} ${MONTHS[first.month - 1]} - ${long(last)}`;
  return `${long(first)} - ${long(last)}`;
}
