import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app/app-error.js';

/** What the console's pages may load: their own files; Stripe.js's too when cards go to Stripe. */
function pagePolicy(stripe: boolean): string[] {
  // Stripe.js and its card element (iframes of js.stripe.com, its API), as Stripe documents.
  const js = stripe ? ' https://js.stripe.com' : '';
  return [
    "default-src 'self'",
    `script-src 'self'${js}`,
    `connect-src 'self'${stripe ? ' https://api.stripe.com' : ''}`,
    ...(stripe ? ['frame-src https://js.stripe.com https://hooks.stripe.com'] : []),
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
}

/**
 * Headers every answer carries: no sniffing, no referrer beyond the origin, never framed;
 * pages (the console, /docs) only run their own scripts (and Stripe.js, with `stripe`, when
 * the console's card form is Stripe's). /docs keeps its one inline style.
 */
export function setSecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  stripe = false,
): void {
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('referrer-policy', 'same-origin');
  void reply.header('x-frame-options', 'DENY');
  const type = String(reply.getHeader('content-type') ?? '');
  if (type.startsWith('text/html')) {
    const style = request.url.startsWith('/docs')
      ? "style-src 'self' 'unsafe-inline'"
      : "style-src 'self'";
    void reply.header('content-security-policy', [...pagePolicy(stripe), style].join('; '));
  } else {
    void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request that changes something on the strength of a session cookie must come from this
 * origin (CSRF): browsers send Origin on such requests, and a page of another origin cannot
 * forge it. API keys are not sent by browsers on their own, so bearer calls need no check.
 */
export function checkSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  const expected = `${request.protocol}://${request.headers.host ?? ''}`;
  if (!sameOrigin(origin, expected)) {
    throw new AppError(
      'forbidden',
      'A signed-in change must come from the console itself (Origin does not match)',
      'Origin',
    );
  }
}

function sameOrigin(origin: string | undefined, expected: string): boolean {
  if (origin === undefined) return false;
  try {
    return new URL(origin).origin === new URL(expected).origin;
  } catch {
    return false;
  }
}
