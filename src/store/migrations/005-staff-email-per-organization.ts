/**
 * A staff e-mail is unique within its organisation, not across all of them: one tenant must
 * not be able to stop another from adding a person, nor learn that an address is in use.
 */
export const staffEmailPerOrganization = `
drop index staff_email;
create unique index staff_email on staff (org_id, (lower(email)));
create index staff_email_lookup on staff ((lower(email)));
`;
