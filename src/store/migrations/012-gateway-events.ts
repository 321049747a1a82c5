/**
 * Events the payment gateway sent (Stripe's signed webhooks), by the gateway's event id: a
 * delivery repeated by the gateway is recognised, and what each event did is kept.
 */
export const gatewayEvents = `
create table gateway_events (
  id text primary key,
  gateway text not null,
  type text not null,
  outcome text not null,
  received_at timestamptz not null
);
`;
