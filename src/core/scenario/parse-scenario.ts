import { ZoneCalendar, parseTimePoint, type Moment } from '../calendar/index.js';
import { readPlan, type Plan } from '../plans/index.js';
import {
  childPath,
  fail,
  indexPath,
  InputFault,
  optional,
  readArray,
  readEnum,
  readInteger,
  readObject,
  readRecord,
  readString,
  required,
  type InputIssue,
  type JsonObject,
} from '../validation/input-reader.js';
import type { Quantities, Scenario, ScenarioEvent } from './scenario.js';

export const MAX_QUANTITY = 1e6;

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issue: InputIssue };

/**
 * A scenario file's JSON, checked against the contract. A file that wraps the scenario with
 * its expectations (`{ "scenario": ..., "expect": ... }`, as in examples/) is accepted too.
 */
export function parseScenario(
  input: unknown,
  options: {
    readonly knownPlans?: readonly Plan[];
    /** The scenario's plan, already read (readPlan) from its `plan`: not read again. */
    readonly plan?: Plan;
    /** Accept the service's own facts too (`credit`), not part of the scenario contract. */
    readonly serviceFacts?: boolean;
  } = {},
): ParseResult {
  try {
    return {
      ok: true,
      scenario: readScenario(
        input,
        options.knownPlans ?? [],
        options.plan,
        options.serviceFacts === true,
      ),
    };
  } catch (error) {
    if (error instanceof InputFault) return { ok: false, issue: error.issue };
    throw error;
  }
}

const SCENARIO_FIELDS = ['plan', 'timeZone', 'start', 'billingAnchor', 'seats', 'events', 'until'];

/** `knownPlans`: plans already in force before these events (a checkpoint's), whose types they may name. */
function readScenario(
  input: unknown,
  knownPlans: readonly Plan[],
  read: Plan | undefined,
  serviceFacts: boolean,
): Scenario {
  let path = '';
  if (isWrapper(input)) {
    readObject(input, '', ['scenario', 'expect']);
    path = 'scenario';
    input = input['scenario'];
  }
  const root = readObject(input, path, SCENARIO_FIELDS);
  const plan = read ?? required(root, 'plan', path, readPlan);
  const timeZone = optional(root, 'timeZone', path, readString, 'UTC');
  const calendar = ZoneCalendar.of(timeZone);
  if (!calendar) fail(childPath(path, 'timeZone'), `"${timeZone}" is not an IANA time zone`);
  const time = (value: unknown, at: string): Moment => readTimePoint(value, at, calendar);

  const start = required(root, 'start', path, time);
  const billingAnchor = optional(root, 'billingAnchor', path, time, start);
  const firstPeriodEnd = calendar.addIntervals(start, plan.interval, plan.intervalCount);
  if (billingAnchor.ms < start.ms || billingAnchor.ms >= firstPeriodEnd.ms) {
    fail(childPath(path, 'billingAnchor'), 'must be >= start and < start + one billing interval');
  }
  const until = required(root, 'until', path, time);
  if (until.ms < start.ms) fail(childPath(path, 'until'), 'must be >= start');

  const rawEvents = optional(root, 'events', path, readArray, []);
  const renewPlans = rawEvents.flatMap((event, i) => {
    const raw = isObject(event) && event['op'] === 'renew' ? event['plan'] : undefined;
    return raw === undefined
      ? []
      : [readPlan(raw, childPath(indexPath(childPath(path, 'events'), i), 'plan'))];
  });
  const knownTypes = new Set(
    [plan, ...knownPlans, ...renewPlans].flatMap((p) => p.licenceTypes.map((t) => t.key)),
  );
  const seats = required(root, 'seats', path, (v, p) => readQuantities(v, p, typeKeys(plan)));

  const events: ScenarioEvent[] = [];
  rawEvents.forEach((raw, i) => {
    const at = indexPath(childPath(path, 'events'), i);
    const event = readEvent(raw, at, { plan, calendar, knownTypes, serviceFacts });
    const previous = events[events.length - 1];
    if (event.at.ms < start.ms) fail(childPath(at, 'at'), 'must be no earlier than start');
    if (previous && event.at.ms < previous.at.ms) {
      fail(childPath(at, 'at'), 'events must be in non-decreasing "at" order');
    }
    events.push(event);
  });
  return { plan, calendar, start, billingAnchor, seats, events, until };
}

interface EventContext {
  readonly plan: Plan;
  readonly calendar: ZoneCalendar;
  readonly knownTypes: ReadonlySet<string>;
  readonly serviceFacts: boolean;
}

const CONTRACT_OPS = ['add', 'remove', 'set', 'invoice_now', 'renew', 'cancel'] as const;
const SERVICE_OPS = [...CONTRACT_OPS, 'credit', 'withdraw'] as const;
/** The most one credit fact may add, in minor units: exact as a JSON number. */
export const MAX_CREDIT = Number.MAX_SAFE_INTEGER;

function readEvent(value: unknown, path: string, context: EventContext): ScenarioEvent {
  const event = readRecord(value, path);
  const op = required(event, 'op', path, (v, p) =>
    readEnum<(typeof SERVICE_OPS)[number]>(v, p, context.serviceFacts ? SERVICE_OPS : CONTRACT_OPS),
  );
  const time = (v: unknown, p: string): Moment => readTimePoint(v, p, context.calendar);
  switch (op) {
    case 'add':
    case 'remove':
    case 'set':
    case 'withdraw': {
      readObject(event, path, ['at', 'op', 'seats']);
      const at = required(event, 'at', path, time);
      const seats = required(event, 'seats', path, (v, p) =>
        readQuantities(v, p, context.knownTypes),
      );
      return { op, at, seats };
    }
    case 'invoice_now':
      readObject(event, path, ['at', 'op']);
      return { op, at: required(event, 'at', path, time) };
    case 'renew': {
      readObject(event, path, ['at', 'op', 'plan', 'seats']);
      const at = required(event, 'at', path, time);
      const plan = optional(event, 'plan', path, readPlan, null);
      if (plan && plan.currency !== context.plan.currency) {
        fail(
          childPath(childPath(path, 'plan'), 'currency'),
          `must be ${context.plan.currency}, the subscription's currency`,
        );
      }
      const types = plan ? typeKeys(plan) : context.knownTypes;
      const seats = optional(event, 'seats', path, (v, p) => readQuantities(v, p, types), null);
      return { op, at, plan, seats };
    }
    case 'cancel': {
      readObject(event, path, ['at', 'op', 'effective']);
      const at = required(event, 'at', path, time);
      const effective = required(event, 'effective', path, time);
      if (effective.ms < at.ms) fail(childPath(path, 'effective'), 'must be >= at');
      return { op, at, effective };
    }
    case 'credit': {
      readObject(event, path, ['at', 'op', 'amount']);
      const at = required(event, 'at', path, time);
      const amount = required(event, 'amount', path, (v, p) => readInteger(v, p, 1, MAX_CREDIT));
      return { op, at, amount: BigInt(amount) };
    }
  }
  return fail(childPath(path, 'op'), 'is not a known operation');
}

function readQuantities(value: unknown, path: string, types: ReadonlySet<string>): Quantities {
  const record = readRecord(value, path);
  const quantities = new Map<string, number>();
  for (const [key, quantity] of Object.entries(record)) {
    const at = childPath(path, key);
    if (!types.has(key)) fail(at, `is not a licence type of the plan (${[...types].join(', ')})`);
    quantities.set(key, readInteger(quantity, at, 0, MAX_QUANTITY));
  }
  return quantities;
}

function readTimePoint(value: unknown, path: string, calendar: ZoneCalendar): Moment {
  const moment = parseTimePoint(readString(value, path), calendar);
  if (!moment) fail(path, 'must be a date (YYYY-MM-DD) or an RFC 3339 instant with an offset');
  return moment;
}

function typeKeys(plan: Plan): ReadonlySet<string> {
  return new Set(plan.licenceTypes.map((type) => type.key));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWrapper(value: unknown): value is JsonObject {
  return isObject(value) && 'scenario' in value && !('plan' in value);
}
