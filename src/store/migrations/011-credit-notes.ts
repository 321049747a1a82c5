/**
 * Corrections after issue (10): an issued invoice's amounts never change; the vendor's
 * operator issues a credit note against it. A credit note first lowers what is left to pay
 * of an open invoice (`amount_credited`, its pre-payment part); the rest gives back what was
 * paid (`amount_credited_after_payment`): refunded to the card (`refunds`, one per payment
 * refunded, written before the gateway is asked, with the idempotency key it is asked with),
 * or added to the account's credit balance (a `credit` fact in the subscription's log,
 * `credit_event_id`). The embedded test gateway keeps its refunds in `test_gateway_refunds`.
 */
export const creditNotes = `
alter table invoices add column amount_credited bigint not null default 0
  check (amount_credited >= 0);
alter table invoices add column amount_credited_after_payment bigint not null default 0
  check (amount_credited_after_payment >= 0);

create table credit_notes (
  org_id text not null references organizations (id),
  id text primary key,
  invoice_id text not null references invoices (id),
  number text not null,
  currency text not null,
  amount bigint not null check (amount > 0),
  pre_payment_amount bigint not null check (pre_payment_amount >= 0),
  refund_amount bigint not null check (refund_amount >= 0),
  balance_amount bigint not null check (balance_amount >= 0),
  reason text not null
    check (reason in ('duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory', 'billing_error')),
  memo text,
  credit_event_id text references subscription_events (id),
  actor text not null,
  created_at timestamptz not null,
  check (pre_payment_amount + refund_amount + balance_amount = amount)
);
create unique index credit_notes_number on credit_notes (org_id, number);
create index credit_notes_invoice on credit_notes (invoice_id, created_at);

create table refunds (
  org_id text not null references organizations (id),
  id text primary key,
  credit_note_id text not null references credit_notes (id),
  payment_id text not null references payments (id),
  amount bigint not null check (amount > 0),
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  idempotency_key text not null unique,
  gateway_reference text,
  failure_code text,
  failure_message text,
  created_at timestamptz not null,
  settled_at timestamptz
);
create index refunds_credit_note on refunds (credit_note_id);
create index refunds_payment on refunds (payment_id);
create index refunds_pending on refunds (created_at) where status = 'pending';

create table test_gateway_refunds (
  idempotency_key text primary key,
  id text not null unique,
  charge_id text not null,
  amount bigint not null,
  status text not null,
  failure_code text,
  failure_message text,
  created_at timestamptz not null
);
create index test_gateway_refunds_charge on test_gateway_refunds (charge_id);
`;
