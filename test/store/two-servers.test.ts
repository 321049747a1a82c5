import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/service.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');

/** Start `seatledger serve` on a free port and wait for the line that gives its address. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    env: {
      ...process.env,
      DATABASE_URL: postgresUrl,
      SEATLEDGER_DEMO: '0',
      PORT: '0',
      RATE_LIMITS: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

async function post(
  url: string,
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A new organisation (per-provider) with a card on file, and its first invoice. */
async function tenantWithCard(
  a: string,
  b: string,
  name: string,
): Promise<{ key: string; orgId: string; invoice: { id: string; total: number } }> {
  const stamp = `${process.pid}-${Date.now()}-${name.replace(/\W/g, '')}`;
  const signUp = await post(`${a}/v1/organizations`, '', {
    name,
    plan: 'per-provider',
    seats: { provider: 2, admin: 1 },
    locations: [{ name: 'Main' }],
    owner: { name: 'Owner', email: `card-${stamp}@example.test`, password: 'race-password-1' },
  });
  const key = signUp.body['apiKey'] as string;
  const token = await post(`${b}/v1/test-gateway/tokens`, '', {
    number: '4242424242424242',
    expMonth: 12,
    expYear: 2030,
    cvc: '123',
  });
  await post(`${a}/v1/payment-methods`, key, { token: token.body['token'] });
  const invoices = await fetch(`${a}/v1/invoices`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const invoice = ((await invoices.json()) as { data: { id: string; total: number }[] }).data[0];
  if (!invoice) throw new Error('no invoice');
  return { key, orgId: String(signUp.body['organizationId']), invoice };
}

describe.skipIf(!postgresUrl)('two server processes on one PostgreSQL', () => {
  let servers: { child: ChildProcess; url: string }[] = [];
  beforeAll(async () => {
    servers = await Promise.all([startServer(), startServer()]);
  }, 60_000);
  afterAll(() => {
    for (const server of servers) server.child.kill('SIGTERM');
  });

  it('50 simultaneous assigns for the last 5 licences: exactly 5 succeed', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const stamp = `${process.pid}-${Date.now()}`;
    const signUp = await post(`${a.url}/v1/organizations`, '', {
      name: 'Race clinic',
      plan: 'per-provider',
      seats: { provider: 6, admin: 1 },
      locations: [{ name: 'Main' }],
      owner: {
        name: 'Owner',
        email: `race-owner-${stamp}@example.test`,
        password: 'race-password-1',
      },
    });
    expect(signUp.status).toBe(201);
    const key = signUp.body['apiKey'] as string;
    const staff: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await post(`${i % 2 ? b.url : a.url}/v1/staff`, key, {
        name: `Racer ${i}`,
        email: `racer-${i}-${stamp}@example.test`,
      });
      staff.push(created.body['id'] as string);
    }
    const results = await Promise.all(
      staff.map((id, i) =>
        post(`${i % 2 ? b.url : a.url}/v1/staff/${id}/licences`, key, { licenceType: 'provider' }),
      ),
    );
    const codes = results.map((result) =>
      result.status === 201 ? 'assigned' : String(result.body['code']),
    );
    expect(codes.filter((code) => code === 'assigned')).toHaveLength(5);
    expect(codes.filter((code) => code === 'no_licence_available')).toHaveLength(45);
  }, 60_000);

  it('clinics of one organisation invoiced at once take distinct invoice numbers', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const stamp = `${process.pid}-${Date.now()}`;
    const clinics = Array.from({ length: 8 }, (_, i) => ({
      name: `Clinic ${i}`,
      seats: { therapist: 1 },
    }));
    const signUp = await post(`${a.url}/v1/organizations`, '', {
      name: 'Numbering group',
      plan: 'clinic-requests',
      locations: clinics,
      owner: { name: 'Owner', email: `numbers-${stamp}@example.test`, password: 'race-password-1' },
    });
    expect(signUp.status).toBe(201);
    const key = signUp.body['apiKey'] as string;
    const subscriptions = signUp.body['subscriptionIds'] as string[];
    // Each clinic adds a licence (prorated onto its next invoice), then all invoice now at once.
    for (const [i, id] of subscriptions.entries()) {
      await post(`${i % 2 ? b.url : a.url}/v1/subscriptions/${id}/licence-changes`, key, {
        op: 'add',
        seats: { therapist: 1 },
      });
    }
    const results = await Promise.all(
      subscriptions.map((id, i) =>
        post(`${i % 2 ? b.url : a.url}/v1/subscriptions/${id}/invoice-now`, key, {}),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(subscriptions.map(() => 200));
    const listed = await fetch(`${a.url}/v1/invoices?limit=200`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const numbers = ((await listed.json()) as { data: { number: number }[] }).data.map(
      (invoice) => invoice.number,
    );
    expect(numbers.length).toBeGreaterThan(subscriptions.length);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.max(...numbers)).toBe(numbers.length);
  }, 60_000);

  it('a removal racing assignments never leaves more assigned than purchased (10 rounds)', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    for (let round = 0; round < 10; round++) {
      const stamp = `${process.pid}-${Date.now()}-${round}`;
      const signUp = await post(`${a.url}/v1/organizations`, '', {
        name: 'Removal race',
        plan: 'prorated-monthly',
        seats: { practitioner: 10 },
        locations: [{ name: 'Main' }],
        owner: {
          name: 'Owner',
          email: `removal-${stamp}@example.test`,
          password: 'race-password-1',
        },
      });
      const key = signUp.body['apiKey'] as string;
      const [subscriptionId] = signUp.body['subscriptionIds'] as string[];
      const staff: string[] = [];
      for (let i = 0; i < 9; i++) {
        const created = await post(`${a.url}/v1/staff`, key, {
          name: `Member ${i}`,
          email: `member-${i}-${stamp}@example.test`,
        });
        staff.push(created.body['id'] as string);
      }
      const removal = post(`${b.url}/v1/subscriptions/${subscriptionId}/licence-changes`, key, {
        op: 'remove',
        seats: { practitioner: 4 },
      });
      const assigns = staff.map((id, i) =>
        post(`${i % 2 ? a.url : b.url}/v1/staff/${id}/licences`, key, {
          licenceType: 'practitioner',
        }),
      );
      const [removed, ...assigned] = await Promise.all([removal, ...assigns]);
      for (const result of [removed, ...assigned]) expect(result.status).toBeLessThan(500);
      const response = await fetch(`${a.url}/v1/subscriptions/${subscriptionId}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const pool = ((await response.json()) as { pools: { purchased: number; assigned: number }[] })
        .pools[0];
      expect(pool?.assigned).toBeLessThanOrEqual(pool?.purchased ?? 0);
      const granted = assigned.filter((result) => result.status === 201).length;
      expect(pool?.assigned).toBe(granted);
      expect(pool?.purchased).toBe(removed?.status === 200 ? 6 : 10);
    }
  }, 120_000);

  it('50 concurrent licence changes queue: every one succeeds', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const stamp = `${process.pid}-${Date.now()}`;
    const signUp = await post(`${a.url}/v1/organizations`, '', {
      name: 'Change queue',
      plan: 'prorated-monthly',
      seats: { practitioner: 1 },
      locations: [{ name: 'Main' }],
      owner: { name: 'Owner', email: `queue-${stamp}@example.test`, password: 'race-password-1' },
    });
    const key = signUp.body['apiKey'] as string;
    const [subscriptionId] = signUp.body['subscriptionIds'] as string[];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(`${i % 2 ? a.url : b.url}/v1/subscriptions/${subscriptionId}/licence-changes`, key, {
          op: 'add',
          seats: { practitioner: 1 },
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(results.map(() => 200));
    const response = await fetch(`${a.url}/v1/subscriptions/${subscriptionId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const pools = ((await response.json()) as { pools: { purchased: number }[] }).pools;
    expect(pools[0]?.purchased).toBe(51);
  }, 60_000);

  it('set, removals, additions, releases and assigns mixed: never more assigned than purchased', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const businessCodes = new Set([
      'no_licence_available',
      'licences_in_use',
      'not_found',
      'conflict',
    ]);
    for (let round = 0; round < 5; round++) {
      const stamp = `${process.pid}-${Date.now()}-mixed-${round}`;
      const signUp = await post(`${a.url}/v1/organizations`, '', {
        name: 'Mixed race',
        plan: 'prorated-monthly',
        seats: { practitioner: 8 },
        locations: [{ name: 'Main' }],
        owner: { name: 'Owner', email: `mixed-${stamp}@example.test`, password: 'race-password-1' },
      });
      const key = signUp.body['apiKey'] as string;
      const [subscriptionId] = signUp.body['subscriptionIds'] as string[];
      const staff: string[] = [];
      for (let i = 0; i < 10; i++) {
        const created = await post(`${a.url}/v1/staff`, key, {
          name: `Mixed ${i}`,
          email: `mixed-${i}-${stamp}@example.test`,
        });
        staff.push(created.body['id'] as string);
      }
      // Four already hold a licence; two of them will give theirs back during the race.
      for (const id of staff.slice(0, 4)) {
        await post(`${a.url}/v1/staff/${id}/licences`, key, { licenceType: 'practitioner' });
      }
      const change = (body: unknown, url: string) =>
        post(`${url}/v1/subscriptions/${subscriptionId}/licence-changes`, key, body);
      const release = async (id: string, url: string) => {
        const response = await fetch(`${url}/v1/staff/${id}/licences/practitioner`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${key}` },
        });
        return {
          status: response.status,
          body: (response.status === 204 ? {} : await response.json()) as Record<string, unknown>,
        };
      };
      const results = await Promise.all([
        change({ op: 'set', seats: { practitioner: 6 } }, a.url),
        change({ op: 'remove', seats: { practitioner: 1 } }, b.url),
        change({ op: 'add', seats: { practitioner: 1 } }, a.url),
        release(staff[0] ?? '', b.url),
        release(staff[1] ?? '', a.url),
        ...staff.slice(4).map((id, i) =>
          post(`${i % 2 ? a.url : b.url}/v1/staff/${id}/licences`, key, {
            licenceType: 'practitioner',
          }),
        ),
      ]);
      for (const result of results) {
        if (result.status >= 400) expect(businessCodes).toContain(String(result.body['code']));
        expect(result.status).toBeLessThan(500);
      }
      const response = await fetch(`${a.url}/v1/subscriptions/${subscriptionId}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const pool = ((await response.json()) as { pools: { purchased: number; assigned: number }[] })
        .pools[0];
      expect(pool?.assigned).toBeLessThanOrEqual(pool?.purchased ?? 0);
    }
  }, 120_000);

  it('a revoked API key stops working on every server within seconds', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const stamp = `${process.pid}-${Date.now()}-revoke`;
    const signUp = await post(`${a.url}/v1/organizations`, '', {
      name: 'Revocation',
      plan: 'per-provider',
      seats: { provider: 1, admin: 0 },
      locations: [{ name: 'Main' }],
      owner: { name: 'Owner', email: `revoke-${stamp}@example.test`, password: 'race-password-1' },
    });
    const owner = signUp.body['apiKey'] as string;
    const made = await post(`${a.url}/v1/api-keys`, owner, {
      name: 'Short',
      scopes: ['staff:manage'],
    });
    const key = made.body['key'] as string;
    const read = (url: string) =>
      fetch(`${url}/v1/staff`, { headers: { authorization: `Bearer ${key}` } }).then(
        (r) => r.status,
      );
    expect(await read(b.url)).toBe(200);
    await fetch(`${a.url}/v1/api-keys/${String(made.body['id'])}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${owner}` },
    });
    // At once where it was revoked; within the cache's few seconds everywhere else.
    expect(await read(a.url)).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(await read(b.url)).toBe(401);
  }, 60_000);

  it('a member asked a provider and an admin licence at once, on two servers, gets one (003)', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const stamp = `${process.pid}-${Date.now()}-both`;
    const signUp = await post(`${a.url}/v1/organizations`, '', {
      name: 'Never both',
      plan: 'per-provider',
      seats: { provider: 20, admin: 20 },
      locations: [{ name: 'Main' }],
      owner: { name: 'Owner', email: `both-${stamp}@example.test`, password: 'race-password-1' },
    });
    const key = signUp.body['apiKey'] as string;
    for (let round = 0; round < 10; round++) {
      const member = await post(`${a.url}/v1/staff`, key, {
        name: `Both ${round}`,
        email: `both-${round}-${stamp}@example.test`,
      });
      const id = member.body['id'] as string;
      const [provider, admin] = await Promise.all([
        post(`${a.url}/v1/staff/${id}/licences`, key, { licenceType: 'provider' }),
        post(`${b.url}/v1/staff/${id}/licences`, key, { licenceType: 'admin' }),
      ]);
      expect([provider.status, admin.status].filter((status) => status === 201)).toHaveLength(1);
    }
  }, 60_000);

  it('pay-now asked ten times at once on two servers charges the card once, and one is told (5 rounds)', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    for (let round = 0; round < 5; round++) {
      const { key, orgId, invoice } = await tenantWithCard(a.url, b.url, `Paying twice ${round}`);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post(`${i % 2 ? b.url : a.url}/v1/invoices/${invoice.id}/pay`, key, {}),
        ),
      );
      const outcomes = answers.map(
        (answer) => `${answer.status} ${String(answer.body['code'] ?? '')}`,
      );
      expect(
        outcomes.filter((outcome) => outcome.startsWith('200')),
        outcomes.join(', '),
      ).toHaveLength(1);
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const charges = await client.query<{ n: number }>(
          `select count(*)::int as n from test_gateway_charges c
         join test_gateway_methods m on m.id = c.method
         where m.customer = $1 and c.status = 'succeeded'`,
          [`cus_test_${orgId}`],
        );
        expect(charges.rows[0]?.n).toBe(1);
      } finally {
        await client.end();
      }
    }
  }, 120_000);

  it('credit notes asked eight times at once on two servers never give back more than was paid', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('servers did not start');
    const made = spawnSync(process.execPath, [bin, 'operator-key', '--name', 'race'], {
      env: { ...process.env, DATABASE_URL: postgresUrl },
      encoding: 'utf8',
    });
    const operatorKey = /: (\S+)\n$/.exec(made.stdout)?.[1] ?? '';
    const { key, orgId, invoice } = await tenantWithCard(a.url, b.url, 'Credited twice');
    expect((await post(`${a.url}/v1/invoices/${invoice.id}/pay`, key, {})).status).toBe(200);
    // Each asks for 60% of what was paid, half to the card, half to the balance: one fits.
    const amount = Math.floor((invoice.total * 6) / 10);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(
          `${i % 2 ? b.url : a.url}/v1/invoices/${invoice.id}/credit-notes`,
          operatorKey,
          { amount, reason: 'duplicate', refundTo: i % 4 < 2 ? 'card' : 'balance' },
          { 'seatledger-organization': orgId },
        ),
      ),
    );
    const outcomes = answers.map(
      (answer) => `${answer.status} ${String(answer.body['code'] ?? '')}`,
    );
    expect(
      outcomes.filter((outcome) => outcome.startsWith('201')),
      outcomes.join(', '),
    ).toHaveLength(1);
    // The others are told why: nothing left to credit, or the invoice changed meanwhile.
    for (const outcome of outcomes.filter((o) => !o.startsWith('201'))) {
      expect(outcome).toMatch(/^(422 credit_exceeds_invoice|409 conflict)$/);
    }
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const sums = await client.query<{ notes: string; refunded: string; credited: string }>(
        `select (select coalesce(sum(amount), 0) from credit_notes where invoice_id = $1) as notes,
                (select coalesce(sum(r.amount), 0) from test_gateway_refunds r
                   join refunds o on o.idempotency_key = r.idempotency_key
                   join credit_notes c on c.id = o.credit_note_id
                  where c.invoice_id = $1 and r.status = 'succeeded') as refunded,
                (select amount_credited_after_payment from invoices where id = $1) as credited`,
        [invoice.id],
      );
      const row = sums.rows[0];
      expect(Number(row?.notes)).toBe(amount);
      expect(Number(row?.credited)).toBe(amount);
      expect(Number(row?.refunded)).toBeLessThanOrEqual(amount);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('every pool counter equals the licences held from it, after all the races above', async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pools: number; wrong: number }>(`
        select count(*)::int as pools,
               count(*) filter (where p.assigned <> (
                 select count(*) from licence_assignments a
                 where a.subscription_id = p.subscription_id
                   and a.licence_type = p.licence_type and a.released_at is null))::int as wrong
        from licence_pools p`);
      expect(rows[0]?.pools).toBeGreaterThan(10);
      expect(rows[0]?.wrong).toBe(0);
      const over = await client.query(`
        select 1 from licence_pools where capacity is not null and assigned > capacity
          and subscription_id not in (select subscription_id from licence_transitions)`);
      expect(over.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
