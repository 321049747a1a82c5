import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/app-error.js';
import { inTransaction } from '../../src/app/context.js';
import { migrate } from '../../src/store/migrate.js';
import { postgresUrl, signUp, startService, type TestService } from '../support/service.js';

/** The same repository suite on the embedded PGlite and on a real PostgreSQL. */
const backends: [string, string | undefined][] = [['PGlite', undefined]];
if (postgresUrl) backends.push(['PostgreSQL', postgresUrl]);

describe.each(backends)('store on %s', (_name, url) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService(url);
  });
  afterAll(() => service.close());

  it('migrates once: a second run applies nothing', async () => {
    expect(await migrate(service.store.db)).toEqual([]);
    const applied = await sql<{ id: string }>`select id from schema_migrations order by id`.execute(
      service.store.db,
    );
    expect(applied.rows.map((row) => row.id)).toEqual(MIGRATIONS.map((migration) => migration.id));
  });

  it('keeps amounts beyond 2^53 exact, and reads the same types on both drivers', async () => {
    const tenant = await signUp(service.app);
    const [subscriptionId] = tenant.subscriptionIds;
    const db = service.store.db;
    const huge = 2n ** 62n + 7n;
    await db
      .insertInto('invoices')
      .values({
        org_id: tenant.orgId,
        id: `inv_test_${tenant.orgId}`,
        subscription_id: subscriptionId ?? '',
        number: 999,
        billing_key: 'test',
        due_at: new Date(),
        issued_at: new Date('2026-01-01T00:00:00Z'),
        currency: 'USD',
        subtotal: huge,
        credit_applied: 0n,
        total: huge,
        created_at: new Date(),
      })
      .execute();
    const row = await db
      .selectFrom('invoices')
      .selectAll()
      .where('id', '=', `inv_test_${tenant.orgId}`)
      .executeTakeFirstOrThrow();
    expect(row.subtotal).toBe(huge);
    expect(row.issued_at).toBeInstanceOf(Date);
    expect(row.issued_at.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const staff = await db
      .selectFrom('staff')
      .selectAll()
      .where('id', '=', tenant.ownerId)
      .executeTakeFirstOrThrow();
    expect(Array.isArray(staff.permissions)).toBe(true);
    const subscription = await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', subscriptionId ?? '')
      .executeTakeFirstOrThrow();
    expect(subscription.seats).toEqual({ provider: 3, admin: 1 });
    // The contract keeps the definition it was sold, not a name a later price change would move.
    expect(subscription.plan_version_id).toBe('plv_per-provider_v1');
    expect(subscription.plan).toMatchObject({ id: 'plv_per-provider_v1', currency: 'USD' });
  });

  it('turns a unique violation into a conflict, and rolls the whole transaction back', async () => {
    const tenant = await signUp(service.app);
    const error = await inTransaction(service.context, async (trx) => {
      await trx
        .insertInto('locations')
        .values({
          org_id: tenant.orgId,
          id: `loc_dup_${tenant.orgId}`,
          name: 'One',
          created_at: new Date(),
        })
        .execute();
      await trx
        .insertInto('locations')
        .values({
          org_id: tenant.orgId,
          id: `loc_dup_${tenant.orgId}`,
          name: 'Two',
          created_at: new Date(),
        })
        .execute();
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    const left = await service.store.db
      .selectFrom('locations')
      .select('id')
      .where('id', '=', `loc_dup_${tenant.orgId}`)
      .execute();
    expect(left).toEqual([]);
  });

  it('one invoice per subscription and billing key', async () => {
    const tenant = await signUp(service.app);
    const [invoice] = await service.store.db
      .selectFrom('invoices')
      .selectAll()
      .where('org_id', '=', tenant.orgId)
      .execute();
    if (!invoice) throw new Error('the first invoice is missing');
    const duplicate = service.store.db
      .insertInto('invoices')
      .values({ ...invoice, id: `${invoice.id}_again`, number: invoice.number + 1 })
      .execute();
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
  });

  it('derives the same invoices on either database', async () => {
    const tenant = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 4 },
      testClock: { startsAt: '2026-05-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-05-15T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`, {
      op: 'add',
      seats: { practitioner: 1 },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-06-01T00:00:00Z' });
    const invoices = await tenant.call('GET', '/v1/invoices');
    expect(
      (invoices.body['data'] as { subtotal: number }[]).map((invoice) => invoice.subtotal),
    ).toEqual([27187, 19600]);
  });

  it('serialises concurrent assignments of the last licence through the subscription lock', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 1 } });
    const staff = [];
    for (let i = 0; i < 6; i++) {
      const created = await tenant.call('POST', '/v1/staff', {
        name: `Racer ${i}`,
        email: `racer${i}-${tenant.orgId}@example.test`,
      });
      staff.push((created.body as { id: string }).id);
    }
    const results = await Promise.all(
      staff.map((id) =>
        tenant.call('POST', `/v1/staff/${id}/licences`, { licenceType: 'provider' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body['code'] === 'no_licence_available')).toHaveLength(5);
  });
});
