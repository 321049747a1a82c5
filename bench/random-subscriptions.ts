/**
 * Deterministic random subscriptions for the benchmark: a seeded generator, so every run
 * measures the same work.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PLANS = ['prorated-monthly', 'clinic-requests', 'per-provider'] as const;
const TYPES: Record<(typeof PLANS)[number], string> = {
  'prorated-monthly': 'practitioner',
  'clinic-requests': 'therapist',
  'per-provider': 'provider',
};
const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Sydney'];

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A subscription of `years` years with one licence change a month, on one of the presets. */
export function randomSubscription(random: () => number, years: number): Record<string, unknown> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const plan = pick(PLANS);
  const type = TYPES[plan];
  const year = 2024 + Math.floor(random() * 3);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  let seats = 1 + Math.floor(random() * 40);
  const events: Record<string, unknown>[] = [];
  for (let m = 0; m < years * 12; m++) {
    const y = year + Math.floor((month - 1 + m) / 12);
    const mo = ((month - 1 + m) % 12) + 1;
    const change = 1 + Math.floor(random() * 3);
    const op = seats > change && random() < 0.45 ? 'remove' : 'add';
    seats += op === 'add' ? change : -change;
    const first = m === 0 ? day : 1;
    const at = isoDate(y, mo, first + Math.floor(random() * (29 - first)));
    events.push({ at, op, seats: { [type]: change } });
  }
  return {
    plan,
    timeZone: pick(ZONES),
    start: isoDate(year, month, day),
    seats: { [type]: seats },
    events,
    until: isoDate(year + years, month, day),
  };
}
