import type { LicenceRequestsTable } from '../../store/schema.js';
import type { Selectable } from 'kysely';

export type RequestRow = Selectable<LicenceRequestsTable>;

/** What a request asks for, in words: for lists, messages and the audit log. */
export function describeRequest(row: RequestRow): string {
  if (row.kind === 'licence') return `a ${row.licence_type ?? ''} licence for themselves`;
  const seats = Object.entries(row.seats ?? {})
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  const verb = { add: 'add', remove: 'remove', set: 'set to' }[row.op ?? 'add'];
  return `${verb} ${seats}`;
}

export function requestView(row: RequestRow & { requester_name?: string | null }) {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    requestedBy: row.requested_by,
    requesterName: row.requester_name ?? null,
    kind: row.kind,
    op: row.op,
    seats: row.seats,
    licenceType: row.licence_type,
    reason: row.reason,
    explanation: row.explanation,
    summary: describeRequest(row),
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    outcome: row.outcome,
    createdAt: row.created_at.toISOString(),
  };
}
