import type { Db } from '../context.js';

/** Who an actor label and a subject id are, by name, for the rows of one page of the log. */
export async function entryNames(
  db: Db,
  orgId: string,
  rows: readonly { readonly actor: string; readonly subject: string }[],
): Promise<{ actor: (label: string) => string; subject: (id: string) => string }> {
  const staffIds = new Set<string>();
  const keyIds = new Set<string>();
  const subscriptionIds = new Set<string>();
  for (const row of rows) {
    const [kind, id = ''] = row.actor.split(':');
    if (kind === 'staff') staffIds.add(id);
    if (kind === 'api_key') keyIds.add(id);
    if (row.subject.startsWith('stf_')) staffIds.add(row.subject);
    if (row.subject.startsWith('sub_')) subscriptionIds.add(row.subject);
  }
  const staff = staffIds.size
    ? await db
        .selectFrom('staff')
        .select(['id', 'name'])
        .where('org_id', '=', orgId)
        .where('id', 'in', [...staffIds])
        .execute()
    : [];
  const keys = keyIds.size
    ? await db
        .selectFrom('api_keys')
        .select(['id', 'name'])
        .where('org_id', '=', orgId)
        .where('id', 'in', [...keyIds])
        .execute()
    : [];
  const clinics = subscriptionIds.size
    ? await db
        .selectFrom('subscriptions')
        .leftJoin('locations', 'locations.id', 'subscriptions.location_id')
        .select(['subscriptions.id', 'locations.name'])
        .where('subscriptions.org_id', '=', orgId)
        .where('subscriptions.id', 'in', [...subscriptionIds])
        .execute()
    : [];
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  const clinicName = new Map(clinics.map((c) => [c.id, c.name ?? 'the organisation']));
  return {
    actor: (label) => {
      const [kind, id = ''] = label.split(':');
      if (kind === 'staff') return staffName.get(id) ?? 'A former member';
      if (kind === 'api_key') return `API key "${keyName.get(id) ?? id}"`;
      if (kind === 'operator') return 'The vendor';
      return 'Seatledger';
    },
    subject: (id) =>
      staffName.get(id) ??
      (clinicName.has(id) ? `the subscription of ${clinicName.get(id) ?? ''}` : id),
  };
}
