import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../../src/app/webhooks/emit-event.js';
import { newSigningSecret } from '../../src/app/webhooks/webhook-endpoints.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');
const EVENTS = 100;

describe.skipIf(!postgresUrl)('a webhook worker killed part-way through', () => {
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;
  let receiver: Server;
  const ids: string[] = [];

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(`webhook_crash_${process.pid}`));
    store = await openStore({ databaseUrl: url });
    // A receiver that takes its time: the worker is killed while it waits.
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        ids.push(String(request.headers['webhook-id']));
        setTimeout(() => response.writeHead(200).end(), 20);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const at = new Date();
    await store.db
      .insertInto('organizations')
      .values({
        id: 'org_hooks',
        name: 'Hook Clinic',
        time_zone: 'UTC',
        currency: 'USD',
        owner_staff_id: null,
        test_clock_at: null,
        created_at: at,
      })
      .execute();
    await store.db
      .insertInto('webhook_endpoints')
      .values({
        org_id: 'org_hooks',
        id: 'whe_crash',
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
        description: null,
        event_types: '[]',
        secret: newSigningSecret(),
        previous_secret: null,
        previous_secret_until: null,
        disabled_reason: null,
        failing_since: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (let i = 0; i < EVENTS; i++) {
      await emitEvent(store.db, {
        orgId: 'org_hooks',
        type: 'licence.assigned',
        data: { n: i },
        at,
      });
    }
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await store.close();
    await drop();
  });

  function deliver(killWhen: (() => boolean) | null) {
    return new Promise<{ code: number | null; killed: boolean }>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'deliver'], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          MAIL_LEASE_SECONDS: '1',
          WEBHOOKS_ALLOW_PRIVATE_NETWORKS: '1',
          MAILBOX_DIR: join(import.meta.dirname, '..', '..', 'test-results', 'mailbox-hooks'),
        },
        stdio: 'ignore',
      });
      const poll = setInterval(() => {
        if (killWhen?.()) child.kill('SIGKILL');
      }, 5);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearInterval(poll);
        resolve({ code, killed: signal === 'SIGKILL' });
      });
    });
  }

  it('loses no event; what arrived twice carries one webhook-id; every delivery ends succeeded', async () => {
    expect((await deliver(() => ids.length >= 20)).killed).toBe(true);
    expect(new Set(ids).size).toBeLessThan(EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await deliver(null)).toMatchObject({ code: 0 });
    const rows = await sql<{ event_id: string; status: string }>`
      select event_id, status from webhook_deliveries`.execute(store.db);
    expect(rows.rows).toHaveLength(EVENTS);
    expect(rows.rows.every((row) => row.status === 'succeeded')).toBe(true);
    expect(new Set(ids)).toEqual(new Set(rows.rows.map((row) => row.event_id)));
  }, 60_000);
});
