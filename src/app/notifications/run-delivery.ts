import type { AppContext } from '../context.js';
import { announceInvoices } from './announce-invoices.js';
import { sendReminders } from './send-reminders.js';
import { deliverMessages, LEASE_MS, type DeliveryReport } from './deliver-messages.js';

/**
 * One pass of the delivery worker: announce the invoices written since the last pass, queue
 * the reminders due, then send the messages due. Run every few seconds while serving, and by `seatledger deliver`.
 */
export async function runDelivery(
  context: AppContext,
  leaseMs = LEASE_MS,
): Promise<DeliveryReport & { announced: number }> {
  const announced = (await announceInvoices(context)) + (await sendReminders(context));
  const report = await deliverMessages(context, 500, leaseMs);
  return { ...report, announced };
}
