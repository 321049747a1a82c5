import { Temporal } from 'temporal-polyfill';
import { dayNumberOfIsoDate } from './civil-date.js';
import type { Moment } from './moment.js';
import type { ZoneCalendar } from './zone-calendar.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,3})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A date (00:00 of that day in the calendar's zone) or an RFC 3339 instant with an offset,
 * to millisecond precision. Undefined when the text is neither.
 */
export function parseTimePoint(text: string, calendar: ZoneCalendar): Moment | undefined {
  try {
    if (DATE.test(text)) {
      const day = dayNumberOfIsoDate(text);
      return day === undefined ? undefined : calendar.startOfDay(day);
    }
    if (INSTANT.test(text)) {
      return calendar.at(Temporal.Instant.from(text.toUpperCase()).epochMilliseconds);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const formatted = new Map<number, string>();

/** "2026-05-01T00:00:00Z", with milliseconds only when there are some. */
export function formatInstant(ms: number): string {
  let text = formatted.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (text.endsWith('.000Z')) text = `${text.slice(0, -5)}Z`;
    if (formatted.size >= 50_000) formatted.clear();
    formatted.set(ms, text);
  }
  return text;
}
