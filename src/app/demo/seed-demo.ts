import { advanceTestClock } from '../billing/advance-test-clock.js';
import { SCOPES, type Actor, type AppContext } from '../context.js';
import { assignLicence } from '../licences/assign-licence.js';
import { createOrganization } from '../organizations/create-organization.js';
import { createStaff } from '../staff/create-staff.js';
import { setPermissions, updateStaff } from '../staff/update-staff.js';
import { changeLicences } from '../subscriptions/change-licences.js';
import { testGatewayOf } from '../payments/payment-gateway.js';
import { addPaymentMethod } from '../payments/payment-methods.js';
import { invoiceNow } from '../subscriptions/subscription-actions.js';

export const DEMO_EMAIL = 'dana@riverside.example';
export const DEMO_PASSWORD = 'riverside-demo-1';

export interface DemoCredentials {
  readonly organizationId: string;
  readonly email: string;
  readonly password: string;
  readonly apiKey: string;
  /** Owners of the other demo organisations (same password): other plans, other screens. */
  readonly others?: readonly { readonly organization: string; readonly email: string }[];
}

const DAY = 86_400_000;

/**
 * The demo organisation: two clinics on the per-clinic plan, staff on every licence type,
 * one inactive assistant whose licence went back to the pool (unused, still billed), and a
 * few months of licence changes played on a test clock that ends at `now`.
 */
export async function seedDemo(context: AppContext, now: Date): Promise<DemoCredentials> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 4, 1, 13));
  const created = await createOrganization(context, {
    name: 'Riverside Physio Group',
    timeZone: 'America/New_York',
    planId: 'clinic-requests',
    seats: {},
    locations: [
      { name: 'Riverside Downtown', seats: { therapist: 4, assistant: 3, clerical: 2 } },
      { name: 'Riverside North', seats: { therapist: 2, assistant: 2, clerical: 1 } },
    ],
    owner: { name: 'Dana Whitfield', email: DEMO_EMAIL, password: DEMO_PASSWORD },
    testClockStartsAt: start,
  });
  const actor: Actor = {
    orgId: created.organizationId,
    kind: 'system',
    id: 'demo-seed',
    scopes: new Set(SCOPES),
  };
  const [downtown, north] = created.subscriptionIds;
  if (!downtown || !north) throw new Error('the demo subscriptions were not created');
  const locations = await context.store.db
    .selectFrom('subscriptions')
    .select(['id', 'location_id'])
    .where('org_id', '=', created.organizationId)
    .execute();
  const locationOf = (subscriptionId: string): string =>
    locations.find((row) => row.id === subscriptionId)?.location_id ?? '';

  const people = [
    {
      name: 'Priya Raman',
      email: 'priya@riverside.example',
      at: downtown,
      type: 'therapist',
      permissions: ['clinical_documentation', 'therapist', 'telehealth', 'scheduling'],
    },
    {
      name: 'Marcus Chen',
      email: 'marcus@riverside.example',
      at: downtown,
      type: 'therapist',
      permissions: ['clinical_documentation', 'therapist', 'clinical_reports', 'licences_manage'],
    },
    {
      name: 'Sofia Alvarez',
      email: 'sofia@riverside.example',
      at: downtown,
      type: 'assistant',
      permissions: ['clinical_documentation', 'scheduling'],
    },
    {
      name: 'Tom Becker',
      email: 'tom@riverside.example',
      at: downtown,
      type: 'assistant',
      permissions: ['clinical_documentation'],
    },
    {
      name: 'Grace Okafor',
      email: 'grace@riverside.example',
      at: downtown,
      type: 'clerical',
      permissions: ['scheduling', 'client_intake', 'billing'],
    },
    {
      name: 'Liam Novak',
      email: 'liam@riverside.example',
      at: north,
      type: 'therapist',
      permissions: ['clinical_documentation', 'therapist', 'staff_manage'],
    },
    {
      name: 'Hannah Weiss',
      email: 'hannah@riverside.example',
      at: north,
      type: 'assistant',
      permissions: ['clinical_documentation'],
    },
    {
      name: 'Omar Haddad',
      email: 'omar@riverside.example',
      at: north,
      type: 'clerical',
      permissions: ['scheduling', 'client_intake'],
    },
  ];
  const ids: Record<string, string> = {};
  for (const person of people) {
    const staff = await createStaff(context, actor, {
      name: person.name,
      email: person.email,
      password: DEMO_PASSWORD,
      locationId: locationOf(person.at),
      permissions: [],
    });
    ids[person.email] = staff.id;
    await assignLicence(context, actor, staff.id, { licenceType: person.type, active: true });
    await setPermissions(context, actor, staff.id, person.permissions, true);
  }

  let clock = start.getTime();
  const advance = async (days: number): Promise<void> => {
    clock += days * DAY;
    await advanceTestClock(context, actor, new Date(clock));
  };
  await advance(12);
  await changeLicences(context, actor, downtown, { op: 'add', seats: { therapist: 1 } }, false);
  await advance(20);
  await changeLicences(context, actor, north, { op: 'add', seats: { assistant: 1 } }, false);
  await advance(9);
  await invoiceNow(context, actor, north);
  await advance(16);
  const tom = ids['tom@riverside.example'];
  if (tom) await updateStaff(context, actor, tom, { status: 'inactive' });
  await advance(14);
  await changeLicences(
    context,
    actor,
    north,
    {
      op: 'remove',
      seats: { assistant: 1 },
      reason: 'staff_left',
      explanation: 'Assistant moved to the Downtown clinic',
    },
    false,
  );
  if (now.getTime() > clock) await advanceTestClock(context, actor, now);
  return {
    organizationId: created.organizationId,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    apiKey: created.apiKey,
    others: [await seedTelehealth(context, now), await seedTermContract(context, now)],
  };
}

interface SmallOrganization {
  readonly name: string;
  readonly timeZone: string;
  readonly planId: string;
  readonly seats: Readonly<Record<string, number>>;
  readonly owner: { readonly name: string; readonly email: string };
  readonly start: Date;
}

/** A one-clinic organisation on a preset and a test clock, and a system actor to act in it. */
async function seedSmallOrganization(context: AppContext, spec: SmallOrganization) {
  const created = await createOrganization(context, {
    name: spec.name,
    timeZone: spec.timeZone,
    planId: spec.planId,
    seats: spec.seats,
    locations: [{ name: spec.name.split(' ')[0] ?? spec.name }],
    owner: { ...spec.owner, password: DEMO_PASSWORD },
    testClockStartsAt: spec.start,
  });
  const actor: Actor = {
    orgId: created.organizationId,
    kind: 'system',
    id: 'demo-seed',
    scopes: new Set(SCOPES),
  };
  const [subscription] = created.subscriptionIds;
  if (!subscription) throw new Error('the demo subscription was not created');
  return { actor, subscription };
}

/** A practice on the 000 plan: practitioners with telehealth and benchmarking add-ons. */
async function seedTelehealth(context: AppContext, now: Date) {
  const name = 'Harbour Physio & Telehealth';
  const email = 'ravi@harbour.example';
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1, 9));
  const { actor, subscription } = await seedSmallOrganization(context, {
    name,
    timeZone: 'Europe/London',
    planId: 'prorated-monthly',
    seats: { practitioner: 3, 'telehealth-pro': 2, benchmarking: 1 },
    owner: { name: 'Ravi Patel', email },
    start,
  });
  const staff = await createStaff(context, actor, {
    name: 'Ellie Moss',
    email: 'ellie@harbour.example',
    password: DEMO_PASSWORD,
    permissions: [],
  });
  await assignLicence(context, actor, staff.id, { licenceType: 'practitioner', active: true });
  await assignLicence(context, actor, staff.id, { licenceType: 'telehealth-pro', active: true });
  await advanceTestClock(context, actor, new Date(start.getTime() + 14 * DAY));
  // More add-ons than practitioners: allowed, and flagged (000).
  await changeLicences(
    context,
    actor,
    subscription,
    { op: 'add', seats: { 'telehealth-pro': 2 } },
    false,
  );
  await advanceTestClock(context, actor, now);
  return { organization: name, email };
}

/** A group on the 004 term contract, a year into its term with the renewal window open. */
async function seedTermContract(context: AppContext, now: Date) {
  const name = 'Summit Rehab Network';
  const email = 'morgan@summit.example';
  const start = new Date(
    Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate() + 20, 12),
  );
  const { actor, subscription } = await seedSmallOrganization(context, {
    name,
    timeZone: 'America/Denver',
    planId: 'annual-term-blocks',
    seats: { user: 10 },
    owner: { name: 'Morgan Lee', email },
    start,
  });
  // A card on file (the test gateway's 4242 card): the term's invoices are charged to it and
  // the block is paid for at once (004).
  const card = await testGatewayOf(context).tokenize({
    number: '4242424242424242',
    expMonth: 12,
    expYear: now.getUTCFullYear() + 3,
    cvc: '123',
  });
  await addPaymentMethod(context, actor, { token: card.token });
  await advanceTestClock(context, actor, new Date(start.getTime() + 60 * DAY));
  await changeLicences(context, actor, subscription, { op: 'add', seats: { user: 5 } }, false);
  await advanceTestClock(context, actor, now);
  return { organization: name, email };
}
