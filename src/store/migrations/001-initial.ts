/** The first schema. Every table carries org_id, so data can later be sharded by organisation. */
export const initial = `
create table organizations (
  id text primary key,
  org_id text not null generated always as (id) stored,
  name text not null,
  time_zone text not null,
  currency text not null,
  owner_staff_id text,
  test_clock_at timestamptz,
  created_at timestamptz not null
);

create table locations (
  org_id text not null references organizations (id),
  id text primary key,
  name text not null,
  created_at timestamptz not null
);
create index locations_org on locations (org_id, id);

create table subscriptions (
  org_id text not null references organizations (id),
  id text primary key,
  location_id text references locations (id),
  plan_id text,
  plan jsonb not null,
  time_zone text not null,
  start_at timestamptz not null,
  billing_anchor timestamptz not null,
  seats jsonb not null,
  billed_through timestamptz,
  created_at timestamptz not null
);
create unique index subscriptions_scope on subscriptions (org_id, (coalesce(location_id, '')));

create table subscription_events (
  org_id text not null references organizations (id),
  id text primary key,
  subscription_id text not null references subscriptions (id),
  seq integer not null,
  at timestamptz not null,
  op text not null,
  payload jsonb not null,
  actor text not null,
  reason text,
  explanation text,
  created_at timestamptz not null,
  unique (subscription_id, seq)
);

create table invoices (
  org_id text not null references organizations (id),
  id text primary key,
  subscription_id text not null references subscriptions (id),
  number integer not null,
  billing_key text not null,
  issued_at timestamptz not null,
  currency text not null,
  subtotal bigint not null,
  credit_applied bigint not null,
  total bigint not null,
  created_at timestamptz not null,
  unique (subscription_id, billing_key),
  unique (subscription_id, number)
);
create index invoices_org on invoices (org_id, id);

create table invoice_lines (
  org_id text not null references organizations (id),
  invoice_id text not null references invoices (id),
  position integer not null,
  kind text not null,
  licence_type text not null,
  quantity integer not null,
  period_from timestamptz not null,
  period_to timestamptz not null,
  amount bigint not null,
  description text not null,
  cause text not null,
  event_id text references subscription_events (id),
  primary key (invoice_id, position)
);

create table staff (
  org_id text not null references organizations (id),
  id text primary key,
  location_id text references locations (id),
  name text not null,
  email text not null,
  status text not null check (status in ('active', 'inactive')),
  permissions text[] not null default '{}',
  is_owner boolean not null default false,
  password_hash text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index staff_email on staff ((lower(email)));
create index staff_org on staff (org_id, id);

create table licence_assignments (
  org_id text not null references organizations (id),
  id text primary key,
  subscription_id text not null references subscriptions (id),
  staff_id text not null references staff (id),
  licence_type text not null,
  active boolean not null default false,
  assigned_at timestamptz not null,
  released_at timestamptz
);
create unique index assignments_current
  on licence_assignments (staff_id, subscription_id, licence_type) where released_at is null;
create index assignments_pool
  on licence_assignments (subscription_id, licence_type) where released_at is null;

create table sessions (
  org_id text not null references organizations (id),
  id text primary key,
  staff_id text not null references staff (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_staff on sessions (staff_id) where revoked_at is null;

create table api_keys (
  org_id text not null references organizations (id),
  id text primary key,
  name text not null,
  key_hash text not null unique,
  scopes text[] not null,
  created_at timestamptz not null,
  revoked_at timestamptz
);

create table idempotency_keys (
  org_id text not null references organizations (id),
  key text not null,
  method text not null,
  path text not null,
  body_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null,
  primary key (org_id, key)
);

create table audit_log (
  org_id text not null references organizations (id),
  id text primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  subject text not null,
  before jsonb,
  after jsonb,
  reason text
);
create index audit_log_org on audit_log (org_id, id);

create table outbox (
  org_id text not null references organizations (id),
  id text primary key,
  kind text not null,
  recipient text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create index outbox_pending on outbox (created_at) where delivered_at is null;
`;
