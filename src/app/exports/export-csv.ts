import { currencyExponent, minorToDecimal } from '../../core/money/index.js';
import { listAudit } from '../audit-queries.js';
import { listInvoices } from '../billing/invoice-queries.js';
import type { Actor, AppContext } from '../context.js';
import { listStaff } from '../staff/staff-queries.js';
import { toCsv } from './csv.js';

export const EXPORTS = ['staff.csv', 'invoices.csv', 'audit-log.csv'] as const;
export type ExportName = (typeof EXPORTS)[number];

/** The most rows one export holds; a larger one says so in its last row. */
export const MAX_EXPORT_ROWS = 10_000;
const PAGE = 100;

/**
 * A CSV export (12): staff with their licences, invoices, or the audit log in words. Each is
 * read through the same queries as the API's lists (the same scopes: e-mails need staff:read,
 * invoices billing:read, the audit log audit:read), a page at a time, up to MAX_EXPORT_ROWS.
 * Amounts are decimals in the invoice's currency (its ISO 4217 exponent).
 */
export async function exportCsv(context: AppContext, actor: Actor, name: ExportName) {
  switch (name) {
    case 'staff.csv':
      return staffCsv(context, actor);
    case 'invoices.csv':
      return invoicesCsv(context, actor);
    case 'audit-log.csv':
      return auditCsv(context, actor);
  }
}

async function collect<T>(
  next: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
): Promise<{ rows: T[]; cut: boolean }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await next(cursor);
    rows.push(...page.data);
    if (!page.nextCursor) return { rows, cut: false };
    if (rows.length >= MAX_EXPORT_ROWS) return { rows: rows.slice(0, MAX_EXPORT_ROWS), cut: true };
    cursor = page.nextCursor;
  }
}

function cutRow(cut: boolean, width: number): unknown[][] {
  if (!cut) return [];
  const row: unknown[] = Array.from({ length: width }, () => null);
  row[0] = `More than ${MAX_EXPORT_ROWS} rows: narrow it with the API's filters`;
  return [row];
}

async function staffCsv(context: AppContext, actor: Actor) {
  const { rows, cut } = await collect((cursor) =>
    listStaff(context, actor, { limit: PAGE, cursor }),
  );
  const organization = await context.store.db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('org_id', '=', actor.orgId)
    .execute();
  const clinic = new Map(organization.map((l) => [l.id, l.name]));
  const header = ['name', 'email', 'clinic', 'status', 'owner', 'licences', 'permissions'];
  return toCsv(header, [
    ...rows.map((s) => [
      s.name,
      s.email,
      s.locationId ? (clinic.get(s.locationId) ?? '') : '',
      s.status,
      s.isOwner ? 'yes' : 'no',
      s.licences.map((l) => `${l.licenceType}${l.active ? '' : ' (off)'}`).join('; '),
      s.permissions.join('; '),
    ]),
    ...cutRow(cut, header.length),
  ]);
}

async function invoicesCsv(context: AppContext, actor: Actor) {
  const { rows, cut } = await collect((cursor) =>
    listInvoices(context, actor, { limit: PAGE, cursor }),
  );
  const header = [
    'number',
    'issued',
    'clinic',
    'status',
    'currency',
    'subtotal',
    'credit applied',
    'total',
    'paid',
    'credited',
    'due',
    'due by',
  ];
  return toCsv(header, [
    ...rows.map((invoice) => {
      const exponent = currencyExponent(invoice.currency);
      const money = (amount: bigint) => minorToDecimal(amount, exponent);
      return [
        invoice.number,
        invoice.issuedAt,
        invoice.locationName ?? '',
        invoice.status,
        invoice.currency,
        money(invoice.subtotal),
        money(invoice.creditApplied),
        money(invoice.total),
        money(invoice.amountPaid),
        money(invoice.amountCredited),
        money(invoice.amountDue),
        invoice.dueAt,
      ];
    }),
    ...cutRow(cut, header.length),
  ]);
}

async function auditCsv(context: AppContext, actor: Actor) {
  const { rows, cut } = await collect((cursor) =>
    listAudit(context, actor, { limit: PAGE, cursor }),
  );
  const header = ['at', 'who', 'what', 'about', 'reason', 'action', 'details'];
  return toCsv(header, [
    ...rows.map((entry) => [
      entry.at,
      entry.actorName,
      entry.sentence,
      entry.subjectName,
      entry.reason,
      entry.action,
      entry.after === null ? '' : JSON.stringify(entry.after),
    ]),
    ...cutRow(cut, header.length),
  ]);
}
