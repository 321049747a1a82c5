/**
 * Webhooks for integrating companies (11), per the Standard Webhooks specification: endpoints
 * per organisation with event-type filters and a signing secret (rotatable: the previous one
 * still signs for a day), the events (each with its own id, the `webhook-id` of every attempt),
 * a delivery per event and endpoint with its attempts, retried with backoff for three days, and
 * an endpoint turned off after failing that long. The secrets are kept as they are: they sign.
 */
export const webhooks = `
create table webhook_endpoints (
  org_id text not null references organizations (id),
  id text primary key,
  url text not null,
  description text,
  event_types jsonb not null default '[]',
  secret text not null,
  previous_secret text,
  previous_secret_until timestamptz,
  status text not null default 'enabled' check (status in ('enabled', 'disabled')),
  disabled_reason text,
  failing_since timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index webhook_endpoints_org on webhook_endpoints (org_id, created_at);

create table webhook_events (
  org_id text not null references organizations (id),
  id text primary key,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null
);
create index webhook_events_org on webhook_events (org_id, created_at desc);

create table webhook_deliveries (
  org_id text not null references organizations (id),
  id text primary key,
  endpoint_id text not null references webhook_endpoints (id) on delete cascade,
  event_id text not null references webhook_events (id),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  locked_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc);

create table webhook_attempts (
  delivery_id text not null references webhook_deliveries (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null,
  status_code integer,
  error text,
  duration_ms integer not null,
  primary key (delivery_id, attempt)
);
`;
