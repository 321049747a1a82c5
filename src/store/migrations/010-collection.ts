/**
 * Automatic collection and dunning: an open invoice of a plan charged to the card carries the
 * instant of its next attempt and how many were made; a billing run charges those due, and a
 * failed attempt is retried on the plan's schedule until the last, after which the plan says
 * what happens (marked uncollectible, or new purchases blocked while it is unpaid).
 */
export const collection = `
alter table invoices add column next_attempt_at timestamptz;
alter table invoices add column attempts integer not null default 0;
create index invoices_collect on invoices (next_attempt_at) where next_attempt_at is not null;
`;
