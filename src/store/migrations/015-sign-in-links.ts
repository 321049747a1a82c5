/**
 * Staff sign-in lifecycle (11): a single-use, expiring link to set a password, sent as an
 * invitation when a staff member is added, or on request to reset a forgotten password. Only
 * the link's hash is kept.
 */
export const signInLinks = `
create table sign_in_links (
  org_id text not null references organizations (id),
  id text primary key,
  staff_id text not null references staff (id),
  purpose text not null check (purpose in ('invitation', 'reset')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null
);
create index sign_in_links_staff on sign_in_links (staff_id, created_at);
`;
