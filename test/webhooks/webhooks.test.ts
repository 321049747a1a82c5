import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks } from '../../src/app/webhooks/deliver-webhooks.js';
import { signUp, startService, type Tenant, type TestService } from '../support/service.js';

interface Arrival {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on loopback: keeps what arrives, answers with the status it is told. */
let receiver: Server;
let receiverUrl = '';
const arrivals: Arrival[] = [];
let answer = 200;
let service: TestService;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      arrivals.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  service = await startService();
});
afterAll(async () => {
  await service.close();
  await new Promise((resolve) => receiver.close(resolve));
});

/** The delivery worker, allowed to reach loopback, at `offsetMs` from now. */
function deliver(offsetMs = 0) {
  return deliverWebhooks({
    ...service.context,
    allowPrivateWebhooks: true,
    clock: () => new Date(Date.now() + offsetMs),
  });
}

function verified(arrival: Arrival, secret: string) {
  const headers = {
    'webhook-id': String(arrival.headers['webhook-id']),
    'webhook-timestamp': String(arrival.headers['webhook-timestamp']),
    'webhook-signature': String(arrival.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(arrival.body, headers) as {
    type: string;
    data: Record<string, unknown>;
  };
}

async function endpointFor(tenant: Tenant, eventTypes?: string[]) {
  const created = await tenant.call('POST', '/v1/webhook-endpoints', {
    url: receiverUrl,
    description: 'Our HR system',
    ...(eventTypes ? { eventTypes } : {}),
  });
  expect(created.status).toBe(201);
  return { id: String(created.body['id']), secret: String(created.body['secret']) };
}

async function assignProvider(tenant: Tenant, name: string) {
  const staff = await tenant.call('POST', '/v1/staff', {
    name,
    email: `${name.toLowerCase().replace(/\W/g, '')}-${tenant.orgId}@clinic.example`,
    password: 'a-long-password-1',
  });
  const staffId = String(staff.body['id']);
  const assigned = await tenant.call('POST', `/v1/staff/${staffId}/licences`, {
    licenceType: 'provider',
  });
  expect(assigned.status).toBe(201);
  return staffId;
}

describe('webhooks, signed per Standard Webhooks (11)', () => {
  it("delivers the endpoint's event types, signed; the library's own verifier accepts them", async () => {
    const tenant = await signUp(service.app);
    const endpoint = await endpointFor(tenant, ['licence.assigned', 'licence.released']);
    const before = arrivals.length;
    const staffId = await assignProvider(tenant, 'Sam Signed');
    await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0] ?? ''}/licence-changes`,
      { op: 'add', seats: { provider: 1 } },
    );
    expect(await deliver()).toMatchObject({ succeeded: 1, failed: 0 });
    const [arrival] = arrivals.slice(before);
    expect(arrival?.headers['webhook-id']).toMatch(/^msg_/);
    const event = verified(arrival as Arrival, endpoint.secret);
    // licences.changed was not asked for: only the assignment arrived.
    expect(event).toMatchObject({
      type: 'licence.assigned',
      data: { staffId, licenceType: 'provider', subscriptionId: tenant.subscriptionIds[0] },
    });
    expect(() =>
      verified(arrival as Arrival, 'whsec_' + Buffer.alloc(32).toString('base64')),
    ).toThrow();
    const tampered = {
      ...(arrival as Arrival),
      body: (arrival as Arrival).body.replace('provider', 'admin'),
    };
    expect(() => verified(tampered, endpoint.secret)).toThrow();
  });

  it('retries a failed delivery with the same webhook-id, and logs every attempt', async () => {
    const tenant = await signUp(service.app);
    const endpoint = await endpointFor(tenant, ['licence.assigned']);
    const before = arrivals.length;
    answer = 500;
    await assignProvider(tenant, 'Rita Retry');
    expect(await deliver()).toMatchObject({ failed: 1 });
    // Not yet due again: nothing is sent.
    expect(await deliver()).toMatchObject({ succeeded: 0, failed: 0 });
    answer = 200;
    expect(await deliver(6_000)).toMatchObject({ succeeded: 1 });
    const [first, second] = arrivals.slice(before);
    expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
    const log = await tenant.call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`);
    const [delivery] = log.body['data'] as {
      id: string;
      status: string;
      attempts: { statusCode: number | null }[];
    }[];
    expect(delivery?.status).toBe('succeeded');
    expect(delivery?.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    // Replayed on request: the same event, the same id, once more.
    const replay = await tenant.call('POST', `/v1/webhook-deliveries/${delivery?.id ?? ''}/replay`);
    expect(replay.status).toBe(202);
    expect(await deliver()).toMatchObject({ succeeded: 1 });
    expect(arrivals.at(-1)?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
  });

  it('turns an endpoint off after three days of failures and tells the organisation', async () => {
    const tenant = await signUp(service.app);
    const endpoint = await endpointFor(tenant, ['licence.assigned']);
    answer = 503;
    await assignProvider(tenant, 'Fay Failing');
    let offset = 0;
    for (let attempt = 0; attempt < 12; attempt++) {
      await deliver(offset);
      offset += 26 * 3_600_000;
    }
    answer = 200;
    const listed = await tenant.call('GET', '/v1/webhook-endpoints');
    const [shown] = listed.body['data'] as { id: string; status: string; disabledReason: string }[];
    expect(shown).toMatchObject({ id: endpoint.id, status: 'disabled' });
    const notice = await service.store.db
      .selectFrom('messages')
      .select(['subject', 'recipient_email'])
      .where('org_id', '=', tenant.orgId)
      .where('kind', '=', 'webhook_endpoint_disabled')
      .execute();
    expect(notice).toEqual([
      { subject: `Webhook endpoint turned off: ${receiverUrl}`, recipient_email: tenant.email },
    ]);
    const on = await tenant.call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {
      enabled: true,
    });
    expect(on.body).toMatchObject({ status: 'enabled', failingSince: null });
  });

  it('a rotated secret: for a day both sign, so the receiver can switch without a gap', async () => {
    const tenant = await signUp(service.app);
    const endpoint = await endpointFor(tenant);
    const rotated = await tenant.call('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.body['previousSecret']).toBe(endpoint.secret);
    const fresh = String(rotated.body['secret']);
    const before = arrivals.length;
    await assignProvider(tenant, 'Ola Overlap');
    await deliver();
    const arrival = arrivals.slice(before)[0] as Arrival;
    expect(verified(arrival, endpoint.secret).type).toBe('licence.assigned');
    expect(verified(arrival, fresh).type).toBe('licence.assigned');
  });

  it('refuses a private address unless allowed, a bad URL, an unknown event type', async () => {
    const tenant = await signUp(service.app);
    await endpointFor(tenant, ['licence.assigned']);
    await assignProvider(tenant, 'Pia Private');
    expect(await deliverWebhooks(service.context)).toMatchObject({ failed: 1 });
    const row = await service.store.db
      .selectFrom('webhook_deliveries')
      .select('last_error')
      .where('org_id', '=', tenant.orgId)
      .executeTakeFirst();
    expect(row?.last_error).toContain('private address');
    for (const [body, field] of [
      [{ url: 'ftp://files.example/hook' }, 'url'],
      [{ url: 'https://user:pass@hooks.example/x' }, 'url'],
      [{ url: 'https://hooks.example/x', eventTypes: ['licence.eaten'] }, 'eventTypes.0'],
    ] as const) {
      const refused = await tenant.call('POST', '/v1/webhook-endpoints', body);
      expect(refused.status).toBe(400);
      expect(String(refused.body['field'])).toContain(field.split('.')[0] ?? field);
    }
  });
});
