import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { webhookDisabledEmail } from '../../notifications/templates/webhook-disabled.js';
import { inTransaction, type AppContext } from '../context.js';
import { consoleLink, notify } from '../notifications/notify.js';

/**
 * After a failed attempt, the next ones: 5 seconds, 5 and 30 minutes, 2, 5, 10 and 10 hours,
 * then a day twice: three days and a few hours in all, then the delivery has failed.
 */
export const WEBHOOK_RETRY_AFTER_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
  24 * 3_600_000,
  24 * 3_600_000,
];
/** An endpoint every delivery to which has failed this long is turned off. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
export const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const BATCH = 50;

/** Addresses a webhook may not reach unless private networks are allowed (tests, intranets). */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addAddress('::', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

async function refusedAddress(url: URL): Promise<string | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true });
  for (const { address, family } of addresses) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (PRIVATE.check(mapped ?? address, mapped ? 'ipv4' : family === 6 ? 'ipv6' : 'ipv4')) {
      return `${address} is a private address (WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1 allows it)`;
    }
  }
  return null;
}

interface Claimed {
  readonly id: string;
  readonly org_id: string;
  readonly endpoint_id: string;
  readonly event_id: string;
  readonly attempts: number;
  readonly url: string;
  readonly secret: string;
  readonly previous_secret: string | null;
  readonly previous_secret_until: Date | null;
  readonly endpoint_status: string;
  readonly failing_since: Date | null;
  readonly payload: unknown;
  readonly time_zone: string;
}

/**
 * Send the webhook deliveries due: claimed with FOR UPDATE SKIP LOCKED under a lease (workers
 * share them; one killed leaves its claims to the next when the lease ends), each POSTed with
 * the Standard Webhooks headers (`webhook-id` the event's id on every attempt, so a receiver
 * deduplicates; `webhook-timestamp`; `webhook-signature` with the endpoint's secret, and the
 * previous one during a rotation). A 2xx answer in 10 seconds is a success; anything else is
 * tried again on the backoff schedule. Every attempt is logged. An endpoint whose deliveries
 * have all failed for three days is turned off, and its organisation told.
 */
export async function deliverWebhooks(
  context: AppContext,
  limit = 200,
  leaseMs = LEASE_MS,
): Promise<{ succeeded: number; failed: number }> {
  const report = { succeeded: 0, failed: 0 };
  let handled = 0;
  while (handled < limit) {
    const batch = await claim(context, Math.min(BATCH, limit - handled), leaseMs);
    if (batch.length === 0) break;
    handled += batch.length;
    await Promise.all(
      batch.map(async (delivery) => {
        const ok = await attempt(context, delivery);
        report[ok ? 'succeeded' : 'failed'] += 1;
      }),
    );
  }
  return report;
}

async function claim(context: AppContext, size: number, leaseMs: number): Promise<Claimed[]> {
  const now = context.clock();
  const claimed = await sql<Claimed>`
    with due as (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until <= ${now})
      order by next_attempt_at, id
      limit ${size}
      for update skip locked
    ), taken as (
      update webhook_deliveries d set locked_until = ${new Date(now.getTime() + leaseMs)},
        attempts = d.attempts + 1
      from due where d.id = due.id
      returning d.id, d.org_id, d.endpoint_id, d.event_id, d.attempts
    )
    select t.*, e.url, e.secret, e.previous_secret, e.previous_secret_until,
           e.status as endpoint_status, e.failing_since, v.payload, o.time_zone
    from taken t
    join webhook_endpoints e on e.id = t.endpoint_id
    join webhook_events v on v.id = t.event_id
    join organizations o on o.id = t.org_id`.execute(context.store.db);
  return claimed.rows;
}

async function attempt(context: AppContext, delivery: Claimed): Promise<boolean> {
  const started = Date.now();
  const now = context.clock();
  let status: number | null = null;
  let error: string | null = null;
  if (delivery.endpoint_status !== 'enabled') {
    error = 'the endpoint is turned off';
  } else {
    try {
      const url = new URL(delivery.url);
      const refused = context.allowPrivateWebhooks ? null : await refusedAddress(url);
      if (refused) {
        error = refused;
      } else {
        const body = JSON.stringify(delivery.payload);
        const signatures = [new Webhook(delivery.secret).sign(delivery.event_id, now, body)];
        if (
          delivery.previous_secret &&
          delivery.previous_secret_until &&
          delivery.previous_secret_until > now
        ) {
          signatures.push(new Webhook(delivery.previous_secret).sign(delivery.event_id, now, body));
        }
        const response = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Seatledger-Webhooks/1',
            'webhook-id': delivery.event_id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signatures.join(' '),
          },
          body,
        });
        status = response.status;
        // Only the status matters; the body is read (and dropped) so the connection is freed.
        await response.arrayBuffer().catch(() => undefined);
        if (status < 200 || status >= 300) error = `answered ${status}`;
      }
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
  }
  await settle(context, delivery, now, status, error, Date.now() - started);
  return error === null;
}

async function settle(
  context: AppContext,
  delivery: Claimed,
  now: Date,
  status: number | null,
  error: string | null,
  durationMs: number,
): Promise<void> {
  const retryIn = WEBHOOK_RETRY_AFTER_MS[delivery.attempts - 1];
  const turnedOff = delivery.endpoint_status !== 'enabled';
  const outcome =
    error === null ? 'succeeded' : turnedOff || retryIn === undefined ? 'failed' : 'pending';
  await inTransaction(context, async (trx) => {
    const settled = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: outcome,
        locked_until: null,
        last_status: status,
        last_error: error?.slice(0, 500) ?? null,
        ...(outcome === 'succeeded' ? { delivered_at: now } : {}),
        ...(outcome === 'pending'
          ? { next_attempt_at: new Date(now.getTime() + (retryIn ?? 0)) }
          : {}),
      })
      .where('id', '=', delivery.id)
      .where('attempts', '=', delivery.attempts)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (settled.numUpdatedRows === 0n) return;
    if (!turnedOff) {
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: delivery.id,
          attempt: delivery.attempts,
          at: now,
          status_code: status,
          error: error?.slice(0, 500) ?? null,
          duration_ms: durationMs,
        })
        .execute();
    }
    if (error === null) {
      await trx
        .updateTable('webhook_endpoints')
        .set({ failing_since: null })
        .where('id', '=', delivery.endpoint_id)
        .execute();
      return;
    }
    if (turnedOff) return;
    const endpoint = await trx
      .selectFrom('webhook_endpoints')
      .select(['status', 'failing_since', 'url'])
      .where('id', '=', delivery.endpoint_id)
      .forUpdate()
      .executeTakeFirst();
    if (!endpoint || endpoint.status !== 'enabled') return;
    const since = endpoint.failing_since ?? now;
    if (now.getTime() - since.getTime() < DISABLE_AFTER_MS) {
      if (!endpoint.failing_since) {
        await trx
          .updateTable('webhook_endpoints')
          .set({ failing_since: now })
          .where('id', '=', delivery.endpoint_id)
          .execute();
      }
      return;
    }
    // Failing for three days: turned off, and the organisation told.
    await trx
      .updateTable('webhook_endpoints')
      .set({
        status: 'disabled',
        disabled_reason: `every delivery failed since ${since.toISOString()}`,
        updated_at: now,
      })
      .where('id', '=', delivery.endpoint_id)
      .execute();
    await notify(context, trx, {
      orgId: delivery.org_id,
      kind: 'webhook_endpoint_disabled',
      at: now,
      content: webhookDisabledEmail({
        url: endpoint.url,
        failingSince: since,
        lastError: error,
        timeZone: delivery.time_zone,
        consoleUrl: consoleLink(context, 'webhooks'),
      }),
      dedupKey: `webhook_disabled:${delivery.endpoint_id}:${since.toISOString()}`,
    });
  });
}
