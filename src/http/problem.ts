import type { AppError } from '../app/app-error.js';
import { type ErrorCode } from '../app/app-error.js';

/** The one map from stable error codes to HTTP statuses. Exhaustive: a new code must be placed. */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation_failed: 400,
  reason_required: 400,
  explanation_required: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  no_licence_available: 409,
  licences_in_use: 409,
  logout_confirmation_required: 409,
  test_clock_required: 409,
  idempotency_key_in_progress: 409,
  subscription_ended: 409,
  cancellation_pending: 409,
  idempotency_key_reused: 422,
  block_size: 422,
  renewal_window: 422,
  decrease_not_allowed: 422,
  below_zero: 422,
  renewal_not_open: 422,
  unknown_licence_type: 422,
  after_until: 422,
  nothing_scheduled: 409,
  addon_requires_base: 422,
  mutually_exclusive_licences: 422,
  licence_required: 422,
  owner_requires_licence: 422,
  plan_not_offered: 422,
  plan_version_published: 409,
  licence_mapping_required: 422,
  billing_failed: 409,
  quantity_limit: 422,
  amount_limit: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  payment_failed: 402,
  payment_method_required: 409,
  invoice_not_open: 409,
  payment_in_progress: 409,
  purchases_blocked: 402,
  invoice_not_creditable: 409,
  credit_exceeds_invoice: 422,
  refund_not_retryable: 409,
  link_expired: 410,
  request_not_pending: 409,
  too_many_requests: 409,
  vendor_approval_required: 409,
};

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Not signed in',
  402: 'Payment failed',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Too large',
  415: 'Not JSON',
  422: 'Refused by a rule',
  429: 'Too many requests',
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly field: string | null;
  readonly [extra: string]: unknown;
}

/** An RFC 9457 problem document for an application error. */
export function problemOf(error: AppError): Problem {
  const status = STATUS_OF[error.code];
  return {
    ...error.details,
    type: `https://seatledger.dev/problems/${error.code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    field: error.field,
  };
}

export function internalProblem(): Problem {
  return {
    type: 'https://seatledger.dev/problems/internal_error',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; nothing was changed',
    code: 'internal_error',
    field: null,
  };
}

/** The database is out of reach: try again shortly; nothing was changed. */
export function unavailableProblem(): Problem {
  return {
    type: 'https://seatledger.dev/problems/database_unavailable',
    title: 'Unavailable',
    status: 503,
    detail: 'The database is out of reach for a moment; nothing was changed. Try again shortly.',
    code: 'database_unavailable',
    field: null,
  };
}
