import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { actorFromApiKey, actorFromSession } from '../app/access/authenticate.js';
import { actorFromOperatorKey, isOperatorKey } from '../app/access/operator-keys.js';
import { AppError } from '../app/app-error.js';
import {
  actorLabel,
  requireScope,
  type Actor,
  type AppContext,
  type Scope,
} from '../app/context.js';
import { keptText, responseScope, type PendingResponse } from '../app/response-scope.js';
import { writeJson, type JsonValue } from '../core/index.js';
import { claimKey, releaseKey, storeResponse } from './idempotency.js';
import { buildOpenApi, docsPage } from './openapi.js';
import { internalProblem, problemOf, unavailableProblem } from './problem.js';
import { isDatabaseUnavailable } from '../store/database-errors.js';
import { checkInputText } from './input-hygiene.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { rateLimited, type SignInGuard } from './sign-in-guard.js';
import { checkSameOrigin, setSecurityHeaders } from './security-headers.js';
import { parsePart, type Route } from './route.js';
import { accessRoutes, SESSION_COOKIE } from './routes/access.js';
import { operatorRoutes } from './routes/operator.js';
import { registerGatewayWebhook } from './gateway-webhook.js';
import { creditNoteRoutes } from './routes/credit-notes.js';
import { notificationRoutes } from './routes/notifications.js';
import { requestRoutes } from './routes/requests.js';
import { webhookRoutes } from './routes/webhooks.js';
import { paymentRoutes } from './routes/payments.js';
import { staffRoutes } from './routes/staff.js';
import { subscriptionRoutes } from './routes/subscriptions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    idempotencyKey: string | null;
    pendingResponse: PendingResponse | null;
  }
}

const RETRY_AFTER_SECONDS = 5;

/** The organisation an operator key acts for on an organisation's routes. */
export const ORGANIZATION_HEADER = 'seatledger-organization';

export interface ServerOptions {
  readonly logger?: boolean;
  /** Limits on requests without a credential; null turns them off (tests of load only). */
  readonly rateLimits?: RateLimits | null;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers (TRUST_PROXY). */
  readonly trustProxy?: boolean | string;
  /** Extra routes mounted beside the API (the console's static files). */
  readonly extend?: (app: FastifyInstance) => Promise<void>;
}

export function apiRoutes(context: AppContext, guard: SignInGuard | null = null): Route[] {
  return [
    ...accessRoutes(context, guard),
    ...staffRoutes(context),
    ...subscriptionRoutes(context),
    ...operatorRoutes(context),
    ...paymentRoutes(context),
    ...creditNoteRoutes(context),
    ...notificationRoutes(context),
    ...requestRoutes(context),
    ...webhookRoutes(context),
  ];
}

/** The HTTP API: thin handlers over the use cases, errors as problem+json in one place. */
export async function buildServer(
  context: AppContext,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024,
    trustProxy: options.trustProxy ?? false,
    // A URL Fastify cannot even route (bad percent-encoding) is a problem document too.
    frameworkErrors: (error, request, reply) => {
      void sendError(
        new AppError('validation_failed', `path: ${error.message}`, 'path'),
        request,
        reply,
      );
    },
  });
  await app.register(cookie);
  // Bodies are JSON only: a text/plain form post (a CSRF vector) is 415, not parsed.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('actor', null);
  app.decorateRequest('idempotencyKey', null);
  app.decorateRequest('pendingResponse', null);
  // Amounts are bigints: write them as exact JSON integers.
  app.setReplySerializer((payload) => writeJson(payload as JsonValue, 0));
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(
      new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`),
      request,
      reply,
    ),
  );
  app.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(request, reply, Boolean(context.gateway?.publishableKey));
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    const pending = request.pendingResponse;
    if (reply.statusCode >= 500) {
      // Best effort: with the database away the key stays claimed until its lease ends.
      await releaseKey(context, request.actor, key).catch(() => undefined);
    }
    if (
      reply.statusCode < 500 &&
      reply.getHeader('idempotent-replayed') !== 'true' &&
      !pending?.stored
    ) {
      // A refusal, or a handler of several transactions: kept now, secrets left out.
      const text = typeof payload === 'string' ? payload : '';
      const kept =
        pending?.secretFields.length && text
          ? keptText(JSON.parse(text), pending.secretFields)
          : text;
      await storeResponse(context, request.actor, key, reply.statusCode, kept);
    }
    return payload;
  });

  const limits = options.rateLimits === undefined ? DEFAULT_RATE_LIMITS : options.rateLimits;
  const limiter = new RateLimiter();
  const guard: SignInGuard | null = limits
    ? {
        waitFor: (account) => limiter.waitFor(account, Date.now()),
        failed: (account) => limiter.failed(account, Date.now(), limits.failuresBeforeBackOff),
        succeeded: (account) => limiter.succeeded(account),
      }
    : null;
  const routes = apiRoutes(context, guard);
  for (const definition of routes) {
    app.route({
      method: definition.method,
      url: definition.url,
      handler: async (request, reply) => {
        // A wrong key or a dead session costs a query: failures are counted per address like
        // anonymous requests, and past the limit the address is refused before any query.
        const failures = `auth-failure:${request.ip}`;
        if (limits) {
          throttleAnonymous(request, definition, limits, limiter);
          const wait = limiter.over(failures, limits.anonymous, Date.now());
          if (wait > 0) throw rateLimited(wait);
        }
        const actor = await actorFor(context, definition, request).catch((error: unknown) => {
          if (limits && error instanceof AppError && error.code === 'unauthorized') {
            limiter.hit(failures, limits.anonymous, Date.now());
          }
          throw error;
        });
        request.actor = actor;
        checkInputText(request.params, '');
        checkInputText(request.query, '');
        checkInputText(request.body, '');
        const params = parsePart(definition.params, request.params, 'params');
        const query = parsePart(definition.query, request.query, 'query');
        const body = parsePart(definition.body, request.body, 'body');
        // Authorisation before any replay: a caller who may no longer do this gets no answer.
        if (actor && definition.scope) requireScope(actor, definition.scope);
        // Operator catalog calls belong to no organisation: their writes are idempotent by nature.
        if (actor && actor.orgId && definition.method === 'POST') {
          const header = request.headers['idempotency-key'];
          const key = Array.isArray(header) ? header[0] : header;
          if (key !== undefined) {
            if (key.length < 1 || key.length > 255) {
              throw new AppError(
                'validation_failed',
                'Idempotency-Key: 1 to 255 characters',
                'Idempotency-Key',
              );
            }
            const replay = await claimKey(
              context,
              actor,
              key,
              definition.method,
              request.url,
              request.body,
            );
            if (replay) {
              void reply.header('idempotent-replayed', 'true').code(replay.status);
              void reply.type(
                replay.status >= 400
                  ? 'application/problem+json'
                  : 'application/json; charset=utf-8',
              );
              return reply.send(replay.body);
            }
            request.idempotencyKey = key;
            request.pendingResponse = {
              orgId: actor.orgId,
              caller: actorLabel(actor),
              key,
              status: definition.status ?? 200,
              secretFields: definition.secretFields ?? [],
              atomic: definition.atomic !== false,
              stored: false,
            };
          }
        }
        const input = {
          params,
          query,
          body,
          actor: actor ?? {
            orgId: '',
            kind: 'system' as const,
            id: 'anonymous',
            scopes: new Set<Scope>(),
          },
          request,
          reply,
        };
        const pending = request.pendingResponse;
        const result = pending
          ? await responseScope.run(pending, () => definition.handler(input))
          : await definition.handler(input);
        void reply.code(definition.status ?? 200);
        return definition.status === 204 ? reply.send() : result;
      },
    });
  }
  const document = buildOpenApi(routes);
  app.get('/openapi.json', async () => document);
  app.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPage(document)),
  );
  app.get('/healthz', async () => {
    await context.store.db.selectFrom('organizations').select('id').limit(1).execute();
    return { status: 'ok', database: context.store.kind };
  });
  await registerGatewayWebhook(app, context);
  if (options.extend) await options.extend(app);
  return app;
}

function hasCredential(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || Boolean(request.cookies[SESSION_COOKIE]);
}

/**
 * Requests without a credential are counted per address (sign-in and sign-up on their own,
 * tighter limits): past the limit, 429 with Retry-After.
 */
function throttleAnonymous(
  request: FastifyRequest,
  definition: Route,
  limits: RateLimits,
  limiter: RateLimiter,
): void {
  if (definition.auth === true || (definition.auth === 'optional' && hasCredential(request))) {
    return;
  }
  const [bucket, limit] =
    definition.url === '/v1/sessions'
      ? ['sign-in', limits.signIn]
      : definition.url === '/v1/organizations'
        ? ['sign-up', limits.signUp]
        : ['anonymous', limits.anonymous];
  const wait = limiter.hit(`${bucket}:${request.ip}`, limit, Date.now());
  if (wait > 0) throw rateLimited(wait);
}

/**
 * Who calls a route. Operator routes take only an operator key; organisation routes take an
 * organisation's credential, or an operator key acting for the organisation named in the
 * `Seatledger-Organization` header (the audit log then names the operator).
 */
async function actorFor(
  context: AppContext,
  definition: Route,
  request: FastifyRequest,
): Promise<Actor | null> {
  if (definition.auth === false) return null;
  if (definition.auth === 'optional') {
    // A public route read with a credential: a stale one leaves the caller anonymous.
    if (!hasCredential(request)) return null;
    return authenticate(context, request, true).catch((error: unknown) => {
      if (error instanceof AppError && error.code !== 'validation_failed') return null;
      throw error;
    });
  }
  const actor = await authenticate(context, request, definition.operator === true);
  if (definition.operator && actor.kind !== 'operator') {
    throw new AppError('forbidden', 'This needs an operator key, not an organisation credential');
  }
  return actor;
}

async function authenticate(
  context: AppContext,
  request: FastifyRequest,
  operatorRoute: boolean,
): Promise<Actor> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new AppError(
        'unauthorized',
        'Authorization must be "Bearer <API key>"',
        'Authorization',
      );
    if (!isOperatorKey(match[1])) return actorFromApiKey(context, match[1]);
    const organization = request.headers[ORGANIZATION_HEADER];
    const onBehalfOf = operatorRoute
      ? null
      : ((Array.isArray(organization) ? organization[0] : organization) ?? null);
    if (!operatorRoute && !onBehalfOf) {
      throw new AppError(
        'validation_failed',
        `An operator key acts for one organisation here: name it in the ${ORGANIZATION_HEADER} header`,
        'Seatledger-Organization',
      );
    }
    return actorFromOperatorKey(context, match[1], onBehalfOf);
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) {
    checkSameOrigin(request);
    return actorFromSession(context, token);
  }
  throw new AppError(
    'unauthorized',
    'Sign in, or send an API key as "Authorization: Bearer <key>"',
  );
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isDatabaseUnavailable(error)) {
    process.stderr.write(`database unavailable: ${(error as Error).message}\n`);
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .type('application/problem+json')
      .send(unavailableProblem());
  }
  if (error instanceof AppError && error.code === 'rate_limited') {
    void reply.header('retry-after', String(error.details['retryAfter'] ?? 1));
  }
  const known = toAppError(error);
  if (!known) request.log.error(error);
  const problem = known ? problemOf(known) : internalProblem();
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Errors Fastify raises before a handler runs (bad JSON, wrong content type) are the caller's. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code =
      fastifyError.statusCode === 404
        ? 'not_found'
        : fastifyError.statusCode === 413
          ? 'payload_too_large'
          : fastifyError.statusCode === 415
            ? 'unsupported_media_type'
            : 'validation_failed';
    return new AppError(code, `body: ${fastifyError.message ?? 'invalid request'}`, 'body');
  }
  return null;
}
