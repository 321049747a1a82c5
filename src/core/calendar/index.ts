export { describeDayRange, isoDateOf } from './civil-date.js';
export { earlier, later, type Moment } from './moment.js';
export { formatInstant, parseTimePoint } from './parse-time.js';
export { ZoneCalendar, type IntervalUnit } from './zone-calendar.js';
