/** How many requests a key may make in a window. */
export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

export interface RateLimits {
  /** Sign-in attempts per address. */
  readonly signIn: Limit;
  /** Sign-ups per address. */
  readonly signUp: Limit;
  /** Any other request without a credential, per address. */
  readonly anonymous: Limit;
  /** Failed sign-ins per account before each further one waits, doubling (1 s, 2 s, ... 15 min). */
  readonly failuresBeforeBackOff: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signIn: { max: 30, windowMs: 60_000 },
  signUp: { max: 20, windowMs: 3_600_000 },
  anonymous: { max: 120, windowMs: 60_000 },
  failuresBeforeBackOff: 5,
};

/** Keys remembered at most: a stranger sending from many addresses cannot grow memory. */
const MAX_KEYS = 50_000;
const MAX_BACK_OFF_MS = 15 * 60_000;

/**
 * Fixed-window counters per key, in memory (per process: behind several processes each
 * counts its own share). The oldest keys are forgotten first.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly failures = new Map<string, { count: number; until: number }>();

  /** Count a request; the seconds to wait when over the limit, else 0. */
  hit(key: string, limit: Limit, now: number): number {
    let window = this.windows.get(key);
    if (!window || now - window.start >= limit.windowMs) {
      window = { start: now, count: 0 };
      this.windows.delete(key);
      this.windows.set(key, window);
      trim(this.windows);
    }
    window.count += 1;
    return window.count > limit.max ? Math.ceil((window.start + limit.windowMs - now) / 1000) : 0;
  }

  /** The seconds to wait when the key is over its limit already, else 0; counts nothing. */
  over(key: string, limit: Limit, now: number): number {
    const window = this.windows.get(key);
    if (!window || now - window.start >= limit.windowMs || window.count < limit.max) return 0;
    return Math.ceil((window.start + limit.windowMs - now) / 1000);
  }

  /** The seconds an account must still wait after its failed sign-ins, else 0. */
  waitFor(account: string, now: number): number {
    const failures = this.failures.get(account);
    return failures && failures.until > now ? Math.ceil((failures.until - now) / 1000) : 0;
  }

  failed(account: string, now: number, allowed: number): void {
    const count = (this.failures.get(account)?.count ?? 0) + 1;
    const wait = count > allowed ? Math.min(MAX_BACK_OFF_MS, 1000 * 2 ** (count - allowed - 1)) : 0;
    this.failures.delete(account);
    this.failures.set(account, { count, until: now + wait });
    trim(this.failures);
  }

  succeeded(account: string): void {
    this.failures.delete(account);
  }
}

function trim(map: Map<string, unknown>): void {
  while (map.size > MAX_KEYS) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}
