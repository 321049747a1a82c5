import { describe, expect, it } from 'vitest';
import { describeDayRange, isoDateOf } from './civil-date.js';
import { formatInstant, parseTimePoint } from './parse-time.js';
import type { Moment } from './moment.js';
import { ZoneCalendar } from './zone-calendar.js';

function zone(name: string): ZoneCalendar {
  const calendar = ZoneCalendar.of(name);
  if (!calendar) throw new Error(`no zone ${name}`);
  return calendar;
}
const utc = zone('UTC');
function day(text: string, calendar = utc): Moment {
  const moment = parseTimePoint(text, calendar);
  if (!moment) throw new Error(`not a time: ${text}`);
  return moment;
}

describe('ZoneCalendar', () => {
  it('refuses names that are not IANA zones', () => {
    expect(ZoneCalendar.of('Mars/Olympus')).toBeUndefined();
    expect(ZoneCalendar.of('Europe/Paris')).toBeDefined();
  });

  it('clamps the day of month, always counting from the anchor (31 Jan: 28 Feb, 31 Mar, 30 Apr)', () => {
    const anchor = day('2026-01-31');
    const starts = [1, 2, 3, 4, 13].map((k) => isoDateOf(utc.addIntervals(anchor, 'month', k).day));
    expect(starts).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2027-02-28']);
    expect(isoDateOf(utc.addIntervals(day('2024-01-31'), 'month', 1).day)).toBe('2024-02-29');
    expect(isoDateOf(utc.addIntervals(day('2024-02-29'), 'year', 1).day)).toBe('2025-02-28');
    expect(isoDateOf(utc.addIntervals(day('2024-02-29'), 'year', 4).day)).toBe('2028-02-29');
    expect(isoDateOf(utc.addIntervals(day('2026-03-31'), 'month', -1).day)).toBe('2026-02-28');
  });

  it('puts a date at 00:00 in the zone, across daylight saving changes', () => {
    const newYork = zone('America/New_York');
    expect(formatInstant(day('2026-03-08', newYork).ms)).toBe('2026-03-08T05:00:00Z');
    expect(formatInstant(day('2026-03-09', newYork).ms)).toBe('2026-03-09T04:00:00Z');
    const next = newYork.addIntervals(day('2026-02-08', newYork), 'month', 1);
    expect(formatInstant(next.ms)).toBe('2026-03-08T05:00:00Z');
  });

  it('starts a day at its first instant where midnight does not exist', () => {
    // Santiago moved its clocks from 00:00 to 01:00 on 2026-09-06.
    const santiago = zone('America/Santiago');
    expect(formatInstant(day('2026-09-06', santiago).ms)).toBe('2026-09-06T04:00:00Z');
  });

  it('finds the calendar day of an instant in the zone', () => {
    const tokyo = zone('Asia/Tokyo');
    expect(isoDateOf(day('2026-05-31T20:00:00Z', tokyo).day)).toBe('2026-06-01');
    expect(isoDateOf(day('2026-05-31T20:00:00Z').day)).toBe('2026-05-31');
  });

  it('finds the first instant of the month an instant falls in, in the zone', () => {
    const newYork = zone('America/New_York');
    const lateMay = day('2026-06-01T02:00:00Z', newYork);
    expect(formatInstant(newYork.startOfMonthAt(lateMay.ms).ms)).toBe('2026-05-01T04:00:00Z');
    expect(formatInstant(utc.startOfMonthAt(day('2024-02-29T23:59:59Z').ms).ms)).toBe(
      '2024-02-01T00:00:00Z',
    );
  });

  it('keeps the wall-clock time when adding intervals to an instant', () => {
    const paris = zone('Europe/Paris');
    const anchor = day('2026-03-15T09:30:00+01:00', paris);
    expect(formatInstant(paris.addIntervals(anchor, 'month', 1).ms)).toBe('2026-04-15T07:30:00Z');
    expect(formatInstant(paris.subtractDays(anchor, 30).ms)).toBe('2026-02-13T08:30:00Z');
  });
});

describe('parseTimePoint', () => {
  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-00-10',
    '0050-01-01',
    '2026-13-01',
    '2026-5-1',
    '2026-05-01T10:00:00',
    '2026-05-01 10:00Z',
    'soon',
    '',
  ])('refuses %j', (text) => {
    expect(parseTimePoint(text, utc)).toBeUndefined();
  });

  it('reads leap days', () => {
    expect(isoDateOf(day('2024-02-29').day)).toBe('2024-02-29');
  });

  it('reads offsets and milliseconds', () => {
    expect(formatInstant(day('2026-05-01T10:00:00+02:00').ms)).toBe('2026-05-01T08:00:00Z');
    expect(formatInstant(day('2026-05-01T10:00:00.250Z').ms)).toBe('2026-05-01T10:00:00.250Z');
  });
});

describe('describeDayRange', () => {
  it('writes ranges the way an invoice does', () => {
    expect(describeDayRange(day('2026-05-01').day, day('2026-05-31').day)).toBe(
      '1 May - 31 May 2026',
    );
    expect(describeDayRange(day('2026-12-15').day, day('2027-01-14').day)).toBe(
      '15 Dec 2026 - 14 Jan 2027',
    );
    expect(describeDayRange(day('2026-08-31').day, day('2026-08-31').day)).toBe('31 Aug 2026');
  });
});
