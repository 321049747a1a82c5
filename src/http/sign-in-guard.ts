import { AppError } from '../app/app-error.js';

/** Back-off per account for failed sign-ins, kept by the server. */
export interface SignInGuard {
  /** Seconds the account must still wait, else 0. */
  waitFor(account: string): number;
  failed(account: string): void;
  succeeded(account: string): void;
}

/** 429 with the wait in Retry-After (set where errors become responses). */
export function rateLimited(seconds: number): AppError {
  return new AppError('rate_limited', `Too many requests: try again in ${seconds} s`, null, {
    retryAfter: seconds,
  });
}
