import { AsyncLocalStorage } from 'node:async_hooks';
import { writeJson, type JsonValue } from '../core/index.js';
import type { Db } from './context.js';

/**
 * The answer a request with an Idempotency-Key owes, kept with the change that produced it:
 * the handler's one transaction writes the response beside its own writes, so a crash leaves
 * either both (a retry replays the answer) or neither (a retry runs again).
 */
export interface PendingResponse {
  readonly orgId: string;
  readonly caller: string;
  readonly key: string;
  readonly status: number;
  /** Fields left out of what is kept: a secret is shown once and never stored. */
  readonly secretFields: readonly string[];
  /** The handler commits in one transaction, which keeps the response. */
  atomic: boolean;
  stored: boolean;
}

export const responseScope = new AsyncLocalStorage<PendingResponse>();

/** The body to keep: the answer as it will be sent, its secret fields set to null. */
export function keptText(result: unknown, secretFields: readonly string[]): string {
  let kept = result;
  if (secretFields.length > 0 && typeof result === 'object' && result !== null) {
    kept = { ...result, ...Object.fromEntries(secretFields.map((field) => [field, null])) };
  }
  return writeJson((kept ?? null) as JsonValue, 0);
}

/**
 * A handler that turns out to commit in several transactions (a purchase charged to a card
 * before it is recorded) says so: its answer is then kept after it, not by its first
 * transaction.
 */
export function spansTransactions(): void {
  const pending = responseScope.getStore();
  if (pending) pending.atomic = false;
}

/** Inside the handler's transaction: keep its answer with its writes. */
export async function keepResponse(trx: Db, result: unknown): Promise<void> {
  const pending = responseScope.getStore();
  if (!pending || !pending.atomic || pending.stored) return;
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: pending.status, response_text: keptText(result, pending.secretFields) })
    .where('org_id', '=', pending.orgId)
    .where('caller', '=', pending.caller)
    .where('key', '=', pending.key)
    .execute();
  pending.stored = true;
}
