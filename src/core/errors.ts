/**
 * The closed set of business-rule rejections the core can give. Stable snake_case codes:
 * adapters map them to HTTP statuses in one place; the core never knows about HTTP.
 */
export type RejectionCode =
  | 'block_size'
  | 'renewal_window'
  | 'decrease_not_allowed'
  | 'below_zero'
  | 'renewal_not_open'
  | 'subscription_ended'
  | 'cancellation_pending'
  | 'unknown_licence_type'
  | 'after_until'
  | 'nothing_scheduled';

export type WarningCode = 'addon_exceeds_base';

export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

export function reject(code: RejectionCode, message: string): Rejection {
  return { code, message };
}
