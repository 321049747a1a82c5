/**
 * An organisation's API key belongs to the person who made it: its scopes never exceed what
 * that person may do now, and it stops working when they are made inactive. Keys made
 * before this migration are given the owner when the audit log says a staff member made
 * them, and the organisation's owner for the sign-up key.
 */
export const keyOwners = `
alter table api_keys add column owner_staff_id text references staff (id);
update api_keys k set owner_staff_id = substr(a.actor, 7)
  from audit_log a
 where a.subject = k.id and a.action = 'api_key.created' and a.actor like 'staff:%';
update api_keys k set owner_staff_id = o.owner_staff_id
  from organizations o
 where k.owner_staff_id is null and o.id = k.org_id and k.name = 'Sign-up key';
`;
