import { isCurrencyCode, ROUNDING_MODES } from '../money/index.js';
import {
  childPath,
  fail,
  optional,
  readArray,
  readBoolean,
  readEnum,
  readInteger,
  readObject,
  readRecord,
  readString,
  required,
} from '../validation/input-reader.js';
import {
  DEFAULT_SERVICE_POLICY,
  type Collection,
  type DecreaseEffective,
  type LicenceType,
  type Plan,
  type ServicePolicy,
  type Term,
} from './plan.js';
import { PRESET_IDS, PRESETS } from './presets.js';

export const MAX_UNIT_AMOUNT = 1e12;

const PLAN_FIELDS = [
  'id',
  'currency',
  'interval',
  'intervalCount',
  'licenceTypes',
  'proration',
  'invoiceChanges',
  'increase',
  'decrease',
  'blockSize',
  'term',
  'scope',
  'licenceRoles',
  'exclusiveLicences',
  'ownerLicence',
  'removalReasonRequired',
  'removalExplanationRequired',
  'removalApproval',
  'collection',
];

/** A plan object of the scenario contract, or the id of a preset; defaults filled in. */
export function readPlan(value: unknown, path: string): Plan {
  if (typeof value === 'string') {
    const preset = PRESETS[value];
    if (!preset) fail(path, `unknown preset "${value}" (presets: ${PRESET_IDS.join(', ')})`);
    return { ...preset, id: value };
  }
  const plan = readObject(value, path, PLAN_FIELDS);
  const currency = required(plan, 'currency', path, readString);
  if (!isCurrencyCode(currency)) {
    fail(childPath(path, 'currency'), 'must be an ISO 4217 currency code such as "USD"');
  }
  const licenceTypes = required(plan, 'licenceTypes', path, readLicenceTypes);
  const decrease = optional(plan, 'decrease', path, readDecrease, {
    effective: 'immediately',
    credit: 'prorated',
    cutoffHours: 0,
  } as const);
  const term = optional(plan, 'term', path, readTerm, null);
  if (decrease.effective === 'renewal' && !term) {
    fail(childPath(childPath(path, 'decrease'), 'effective'), '"renewal" needs a term');
  }
  const id = optional(plan, 'id', path, (v, p) => readString(v, p), null);
  return {
    ...(id === null ? {} : { id }),
    currency,
    interval: required(plan, 'interval', path, (v, p) => readEnum(v, p, ['month', 'year'])),
    intervalCount: optional(plan, 'intervalCount', path, (v, p) => readInteger(v, p, 1, 120), 1),
    licenceTypes,
    proration: optional(plan, 'proration', path, readProration, {
      basis: 'day',
      rounding: 'half_up',
    } as const),
    invoiceChanges: optional(
      plan,
      'invoiceChanges',
      path,
      (v, p) => readEnum(v, p, ['next_invoice', 'immediately']),
      'next_invoice',
    ),
    increase: optional(plan, 'increase', path, readIncrease, { charge: 'prorated' } as const),
    decrease,
    blockSize: optional(plan, 'blockSize', path, (v, p) => readInteger(v, p, 1, 1e6), 1),
    term,
    service: readServicePolicy(plan, path, new Set(licenceTypes.map((type) => type.key))),
  };
}

function readServicePolicy(
  plan: Readonly<Record<string, unknown>>,
  path: string,
  types: ReadonlySet<string>,
): ServicePolicy {
  const typeKey = (value: unknown, at: string): string => {
    const key = readString(value, at);
    if (!types.has(key)) fail(at, `names no licence type of this plan ("${key}")`);
    return key;
  };
  const typeList = (value: unknown, at: string): string[] =>
    readArray(value, at).map((item, i) => typeKey(item, `${at}[${i}]`));
  const roles = optional(
    plan,
    'licenceRoles',
    path,
    (value, at) => {
      const object = readObject(value, at, ['provider', 'admin']);
      return {
        provider: optional(object, 'provider', at, typeList, []),
        admin: optional(object, 'admin', at, typeList, []),
      };
    },
    DEFAULT_SERVICE_POLICY.licenceRoles,
  );
  return {
    scope: optional(
      plan,
      'scope',
      path,
      (v, p) => readEnum(v, p, ['organization', 'location']),
      'organization',
    ),
    licenceRoles: roles,
    exclusiveLicences: optional(
      plan,
      'exclusiveLicences',
      path,
      (value, at) => readArray(value, at).map((group, i) => typeList(group, `${at}[${i}]`)),
      [],
    ),
    ownerLicence: optional(
      plan,
      'ownerLicence',
      path,
      (v, p) => (v === null ? null : typeKey(v, p)),
      null,
    ),
    collection: optional(
      plan,
      'collection',
      path,
      readCollection,
      DEFAULT_SERVICE_POLICY.collection,
    ),
    removalReasonRequired: optional(plan, 'removalReasonRequired', path, readBoolean, false),
    removalExplanationRequired: optional(
      plan,
      'removalExplanationRequired',
      path,
      readBoolean,
      false,
    ),
    removalApproval: optional(
      plan,
      'removalApproval',
      path,
      (v, p) => readEnum<'customer' | 'vendor'>(v, p, ['customer', 'vendor']),
      'customer',
    ),
  };
}

function readCollection(value: unknown, path: string): Collection {
  const object = readObject(value, path, ['method', 'daysUntilDue', 'retryDays', 'finalFailure']);
  const method = required(object, 'method', path, (v, p) =>
    readEnum<Collection['method']>(v, p, ['charge_automatically', 'send_invoice']),
  );
  const daysUntilDue = optional(
    object,
    'daysUntilDue',
    path,
    (v, p) => readInteger(v, p, 0, 365),
    method === 'send_invoice' ? 30 : 0,
  );
  const defaults = DEFAULT_SERVICE_POLICY.collection;
  const retryDays = optional(
    object,
    'retryDays',
    path,
    (v, p) => {
      const days = readArray(v, p).map((day, i) => readInteger(day, `${p}[${i}]`, 1, 60));
      if (days.length > 8) fail(p, 'at most 8 retries');
      if (days.some((day, i) => i > 0 && day <= (days[i - 1] ?? 0))) {
        fail(p, 'days must increase');
      }
      return days;
    },
    defaults.retryDays,
  );
  const finalFailure = optional(
    object,
    'finalFailure',
    path,
    (v, p) => readEnum<Collection['finalFailure']>(v, p, ['mark_uncollectible', 'block_purchases']),
    defaults.finalFailure,
  );
  return { method, daysUntilDue, retryDays, finalFailure };
}

function readLicenceTypes(value: unknown, path: string): LicenceType[] {
  const record = readRecord(value, path);
  const keys = Object.keys(record);
  if (keys.length === 0) fail(path, 'must name at least one licence type');
  const types = keys.map((key): LicenceType => {
    const at = childPath(path, key);
    if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(key)) {
      fail(at, 'a licence type key is 1 to 64 letters, digits, "-", "_" or "."');
    }
    const type = readObject(record[key], at, ['unitAmount', 'addonTo', 'unlimited']);
    return {
      key,
      unitAmount: required(type, 'unitAmount', at, (v, p) => readInteger(v, p, 0, MAX_UNIT_AMOUNT)),
      addonTo: optional(
        type,
        'addonTo',
        at,
        (v, p) => readArray(v, p).map((base, i) => readString(base, `${p}[${i}]`)),
        [],
      ),
      unlimited: optional(type, 'unlimited', at, readBoolean, false),
    };
  });
  for (const type of types) {
    type.addonTo.forEach((base, i) => {
      const at = `${childPath(childPath(path, type.key), 'addonTo')}[${i}]`;
      const target = types.find((t) => t.key === base);
      if (!target) fail(at, `names no licence type of this plan ("${base}")`);
      if (target.addonTo.length > 0 || target === type) fail(at, `"${base}" is not a base type`);
    });
    if (type.unlimited && type.unitAmount !== 0) {
      fail(childPath(childPath(path, type.key), 'unitAmount'), 'must be 0 for an unlimited type');
    }
  }
  return types;
}

function readProration(value: unknown, path: string): Plan['proration'] {
  const proration = readObject(value, path, ['basis', 'rounding']);
  return {
    basis: optional(proration, 'basis', path, (v, p) => readEnum(v, p, ['day', 'second']), 'day'),
    rounding: optional(
      proration,
      'rounding',
      path,
      (v, p) => readEnum(v, p, ROUNDING_MODES),
      'half_up',
    ),
  };
}

function readIncrease(value: unknown, path: string): Plan['increase'] {
  const increase = readObject(value, path, ['charge']);
  return {
    charge: optional(
      increase,
      'charge',
      path,
      (v, p) => readEnum(v, p, ['prorated', 'full', 'none']),
      'prorated',
    ),
  };
}

function readDecrease(value: unknown, path: string): Plan['decrease'] {
  const decrease = readObject(value, path, ['effective', 'credit', 'cutoffHours']);
  const effective = optional<DecreaseEffective>(
    decrease,
    'effective',
    path,
    (v, p) => readEnum(v, p, ['immediately', 'period_end', 'renewal']),
    'immediately',
  );
  const cutoffHours = optional(
    decrease,
    'cutoffHours',
    path,
    (v, p) => readInteger(v, p, 0, 8784),
    0,
  );
  if (cutoffHours > 0 && effective !== 'period_end') {
    fail(childPath(path, 'cutoffHours'), 'applies only with "effective": "period_end"');
  }
  return {
    effective,
    credit: optional(
      decrease,
      'credit',
      path,
      (v, p) => readEnum(v, p, ['prorated', 'none']),
      'prorated',
    ),
    cutoffHours,
  };
}

function readTerm(value: unknown, path: string): Term | null {
  if (value === null) return null;
  const term = readObject(value, path, [
    'intervals',
    'renewalWindowDays',
    'increaseBlockedInRenewalWindow',
    'autoRenew',
  ]);
  return {
    intervals: required(term, 'intervals', path, (v, p) => readInteger(v, p, 1, 1200)),
    renewalWindowDays: optional(
      term,
      'renewalWindowDays',
      path,
      (v, p) => readInteger(v, p, 0, 3660),
      30,
    ),
    increaseBlockedInRenewalWindow: optional(
      term,
      'increaseBlockedInRenewalWindow',
      path,
      readBoolean,
      false,
    ),
    autoRenew: optional(term, 'autoRenew', path, readBoolean, false),
  };
}
