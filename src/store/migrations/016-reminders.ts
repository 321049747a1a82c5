/**
 * Reminders (11: the renewal window of a term and its last week, 004; unused licences before
 * the removal deadline, 002): each subscription carries the instant its next reminder falls
 * due, kept with its due instant, and the delivery worker visits only those due.
 */
export const reminders = `
alter table subscriptions add column next_reminder_at timestamptz;
create index subscriptions_reminders on subscriptions (next_reminder_at)
  where next_reminder_at is not null;
`;
