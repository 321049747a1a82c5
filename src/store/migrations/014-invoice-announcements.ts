/**
 * An invoice is announced (its "invoice issued" e-mail queued) after it is written, by the
 * delivery worker, not by the billing run: billing stays a fixed number of statements per
 * batch. Invoices issued before e-mail existed count as announced.
 */
export const invoiceAnnouncements = `
alter table invoices add column announced_at timestamptz;
update invoices set announced_at = issued_at;
create index invoices_unannounced on invoices (created_at, id) where announced_at is null;
`;
