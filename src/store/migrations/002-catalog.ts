/**
 * The vendor's catalog: plans with immutable, published versions, operator keys, and each
 * subscription pinned to the version it was sold. Existing data is pinned to what it has
 * today: a subscription that named a preset gets that preset's definition as it stood when
 * this migration was written (frozen below, so a later change to the presets in code never
 * re-prices a contract); one that carried its own plan object gets a private plan of its own
 * organisation. Renewals recorded with a preset's name get the same definition.
 */
const PRESETS_AT_MIGRATION: readonly (readonly [id: string, name: string, definition: string])[] = [
  [
    'prorated-monthly',
    'Prorated monthly with add-ons',
    '{"currency":"USD","interval":"month","intervalCount":1,"licenceTypes":{"practitioner":{"unitAmount":4900},"telehealth-pro":{"unitAmount":1500,"addonTo":["practitioner"]},"benchmarking":{"unitAmount":1000,"addonTo":["practitioner"]}},"proration":{"basis":"day","rounding":"half_up"},"invoiceChanges":"next_invoice","increase":{"charge":"prorated"},"decrease":{"effective":"immediately","credit":"prorated"},"blockSize":1,"term":null,"scope":"organization","licenceRoles":{"provider":["practitioner"],"admin":[]},"exclusiveLicences":[],"ownerLicence":null,"removalReasonRequired":false,"removalExplanationRequired":false}',
  ],
  [
    'clinic-requests',
    'Clinic licences by request',
    '{"currency":"USD","interval":"month","intervalCount":1,"licenceTypes":{"therapist":{"unitAmount":10000},"assistant":{"unitAmount":5000},"clerical":{"unitAmount":0,"unlimited":true}},"proration":{"basis":"day","rounding":"half_up"},"invoiceChanges":"next_invoice","increase":{"charge":"prorated"},"decrease":{"effective":"period_end","credit":"none","cutoffHours":24},"blockSize":1,"term":null,"scope":"location","licenceRoles":{"provider":["therapist","assistant"],"admin":["clerical"]},"exclusiveLicences":[["therapist","assistant"]],"ownerLicence":null,"removalReasonRequired":true,"removalExplanationRequired":true}',
  ],
  [
    'per-provider',
    'Per provider',
    '{"currency":"USD","interval":"month","intervalCount":1,"licenceTypes":{"provider":{"unitAmount":6000},"admin":{"unitAmount":3000}},"proration":{"basis":"day","rounding":"half_up"},"invoiceChanges":"immediately","increase":{"charge":"prorated"},"decrease":{"effective":"period_end","credit":"none"},"blockSize":1,"term":null,"scope":"organization","licenceRoles":{"provider":["provider"],"admin":["admin"]},"exclusiveLicences":[["provider","admin"]],"ownerLicence":"provider","removalReasonRequired":false,"removalExplanationRequired":false}',
  ],
  [
    'annual-term-blocks',
    'Annual term, licences in blocks of 5',
    '{"currency":"USD","interval":"year","intervalCount":1,"licenceTypes":{"user":{"unitAmount":6000}},"proration":{"basis":"day","rounding":"half_up"},"invoiceChanges":"immediately","increase":{"charge":"full"},"decrease":{"effective":"renewal","credit":"none"},"blockSize":5,"term":{"intervals":1,"renewalWindowDays":30,"increaseBlockedInRenewalWindow":true,"autoRenew":false},"scope":"organization","licenceRoles":{"provider":["user"],"admin":["user"]},"exclusiveLicences":[],"ownerLicence":null,"removalReasonRequired":false,"removalExplanationRequired":false}',
  ],
];

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

const seedPresets = PRESETS_AT_MIGRATION.map(
  ([id, name, definition], i) => `
insert into plans (id, name, description, created_at, retired_at)
  values (${quote(id)}, ${quote(name)}, null, now() + interval '${i} milliseconds', null);
insert into plan_versions (id, plan_id, version, definition, org_id, created_by, created_at, published_at)
  values (${quote(`plv_${id}_v1`)}, ${quote(id)}, 1, ${quote(definition)}::json, null, 'migration', now(), now());`,
).join('\n');

export const catalog = `
create table plans (
  id text primary key,
  name text not null,
  description text,
  created_at timestamptz not null,
  retired_at timestamptz
);

create table plan_versions (
  id text primary key,
  plan_id text not null references plans (id),
  version integer not null,
  definition json not null,
  org_id text references organizations (id),
  created_by text not null,
  created_at timestamptz not null,
  published_at timestamptz,
  unique (plan_id, version)
);
create index plan_versions_published on plan_versions (plan_id, version) where published_at is not null;

create table operator_keys (
  id text primary key,
  name text not null,
  key_hash text not null unique,
  created_at timestamptz not null,
  revoked_at timestamptz
);

create table operator_audit_log (
  id text primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  subject text not null,
  org_id text references organizations (id),
  after jsonb
);

-- What a renewal does to the licences held, applied when the next term starts.
create table licence_transitions (
  org_id text not null references organizations (id),
  id text primary key,
  subscription_id text not null references subscriptions (id),
  event_id text not null references subscription_events (id),
  effective_at timestamptz not null,
  plan jsonb not null,
  applied_at timestamptz
);
create index licence_transitions_due
  on licence_transitions (subscription_id, effective_at) where applied_at is null;

alter table subscriptions add column plan_version_id text references plan_versions (id);
${seedPresets}

-- json, not jsonb: a plan's licence types are listed in the order the plan gives them, and
-- invoices list their lines in that order; jsonb would sort the keys.
alter table subscriptions alter column plan type json using plan::json;
alter table subscription_events alter column payload type json using payload::json;

update subscriptions s
   set plan_version_id = v.id,
       plan = ('{"id":"' || v.id || '",' || substr(v.definition::text, 2))::json
  from plan_versions v
 where json_typeof(s.plan) = 'string' and v.id = 'plv_' || (s.plan #>> '{}') || '_v1';

insert into plans (id, name, description, created_at, retired_at)
  select 'custom-' || id, 'Custom plan of ' || id, 'Carried over from a plan object sent at sign-up',
         created_at, now()
    from subscriptions where plan_version_id is null;
insert into plan_versions (id, plan_id, version, definition, org_id, created_by, created_at, published_at)
  select 'plv_custom-' || id || '_v1', 'custom-' || id, 1, (plan::jsonb - 'id')::json, org_id,
         'migration', created_at, created_at
    from subscriptions where plan_version_id is null;
update subscriptions
   set plan_version_id = 'plv_custom-' || id || '_v1',
       plan = ('{"id":"plv_custom-' || id || '_v1",' || substr(plan::text, 2))::json
 where plan_version_id is null;
alter table subscriptions alter column plan_version_id set not null;

-- Invoice numbers run per organisation, not per subscription: two clinics' subscriptions
-- had both issued an invoice 1. Existing invoices are renumbered in order of issue.
alter table invoices add column location_id text references locations (id);
update invoices i set location_id = s.location_id from subscriptions s where s.id = i.subscription_id;
alter table invoices drop constraint invoices_subscription_id_number_key;
update invoices i set number = r.n
  from (select id, row_number() over (partition by org_id order by issued_at, id) as n from invoices) r
 where r.id = i.id;
create unique index invoices_number on invoices (org_id, number);
alter table organizations add column invoice_seq integer not null default 0;
update organizations o set invoice_seq = coalesce((select max(number) from invoices i where i.org_id = o.id), 0);

update subscription_events e
   set payload = ('{"plan":{"id":"' || v.id || '",' || substr(v.definition::text, 2)
                  || case when (e.payload::jsonb - 'plan') = '{}'::jsonb then '}'
                          else ',' || substr((e.payload::jsonb - 'plan')::text, 2) end)::json
  from plan_versions v
 where e.op = 'renew' and json_typeof(e.payload -> 'plan') = 'string'
   and v.id = 'plv_' || (e.payload ->> 'plan') || '_v1';
`;
