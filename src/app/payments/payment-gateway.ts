import type { PaymentGateway } from '../../payments/gateway.js';
import { TestGateway } from '../../payments/test-gateway.js';
import type { AppContext } from '../context.js';

const embedded = new WeakMap<object, TestGateway>();

/** The context's gateway, or the embedded test gateway on the context's own database. */
export function gatewayOf(context: AppContext): PaymentGateway {
  return context.gateway ?? testGatewayOf(context);
}

/** The embedded test gateway (its tokenisation endpoint is served only when it is in use). */
export function testGatewayOf(context: AppContext): TestGateway {
  let gateway = embedded.get(context.store);
  if (!gateway) {
    gateway = new TestGateway(context.store.db, context.clock);
    embedded.set(context.store, gateway);
  }
  return gateway;
}
