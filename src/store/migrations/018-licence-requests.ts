/**
 * Requests and approvals (12, 001: adjustments are "requested"): a member without licence
 * management asks for an adjustment (add, remove or set, with the reason and explanation) or
 * a licence for themselves; a licence manager approves (the change is made in the same
 * transaction that marks the request approved, and names it) or declines with a note; the
 * requester may withdraw it while it waits. At most a few wait per requester.
 */
export const licenceRequests = `
create table licence_requests (
  org_id text not null references organizations (id),
  id text primary key,
  subscription_id text not null references subscriptions (id),
  requested_by text not null references staff (id),
  kind text not null check (kind in ('adjustment', 'licence')),
  op text check (op in ('add', 'remove', 'set')),
  seats jsonb,
  licence_type text,
  reason text,
  explanation text,
  status text not null default 'pending'
    check (status in ('pending', 'approved', 'declined', 'withdrawn')),
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  outcome jsonb,
  created_at timestamptz not null,
  check ((kind = 'adjustment') = (op is not null and seats is not null)),
  check ((kind = 'licence') = (licence_type is not null))
);
create index licence_requests_queue on licence_requests (org_id, status, created_at);
create index licence_requests_by on licence_requests (requested_by, status);
`;
