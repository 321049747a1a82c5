import type { OrganizationRow } from '../../store/schema.js';
import type { AppContext, Db } from '../context.js';
import { notFound } from '../app-error.js';

/** An organisation's now: its test clock when it has one, else the wall clock. */
export function organizationNow(context: AppContext, organization: OrganizationRow): Date {
  return organization.test_clock_at ?? context.clock();
}

export async function loadOrganization(db: Db, orgId: string): Promise<OrganizationRow> {
  const organization = await db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!organization) throw notFound('Organisation');
  return organization;
}
