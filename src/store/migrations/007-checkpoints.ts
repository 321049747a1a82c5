/**
 * The engine's state of each subscription at its last invoiced instant, written with the
 * invoices it closes: a request reads it and the facts after it, never the whole log.
 * Subscriptions without one are read from the start, and get one with their next invoice.
 */
export const checkpoints = `
create table subscription_checkpoints (
  org_id text not null references organizations (id),
  subscription_id text primary key references subscriptions (id),
  at timestamptz not null,
  event_count integer not null,
  state json not null,
  written_at timestamptz not null
);
`;
