import type { AppContext } from '../context.js';
import { announceInvoices } from './announce-invoices.js';
import { sendReminders } from './send-reminders.js';
import { deliverWebhooks, LEASE_MS as WEBHOOK_LEASE_MS } from '../webhooks/deliver-webhooks.js';
import { deliverMessages, LEASE_MS, type DeliveryReport } from './deliver-messages.js';

/**
 * One pass of the delivery worker: announce the invoices written since the last pass, queue
 * the reminders due, then send the messages and the webhook deliveries due. Run every few seconds while serving, and by `seatledger deliver`.
 */
export async function runDelivery(
  context: AppContext,
  leaseMs = LEASE_MS,
): Promise<DeliveryReport & { announced: number; webhooks: number }> {
  const announced = (await announceInvoices(context)) + (await sendReminders(context));
  const report = await deliverMessages(context, 500, leaseMs);
  const hooks = await deliverWebhooks(context, 200, Math.min(leaseMs, WEBHOOK_LEASE_MS));
  return { ...report, announced, webhooks: hooks.succeeded + hooks.failed };
}
