import type { Actor, AppContext } from '../context.js';
import {
  changeLicences,
  VENDOR_APPROVAL_FIELD,
  type LicenceChange,
  type RemovalReason,
} from '../subscriptions/change-licences.js';
import type { RequestRow } from './request-views.js';

/** The licence change a stored adjustment request asks for. */
export function changeOf(request: RequestRow): LicenceChange {
  return {
    op: request.op ?? 'add',
    seats: request.seats ?? {},
    ...(request.reason ? { reason: request.reason as RemovalReason } : {}),
    ...(request.explanation ? { explanation: request.explanation } : {}),
  };
}

/**
 * A request's change quoted as the change would be, by whoever may make it (the asker need
 * not manage licences); nothing is written. With what the write would still need, the
 * vendor's approval apart (that is what a request on such a plan is for).
 */
export async function quoteRequest(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  change: LicenceChange,
) {
  const asManager: Actor = { ...actor, scopes: new Set([...actor.scopes, 'licences:manage']) };
  const quote = await changeLicences(context, asManager, subscriptionId, change, true);
  const needs = ('writeNeeds' in quote ? (quote.writeNeeds ?? []) : []) as readonly {
    field: string;
    message: string;
  }[];
  return {
    quote,
    vendor: needs.some((need) => need.field === VENDOR_APPROVAL_FIELD),
    needs: needs.filter((need) => need.field !== VENDOR_APPROVAL_FIELD),
  };
}
