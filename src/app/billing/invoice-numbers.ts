import { sql } from 'kysely';
import { recordset } from '../../store/recordset.js';
import type { Db } from '../context.js';

/**
 * Reserve, for each organisation, `count` invoice numbers (numbers are unique in an
 * organisation, in order of issue), and hand them out in order. The organisations' rows are
 * locked in order of id first, so runs that share organisations queue instead of deadlocking;
 * the lock also orders concurrent billing of one organisation's clinics.
 */
export async function reserveInvoiceNumbers(
  db: Db,
  counts: ReadonlyMap<string, number>,
): Promise<(orgId: string) => number> {
  const next = new Map<string, number>();
  if (counts.size > 1) {
    await db
      .selectFrom('organizations')
      .select('id')
      .where('id', 'in', [...counts.keys()])
      .orderBy('id')
      .forNoKeyUpdate()
      .execute();
  }
  if (counts.size > 0) {
    const rows = [...counts].map(([id, count]) => ({ id, count }));
    const { rows: reserved } = await sql<{ id: string; invoice_seq: number }>`
      update organizations o set invoice_seq = o.invoice_seq + r.count
      from ${recordset(rows, { id: 'text', count: 'integer' })}
      where o.id = r.id
      returning o.id, o.invoice_seq`.execute(db);
    for (const { id, invoice_seq } of reserved) {
      next.set(id, invoice_seq - (counts.get(id) ?? 0) + 1);
    }
  }
  return (orgId) => {
    const number = next.get(orgId);
    if (number === undefined) throw new Error(`no invoice number reserved for ${orgId}`);
    next.set(orgId, number + 1);
    return number;
  };
}
