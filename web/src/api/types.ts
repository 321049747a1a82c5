import type { paths } from './schema';

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

/** Response shapes, named after what they are. */
export type Organization = Json<'/v1/organization', 'get'>;
export type Me = Json<'/v1/me', 'get'>;
export type Subscription = Json<'/v1/subscriptions', 'get'>[number];
export type Pool = Subscription['pools'][number];
/** A subscription's licence pools as counts, without prices (the staff page). */
export type PoolSet = Json<'/v1/licence-pools', 'get'>[number];
export type LicenceRequest = Json<'/v1/licence-requests', 'get'>['data'][number];
export type StaffMember = Json<'/v1/staff', 'get'>['data'][number];
export type Permission = Json<'/v1/permissions', 'get'>[number];
export type Quote = Json<'/v1/subscriptions/{subscriptionId}/licence-changes', 'post'>;
export type Line = Quote['lines']['chargedNow'][number];
export type Invoice = Json<'/v1/invoices/{invoiceId}', 'get'>;
export type Upcoming = Json<'/v1/subscriptions/{subscriptionId}/upcoming-invoice', 'get'>;
export type HealthCheck = Json<'/v1/health-check', 'get'>;
export type AuditEntry = Json<'/v1/audit-log', 'get'>['data'][number];
export type History = Json<'/v1/subscriptions/{subscriptionId}/history', 'get'>;
export type PaymentMethod = Json<'/v1/payment-methods', 'get'>['data'][number];
export type Payment = Json<'/v1/invoices/{invoiceId}/payments', 'get'>['data'][number];
export type WebhookEndpoint = Json<'/v1/webhook-endpoints', 'get'>['data'][number];
/** What PUT /v1/notification-preferences takes. */
export type PreferencesBody =
  paths['/v1/notification-preferences']['put']['requestBody']['content']['application/json'];
