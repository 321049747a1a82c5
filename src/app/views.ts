import { amountDue } from './billing/amount-due.js';
import { formatInstant, isoDateOf } from '../core/calendar/index.js';
import type { Invoice, InvoiceLine, SimulationResult } from '../core/index.js';
import type { AssignmentRow, InvoiceLineRow, InvoiceRow, StaffRow } from '../store/schema.js';

/** The shapes the API answers with. Amounts stay bigint: the HTTP layer writes them exactly. */

/** A staff member as the API shows them; the e-mail only to those who may see it (003). */
export function staffView(
  staff: StaffRow,
  assignments: readonly AssignmentRow[],
  showEmail = true,
) {
  const held = assignments.filter(
    (assignment) => assignment.staff_id === staff.id && !assignment.released_at,
  );
  const billed = held.length;
  return {
    id: staff.id,
    name: staff.name,
    email: showEmail ? staff.email : null,
    locationId: staff.location_id,
    status: staff.status,
    isOwner: staff.is_owner,
    permissions: staff.permissions,
    licences: held.map(assignmentView),
    notice:
      staff.status === 'inactive' && billed > 0
        ? `Inactive, but still holds ${billed} licence${billed === 1 ? '' : 's'} (${held.map((a) => a.licence_type).join(', ')}), billed until released`
        : null,
    createdAt: staff.created_at.toISOString(),
  };
}

export function assignmentView(assignment: AssignmentRow) {
  return {
    id: assignment.id,
    subscriptionId: assignment.subscription_id,
    licenceType: assignment.licence_type,
    active: assignment.active,
    assignedAt: assignment.assigned_at.toISOString(),
  };
}

/** `eventId`: the id of the fact at an index of the log, where the caller knows it. */
export function lineView(line: InvoiceLine, eventId?: (index: number) => string | null) {
  return {
    kind: line.kind,
    licenceType: line.licenceType,
    quantity: line.quantity,
    from: formatInstant(line.from.ms),
    to: formatInstant(line.to.ms),
    amount: line.amount,
    description: line.description,
    cause: line.cause,
    eventId: line.event === null || !eventId ? null : eventId(line.event),
  };
}

export function storedInvoiceView(
  invoice: InvoiceRow,
  lines: readonly InvoiceLineRow[],
  locationName: string | null,
) {
  return {
    id: invoice.id,
    subscriptionId: invoice.subscription_id,
    locationId: invoice.location_id,
    locationName,
    number: invoice.number,
    issuedAt: invoice.issued_at.toISOString(),
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    creditApplied: invoice.credit_applied,
    total: invoice.total,
    status: invoice.status,
    amountPaid: invoice.amount_paid,
    amountCredited: invoice.amount_credited + invoice.amount_credited_after_payment,
    amountDue: amountDue(invoice),
    dueAt: invoice.due_at.toISOString(),
    lines: lines.map((line) => ({
      kind: line.kind,
      licenceType: line.licence_type,
      quantity: line.quantity,
      from: line.period_from.toISOString(),
      to: line.period_to.toISOString(),
      amount: line.amount,
      description: line.description,
      cause: line.cause,
      eventId: line.event_id,
    })),
  };
}

export function derivedInvoiceView(invoice: Invoice, eventId: (index: number) => string | null) {
  return {
    issuedAt: formatInstant(invoice.issuedAt.ms),
    issuedOn: isoDateOf(invoice.issuedAt.day),
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    creditApplied: invoice.creditApplied,
    total: invoice.total,
    lines: invoice.lines.map((line) => lineView(line, eventId)),
  };
}

export function termView(state: SimulationResult, now: Date) {
  if (!state.term) return null;
  const windowOpen =
    now.getTime() >= state.term.windowStart.ms && now.getTime() < state.term.end.ms;
  return {
    endsAt: formatInstant(state.term.end.ms),
    renewalWindowOpensAt: formatInstant(state.term.windowStart.ms),
    renewalWindowOpen: windowOpen,
    renewed: state.term.renewed,
    autoRenew: state.plan.term?.autoRenew ?? false,
  };
}
