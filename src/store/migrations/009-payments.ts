/**
 * Collecting the money. Invoices get a status (open, paid, void, uncollectible), what has
 * been paid against them and a due date; an invoice of nothing is paid when issued, others
 * are open until paid (existing ones are due 30 days after issue, the default net terms).
 * Organisations keep cards on file (`payment_methods`: the gateway's references, brand, last
 * four digits and expiry; never a card number), and every attempt to charge one is a
 * `payments` row written before the gateway is asked, with the idempotency key the gateway
 * is asked with: a crash between its answer and our write is reconciled by asking again with
 * that key, so an invoice is never charged twice. The embedded test gateway keeps its own
 * records in `test_gateway_*` tables, as a card processor would on its side.
 * The seeded annual term plan (004: "paid for at once by credit or debit card") is collected
 * by charging the card on file; its definition had no collection method before.
 */
export const payments = `
alter table invoices add column status text not null default 'open'
  check (status in ('open', 'paid', 'void', 'uncollectible'));
alter table invoices add column amount_paid bigint not null default 0 check (amount_paid >= 0);
alter table invoices add column due_at timestamptz;
update invoices set status = 'paid' where total <= 0;
update invoices set due_at = issued_at + interval '30 days';
alter table invoices alter column due_at set not null;
create index invoices_open on invoices (org_id, due_at) where status = 'open';

alter table organizations add column payment_customer text;

create table payment_methods (
  org_id text not null references organizations (id),
  id text primary key,
  gateway text not null,
  gateway_method text not null,
  brand text not null,
  last4 text not null check (last4 ~ '^[0-9]{4}$'),
  exp_month integer not null check (exp_month between 1 and 12),
  exp_year integer not null,
  is_default boolean not null default false,
  created_at timestamptz not null,
  removed_at timestamptz
);
create unique index payment_methods_default
  on payment_methods (org_id) where is_default and removed_at is null;
create index payment_methods_org on payment_methods (org_id, id);

create table payments (
  org_id text not null references organizations (id),
  id text primary key,
  invoice_id text not null references invoices (id),
  payment_method_id text not null references payment_methods (id),
  amount bigint not null check (amount > 0),
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  idempotency_key text not null unique,
  gateway_reference text,
  failure_code text,
  failure_message text,
  actor text not null,
  created_at timestamptz not null,
  settled_at timestamptz
);
create unique index payments_one_pending on payments (invoice_id) where status = 'pending';
create index payments_invoice on payments (invoice_id, created_at);

-- A purchase paid for at once by card (004): written before the card is charged, with the
-- idempotency key; completed in the transaction that records the purchase, or refunded.
create table purchase_intents (
  org_id text not null references organizations (id),
  id text primary key,
  subscription_id text not null references subscriptions (id),
  payment_method_id text not null references payment_methods (id),
  proposal jsonb not null,
  amount bigint not null check (amount > 0),
  currency text not null,
  idempotency_key text not null unique,
  status text not null check (status in ('pending', 'completed', 'failed', 'refunded', 'abandoned')),
  gateway_reference text,
  failure_code text,
  failure_message text,
  actor text not null,
  created_at timestamptz not null,
  settled_at timestamptz
);
create index purchase_intents_pending on purchase_intents (created_at) where status = 'pending';

create table test_gateway_tokens (
  id text primary key,
  brand text not null,
  last4 text not null,
  exp_month integer not null,
  exp_year integer not null,
  behaviour text not null,
  created_at timestamptz not null,
  used_at timestamptz
);
create table test_gateway_methods (
  id text primary key,
  customer text not null,
  brand text not null,
  last4 text not null,
  exp_month integer not null,
  exp_year integer not null,
  behaviour text not null,
  created_at timestamptz not null
);
create table test_gateway_charges (
  idempotency_key text primary key,
  id text not null unique,
  method text not null,
  amount bigint not null,
  currency text not null,
  status text not null,
  failure_code text,
  failure_message text,
  created_at timestamptz not null,
  refunded_at timestamptz
);

update plan_versions
  set definition = regexp_replace(definition::text, '}\\s*$',
    ',"collection":{"method":"charge_automatically","daysUntilDue":0}}')::json
  where id = 'plv_annual-term-blocks_v1' and definition::text not like '%"collection"%';
update subscriptions
  set plan = regexp_replace(plan::text, '}\\s*$',
    ',"collection":{"method":"charge_automatically","daysUntilDue":0}}')::json
  where plan_version_id = 'plv_annual-term-blocks_v1' and plan::text not like '%"collection"%';
`;
