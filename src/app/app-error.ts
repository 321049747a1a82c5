import type { RejectionCode } from '../core/errors.js';
import type { LicenceRuleCode } from '../core/licences/index.js';

/** Failures the use cases themselves name, beside the core's rule rejections. */
export type AppErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'invalid_credentials'
  | 'no_licence_available'
  | 'licences_in_use'
  | 'reason_required'
  | 'explanation_required'
  | 'logout_confirmation_required'
  | 'test_clock_required'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_progress'
  | 'plan_not_offered'
  | 'plan_version_published'
  | 'licence_mapping_required'
  | 'billing_failed'
  | 'quantity_limit'
  | 'amount_limit'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'payment_failed'
  | 'payment_method_required'
  | 'invoice_not_open'
  | 'payment_in_progress'
  | 'purchases_blocked'
  | 'invoice_not_creditable'
  | 'credit_exceeds_invoice'
  | 'refund_not_retryable'
  | 'link_expired'
  | 'request_not_pending'
  | 'too_many_requests'
  | 'vendor_approval_required';

export type ErrorCode = AppErrorCode | RejectionCode | LicenceRuleCode;

/** A failure with a stable code and, where one field is at fault, its name. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field: string | null = null,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function notFound(what: string, field: string | null = null): AppError {
  return new AppError('not_found', `${what} not found`, field);
}
