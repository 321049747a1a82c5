import { redeemSignInLink, requestPasswordReset } from '../../app/access/sign-in-links.js';
import type {} from '@fastify/cookie';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../app/access/api-keys.js';
import { signIn, signOut } from '../../app/access/sessions.js';
import { SCOPES, type AppContext } from '../../app/context.js';
import { createOrganization } from '../../app/organizations/create-organization.js';
import { getOrganization } from '../../app/organizations/organization-queries.js';
import { createLocation } from '../../app/organizations/create-location.js';
import { getStaff } from '../../app/staff/staff-queries.js';
import { AppError } from '../../app/app-error.js';
import { PERMISSIONS } from '../../core/index.js';
import { plansOnSale } from '../../app/catalog/plan-catalog.js';
import { ZoneCalendar } from '../../core/calendar/index.js';
import { route, type Route } from '../route.js';
import { rateLimited, type SignInGuard } from '../sign-in-guard.js';
import { Id, Instant, PlanOnSale, Seats, Staff, customPlanRefused } from '../schemas.js';

export const SESSION_COOKIE = 'sl_session';

const SignUp = z.strictObject({
  name: z.string().min(1).max(200),
  timeZone: z.string().default('UTC'),
  plan: z
    .union([z.string().min(1).max(100), z.record(z.string(), z.unknown())])
    .describe('The id of a plan on sale (GET /v1/plans)'),
  seats: Seats.default({}),
  locations: z
    .array(z.strictObject({ name: z.string().min(1).max(200), seats: Seats.optional() }))
    .min(1)
    .max(100),
  owner: z.strictObject({
    name: z.string().min(1).max(200),
    email: z.email().max(320),
    password: z.string().min(10).max(200),
  }),
  testClock: z.strictObject({ startsAt: z.iso.datetime({ offset: true }) }).optional(),
});

export function accessRoutes(context: AppContext, guard: SignInGuard | null = null): Route[] {
  return [
    route({
      method: 'POST',
      url: '/v1/organizations',
      summary:
        'Sign up: an organisation, its clinics, its owner, its subscriptions and an API key (shown once)',
      tag: 'Access',
      auth: false,
      status: 201,
      body: SignUp,
      response: z.object({
        organizationId: Id,
        ownerId: Id,
        apiKey: z.string(),
        subscriptionIds: z.array(Id),
      }),
      handler: async ({ body }) => {
        if (!ZoneCalendar.of(body.timeZone)) {
          throw new AppError(
            'validation_failed',
            `timeZone: "${body.timeZone}" is not an IANA time zone`,
            'timeZone',
          );
        }
        if (typeof body.plan !== 'string') throw customPlanRefused();
        return createOrganization(context, {
          name: body.name,
          timeZone: body.timeZone,
          planId: body.plan,
          seats: body.seats,
          locations: body.locations,
          owner: body.owner,
          testClockStartsAt: body.testClock ? new Date(body.testClock.startsAt) : null,
        });
      },
    }),
    route({
      method: 'POST',
      url: '/v1/password-resets',
      summary:
        'Forgot a password: every account using this e-mail gets a single-use link (the answer never says whether one exists)',
      tag: 'Access',
      auth: false,
      status: 202,
      body: z.strictObject({ email: z.email().max(320) }),
      response: z.object({ message: z.string() }),
      handler: async ({ body }) => {
        await requestPasswordReset(context, body.email);
        return {
          message:
            'If an account uses this address, a link to choose a new password is on its way.',
        };
      },
    }),
    route({
      method: 'POST',
      url: '/v1/sign-in-links/redeem',
      summary:
        'Set a password with the single-use link of an invitation or a reset (410 link_expired once used or expired)',
      tag: 'Access',
      auth: false,
      body: z.strictObject({
        token: z.string().min(10).max(200),
        password: z.string().min(10).max(200),
      }),
      response: z.object({
        email: z.string(),
        organizationId: z.string(),
        organizationName: z.string(),
      }),
      handler: ({ body }) => redeemSignInLink(context, body.token, body.password),
    }),
    route({
      method: 'POST',
      url: '/v1/sessions',
      summary: 'Sign in with email and password; the session is an HTTP-only cookie',
      tag: 'Access',
      auth: false,
      status: 201,
      body: z.strictObject({
        email: z.string().min(1).max(320),
        password: z.string().min(1).max(200),
        organizationId: Id.optional().describe(
          'When the address belongs to several organisations: which one (else the oldest that matches)',
        ),
      }),
      response: z.object({ staffId: Id, organizationId: Id, expiresAt: Instant }),
      handler: async ({ body, reply, request }) => {
        // Per account: after a few failures each attempt waits longer, doubling (429).
        const account = body.email.toLowerCase();
        const wait = guard?.waitFor(account) ?? 0;
        if (wait > 0) throw rateLimited(wait);
        let session;
        try {
          session = await signIn(context, body.email, body.password, body.organizationId ?? null);
        } catch (error) {
          if (error instanceof AppError && error.code === 'invalid_credentials')
            guard?.failed(account);
          throw error;
        }
        guard?.succeeded(account);
        void reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          path: '/',
          expires: session.expiresAt,
        });
        return {
          staffId: session.staffId,
          organizationId: session.orgId,
          expiresAt: session.expiresAt.toISOString(),
        };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v1/sessions/current',
      summary: 'Sign out',
      tag: 'Access',
      auth: true,
      status: 204,
      response: z.null(),
      handler: async ({ request, reply }) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await signOut(context, token);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return null;
      },
    }),
    route({
      method: 'GET',
      url: '/v1/me',
      summary: 'Who is asking: the staff member signed in, or the API key, and its scopes',
      tag: 'Access',
      auth: true,
      response: z.object({
        kind: z.string(),
        id: Id,
        organizationId: Id,
        scopes: z.array(z.string()),
        grants: z
          .union([z.literal('all'), z.array(z.string())])
          .nullable()
          .describe(
            'The permissions this caller may give others (003): all, those they hold, or null (no person behind it)',
          ),
        staff: Staff.nullable(),
      }),
      handler: async ({ actor }) => ({
        kind: actor.kind,
        id: actor.id,
        organizationId: actor.orgId,
        scopes: [...actor.scopes],
        grants:
          actor.grants === undefined ? null : actor.grants === 'all' ? 'all' : [...actor.grants],
        staff: actor.kind === 'staff' ? await getStaff(context, actor, actor.id) : null,
      }),
    }),
    route({
      method: 'GET',
      url: '/v1/organization',
      summary: 'The organisation of the caller, its clinics and its clock',
      tag: 'Access',
      auth: true,
      response: z.object({
        id: Id,
        name: z.string(),
        timeZone: z.string(),
        currency: z.string(),
        currencyExponent: z
          .int()
          .describe(
            'Decimals of the currency (ISO 4217): amounts are minor units, 10^exponent to one',
          ),
        ownerId: Id.nullable(),
        now: Instant,
        testClock: z.boolean(),
        locations: z.array(z.object({ id: Id, name: z.string() })),
      }),
      handler: ({ actor }) => getOrganization(context, actor),
    }),
    route({
      method: 'POST',
      url: '/v1/locations',
      summary:
        'Open a clinic; on a per-clinic plan it gets its own subscription with the seats given',
      tag: 'Access',
      auth: true,
      scope: 'billing:manage',
      status: 201,
      body: z.strictObject({ name: z.string().min(1).max(200), seats: Seats.optional() }),
      response: z.object({ id: Id, name: z.string(), subscriptionId: Id.nullable() }),
      handler: ({ actor, body }) => createLocation(context, actor, body),
    }),
    route({
      method: 'GET',
      url: '/v1/api-keys',
      summary: 'API keys of the organisation (never the keys themselves)',
      tag: 'Access',
      auth: true,
      response: z.array(
        z.object({
          id: Id,
          name: z.string(),
          scopes: z.array(z.string()),
          createdAt: Instant,
          revokedAt: Instant.nullable(),
        }),
      ),
      handler: ({ actor }) => listApiKeys(context, actor),
    }),
    route({
      method: 'POST',
      url: '/v1/api-keys',
      summary: 'Create an API key with scopes; the key is shown once and stored hashed',
      tag: 'Access',
      auth: true,
      scope: 'billing:manage',
      secretFields: ['key'],
      status: 201,
      body: z.strictObject({
        name: z.string().min(1).max(200),
        scopes: z.array(z.enum(SCOPES)).min(1),
      }),
      response: z.object({
        id: Id,
        key: z
          .string()
          .nullable()
          .describe('Shown once: null when the answer is replayed for the same Idempotency-Key'),
        name: z.string(),
        scopes: z.array(z.string()),
      }),
      handler: ({ actor, body }) => createApiKey(context, actor, body),
    }),
    route({
      method: 'DELETE',
      url: '/v1/api-keys/:keyId',
      summary: 'Revoke an API key',
      tag: 'Access',
      auth: true,
      status: 204,
      params: z.strictObject({ keyId: Id }),
      response: z.null(),
      handler: async ({ actor, params }) => {
        await revokeApiKey(context, actor, params.keyId);
        return null;
      },
    }),
    route({
      method: 'GET',
      url: '/v1/plans',
      summary:
        'The plans on sale, each with the version a customer buys now; signed in, the organisation also sees the versions negotiated for it',
      tag: 'Reference',
      auth: 'optional',
      response: z.array(PlanOnSale),
      handler: ({ actor }) => plansOnSale(context.store.db, actor.orgId || null),
    }),
    route({
      method: 'GET',
      url: '/v1/permissions',
      summary: 'The permission table: each permission, its group and the licence it needs (003)',
      tag: 'Reference',
      auth: false,
      response: z.array(
        z.object({
          key: z.string(),
          group: z.string(),
          label: z.string(),
          needs: z.enum(['provider', 'admin']).nullable(),
        }),
      ),
      handler: () => Promise.resolve(PERMISSIONS),
    }),
  ];
}
