import { notFound } from '../app-error.js';
import { splitPage } from '../pagination.js';
import { requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { storedInvoiceView } from '../views.js';

export async function listInvoices(
  context: AppContext,
  actor: Actor,
  filter: { subscriptionId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  requireScope(actor, 'billing:read');
  const db = context.store.db;
  let query = db.selectFrom('invoices').selectAll().where('org_id', '=', actor.orgId);
  if (filter.subscriptionId) query = query.where('subscription_id', '=', filter.subscriptionId);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, filter.limit);
  const lines = page.length
    ? await db
        .selectFrom('invoice_lines')
        .selectAll()
        .where(
          'invoice_id',
          'in',
          page.map((row) => row.id),
        )
        .orderBy('position')
        .execute()
    : [];
  const names = await locationNames(db, actor.orgId);
  return {
    data: page.map((row) =>
      storedInvoiceView(
        row,
        lines.filter((line) => line.invoice_id === row.id),
        row.location_id ? (names.get(row.location_id) ?? null) : null,
      ),
    ),
    nextCursor,
  };
}

export async function getInvoice(context: AppContext, actor: Actor, invoiceId: string) {
  requireScope(actor, 'billing:read');
  const db = context.store.db;
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!row) throw notFound('Invoice', 'invoiceId');
  const lines = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', row.id)
    .orderBy('position')
    .execute();
  const names = await locationNames(db, actor.orgId);
  return storedInvoiceView(
    row,
    lines,
    row.location_id ? (names.get(row.location_id) ?? null) : null,
  );
}

async function locationNames(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** An organisation's invoice, its row locked for the rest of the transaction. */
/** That the organisation has this invoice (another organisation's is not found). */
export async function requireInvoice(db: Db, orgId: string, invoiceId: string): Promise<void> {
  const invoice = await db
    .selectFrom('invoices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw notFound('Invoice', 'invoiceId');
}

export async function lockInvoice(db: Db, orgId: string, invoiceId: string) {
  const invoice = await db
    .selectFrom('invoices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirst();
  if (!invoice) throw notFound('Invoice', 'invoiceId');
  return invoice;
}
