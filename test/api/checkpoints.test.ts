import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMissingCheckpoints } from '../../src/app/billing/build-checkpoints.js';
import { loadSubscriptionLog } from '../../src/app/subscriptions/subscription-log.js';
import { operatorCaller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe('checkpoints at the service', () => {
  it('reads start at the last invoiced instant, and answer exactly as a read of the whole log', async () => {
    const tenant = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 4, 'telehealth-pro': 1 },
      testClock: { startsAt: '2026-01-10T09:00:00Z' },
    });
    const id = tenant.subscriptionIds[0] ?? '';
    const change = (body: unknown) =>
      tenant.call('POST', `/v1/subscriptions/${id}/licence-changes`, body);
    for (const [month, day] of [
      [1, 20],
      [2, 3],
      [2, 17],
      [3, 8],
      [4, 25],
      [5, 2],
    ] as const) {
      await tenant.call('POST', '/v1/test-clock/advance', {
        to: `2026-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00Z`,
      });
      await change({ op: 'add', seats: { practitioner: 2 } });
      await change({ op: 'remove', seats: { practitioner: 1 } });
      await change({ op: 'set', seats: { 'telehealth-pro': month % 3 } });
    }
    const checkpoint = await sql<{ at: Date; event_count: number }>`
      select at, event_count from subscription_checkpoints where subscription_id = ${id}`.execute(
      service.store.db,
    );
    expect(checkpoint.rows[0]?.event_count).toBeGreaterThan(10);
    const log = await loadSubscriptionLog(service.store.db, tenant.orgId, id, { lock: false });
    expect(log.events.length).toBeLessThan(18);
    expect(log.offset + log.events.length).toBe(18);

    const reads = async () => ({
      subscription: (await tenant.call('GET', `/v1/subscriptions/${id}`)).body,
      upcoming: (await tenant.call('GET', `/v1/subscriptions/${id}/upcoming-invoice`)).body,
      preview: (
        await tenant.call('POST', `/v1/subscriptions/${id}/licence-changes?preview=true`, {
          op: 'remove',
          seats: { practitioner: 2 },
        })
      ).body,
    });
    const fromCheckpoint = await reads();
    await sql`delete from subscription_checkpoints where subscription_id = ${id}`.execute(
      service.store.db,
    );
    const fromStart = await reads();
    expect(fromCheckpoint).toEqual(fromStart);
    // The next change writes the next checkpoint, and the invoices go on where they were.
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-07-02T00:00:00Z' });
    const invoices = await tenant.call('GET', '/v1/invoices?limit=200');
    const numbers = (invoices.body['data'] as { number: number }[]).map((i) => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('a line caused by a fact before the checkpoint still names it', async () => {
    const operator = await operatorCaller(service);
    const planId = `yearly-${process.pid}`;
    await operator('POST', '/v1/operator/plans', {
      id: planId,
      name: 'Yearly, changes invoiced at once',
      definition: {
        currency: 'USD',
        interval: 'year',
        licenceTypes: { seat: { unitAmount: 12000 } },
        invoiceChanges: 'immediately',
        decrease: { effective: 'immediately', credit: 'prorated' },
      },
    });
    await operator('POST', `/v1/operator/plans/${planId}/versions/1/publish`);
    const tenant = await signUp(service.app, {
      plan: planId,
      seats: { seat: 3 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const id = tenant.subscriptionIds[0] ?? '';
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-02-10T00:00:00Z' });
    // The rest of the paid year is credited when the subscription ends, on 15 April.
    const cancel = await tenant.call('POST', `/v1/subscriptions/${id}/cancellation`, {
      effective: '2026-04-15T00:00:00Z',
    });
    // An addition invoiced at once on 1 March: the checkpoint moves past the cancellation.
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-03-01T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${id}/licence-changes`, {
      op: 'add',
      seats: { seat: 1 },
    });
    const log = await loadSubscriptionLog(service.store.db, tenant.orgId, id, { lock: false });
    expect(log.offset).toBe(2);
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-04-16T00:00:00Z' });
    const invoices = await tenant.call('GET', '/v1/invoices?limit=200');
    const last = (
      invoices.body['data'] as { lines: { cause: string; eventId: string | null }[] }[]
    )[0];
    const credits = last?.lines.filter((line) => line.cause === 'cancellation') ?? [];
    expect(credits.length).toBeGreaterThan(0);
    for (const line of credits) expect(line.eventId).toBe(cancel.body['eventId']);
  });

  it('subscriptions from before checkpoints get one, and read the same', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 3, assistant: 2 } }],
      testClock: { startsAt: '2026-01-05T00:00:00Z' },
    });
    const id = tenant.subscriptionIds[0] ?? '';
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-03-10T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${id}/licence-changes`, {
      op: 'add',
      seats: { assistant: 1 },
    });
    const before = (await tenant.call('GET', `/v1/subscriptions/${id}`)).body;
    await sql`delete from subscription_checkpoints where subscription_id = ${id}`.execute(
      service.store.db,
    );
    expect(await buildMissingCheckpoints(service.context)).toBeGreaterThanOrEqual(1);
    const log = await loadSubscriptionLog(service.store.db, tenant.orgId, id, { lock: false });
    // Billed on the 5th of each month, from the start: the last invoiced instant.
    expect(log.checkpoint?.at).toBe(Date.parse('2026-03-05T00:00:00Z'));
    expect((await tenant.call('GET', `/v1/subscriptions/${id}`)).body).toEqual(before);
  });
});
