import type { FastifyInstance } from 'fastify';
import { AppError } from '../app/app-error.js';
import type { AppContext } from '../app/context.js';
import { applyGatewayEvent } from '../app/payments/apply-gateway-event.js';
import { GatewaySignatureError } from '../payments/gateway.js';

/** The most an event's body may be: Stripe's are a few kilobytes. */
const EVENT_BODY_LIMIT = 256 * 1024;

/**
 * `POST /v1/webhooks/stripe`: the gateway's signed events (asynchronous outcomes of charges and
 * refunds), served only when the gateway reads events (Stripe with STRIPE_WEBHOOK_SECRET).
 * The signature is checked on the raw body, so this route parses nothing itself; an event
 * that does not verify is a 400 and changes nothing.
 */
export async function registerGatewayWebhook(
  app: FastifyInstance,
  context: AppContext,
): Promise<void> {
  const gateway = context.gateway;
  const readEvent = gateway?.readEvent?.bind(gateway);
  if (!gateway || !readEvent) return;
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: EVENT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post('/v1/webhooks/stripe', async (request) => {
      const header = request.headers['stripe-signature'];
      const signature = Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
      if (!Buffer.isBuffer(request.body) || !signature) {
        throw new AppError(
          'validation_failed',
          'Stripe-Signature: a signed JSON event is required',
          'Stripe-Signature',
        );
      }
      let event;
      try {
        event = readEvent(request.body, signature);
      } catch (error) {
        if (!(error instanceof GatewaySignatureError)) throw error;
        throw new AppError(
          'validation_failed',
          `Stripe-Signature: ${error.message}`,
          'Stripe-Signature',
        );
      }
      const taken = await applyGatewayEvent(context, gateway.name, event);
      return { received: true, ...taken };
    });
  });
}
