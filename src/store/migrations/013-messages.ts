/**
 * Telling people (11). The outbox becomes a delivery queue: each message keeps its rendered
 * text and HTML, its recipient, its attachments (named, rendered when sent), a status
 * (`pending` until delivered, then `sent`, or `failed` after its last attempt), the attempts
 * made (`message_attempts`) and a lease (`locked_until`) that a delivery worker holds while
 * sending, claimed with FOR UPDATE SKIP LOCKED. A `dedup_key` keeps a reminder to one message.
 * Messages queued before delivery existed are delivered now. An organisation names its billing
 * contact (by default its owner) and who gets what (`notification_preferences`).
 */
export const messages = `
create table messages (
  org_id text not null references organizations (id),
  id text primary key,
  kind text not null,
  recipient_email text not null,
  recipient_name text,
  subject text not null,
  text_body text not null,
  html_body text not null,
  attachments jsonb not null default '[]',
  dedup_key text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create unique index messages_dedup on messages (org_id, dedup_key, recipient_email)
  where dedup_key is not null;
create index messages_due on messages (next_attempt_at) where status = 'pending';
create index messages_org on messages (org_id, created_at desc, id desc);

create table message_attempts (
  message_id text not null references messages (id),
  attempt integer not null,
  at timestamptz not null,
  outcome text not null check (outcome in ('sent', 'failed')),
  error text,
  primary key (message_id, attempt)
);

insert into messages (org_id, id, kind, recipient_email, subject, text_body, html_body,
                      next_attempt_at, created_at)
  select org_id, id, kind, recipient, subject, body, '', created_at, created_at
  from outbox where delivered_at is null;
drop table outbox;

alter table organizations add column billing_email text;
alter table organizations add column notification_preferences jsonb not null default '{}';
`;
