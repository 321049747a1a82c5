/**
 * Idempotency keys belong to the caller that sent them, not to its whole organisation (another
 * member replaying the owner's key got the owner's answer); responses are kept as the exact
 * text sent. Keys already stored (24 hours' worth) stay, under no caller, until purged.
 */
export const idempotencyPerCaller = `
alter table idempotency_keys add column caller text not null default '';
alter table idempotency_keys add column response_text text;
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add primary key (org_id, caller, key);
create index idempotency_keys_created on idempotency_keys (created_at);
`;
