/**
 * Each subscription carries the next instant a billing run must visit it, maintained with
 * every change and every run; a run selects only what is due, through this index. Existing
 * subscriptions are due at once, so the first run computes their real instant.
 */
export const dueIndex = `
alter table subscriptions add column next_due_at timestamptz;
update subscriptions set next_due_at = coalesce(billed_through, start_at);
create index subscriptions_due on subscriptions (next_due_at, id) where next_due_at is not null;
`;
