import type { ColumnType, Generated, Selectable } from 'kysely';

/** timestamptz: a Date when read, a Date when written. */
type Instant = ColumnType<Date, Date, Date>;
/** bigint: exact amounts in minor units. */
type Amount = ColumnType<bigint, bigint, bigint>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganizationsTable {
  id: string;
  org_id: Generated<string>;
  name: string;
  time_zone: string;
  currency: string;
  owner_staff_id: string | null;
  /** The last invoice number given in the organisation. */
  invoice_seq: Generated<number>;
  test_clock_at: ColumnType<Date | null, Date | null, Date | null>;
  created_at: Instant;
  /** The organisation as a customer of the payment gateway, once it has a card on file. */
  payment_customer: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where invoices and billing notices go; null: the owner's e-mail. */
  billing_email: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who gets what, by message kind, over the defaults (app/notifications/preferences.ts). */
  notification_preferences: ColumnType<unknown, string | undefined, string>;
}

export interface LocationsTable {
  org_id: string;
  id: string;
  name: string;
  created_at: Instant;
}

export interface SubscriptionsTable {
  org_id: string;
  id: string;
  location_id: string | null;
  plan_id: string | null;
  /** The catalog version sold; `plan` is its definition, copied, so the contract never moves. */
  plan_version_id: string;
  plan: Json<unknown>;
  time_zone: string;
  start_at: Instant;
  billing_anchor: Instant;
  seats: Json<Record<string, number>>;
  billed_through: ColumnType<Date | null, Date | null, Date | null>;
  /** When a billing run must next visit it (a period starts, a decrease or an end is due). */
  next_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Instant;
  /** When its next reminder falls due (app/notifications/send-reminders.ts); null: none. */
  next_reminder_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface SubscriptionEventsTable {
  org_id: string;
  id: string;
  subscription_id: string;
  seq: number;
  at: Instant;
  op: string;
  payload: Json<Record<string, unknown>>;
  actor: string;
  reason: string | null;
  explanation: string | null;
  created_at: Instant;
}

export interface InvoicesTable {
  org_id: string;
  id: string;
  subscription_id: string;
  /** The clinic of a per-clinic subscription; null for an organisation-wide one. */
  location_id: string | null;
  /** Unique in the organisation, in order of issue. */
  number: number;
  billing_key: string;
  issued_at: Instant;
  currency: string;
  subtotal: Amount;
  credit_applied: Amount;
  total: Amount;
  created_at: Instant;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  amount_paid: ColumnType<bigint, bigint | undefined, bigint>;
  due_at: Instant;
  /** Charged to the card: when it is next tried, null when not (any more). */
  next_attempt_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  attempts: ColumnType<number, number | undefined, number>;
  /** Credit notes' part that lowered what was left to pay. */
  amount_credited: ColumnType<bigint, bigint | undefined, bigint>;
  /** Credit notes' part that gave back what was paid (to the card or the balance). */
  amount_credited_after_payment: ColumnType<bigint, bigint | undefined, bigint>;
  /** When its "invoice issued" message was queued; null until the delivery worker does. */
  announced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'uncollectible';

/** A card on file: the gateway's reference and what may be shown, never its number. */
export interface PaymentMethodsTable {
  org_id: string;
  id: string;
  gateway: string;
  gateway_method: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_default: boolean;
  created_at: Instant;
  removed_at: ColumnType<Date | null, Date | null, Date | null>;
}

/** One attempt to charge a card for an invoice, written before the gateway is asked. */
export interface PaymentsTable {
  org_id: string;
  id: string;
  invoice_id: string;
  payment_method_id: string;
  amount: Amount;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  idempotency_key: string;
  gateway_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  actor: string;
  created_at: Instant;
  settled_at: ColumnType<Date | null, Date | null, Date | null>;
}

export type CreditNoteReason =
  'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory' | 'billing_error';

/** A correction of an issued invoice by the vendor's operator. */
export interface CreditNotesTable {
  org_id: string;
  id: string;
  invoice_id: string;
  number: string;
  currency: string;
  amount: Amount;
  pre_payment_amount: Amount;
  refund_amount: Amount;
  balance_amount: Amount;
  reason: CreditNoteReason;
  memo: string | null;
  credit_event_id: string | null;
  actor: string;
  created_at: Instant;
}

/** Money given back to a card, one row per payment refunded; written before the gateway is asked. */
export interface RefundsTable {
  org_id: string;
  id: string;
  credit_note_id: string;
  payment_id: string;
  amount: Amount;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  idempotency_key: string;
  gateway_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Instant;
  settled_at: ColumnType<Date | null, Date | null, Date | null>;
}

/** An event the payment gateway sent, once taken. */
export interface GatewayEventsTable {
  id: string;
  gateway: string;
  type: string;
  /** What it did: `settled`, `already_settled`, `not_ours`, `ignored`. */
  outcome: string;
  received_at: Instant;
}

export interface TestGatewayRefundsTable {
  idempotency_key: string;
  id: string;
  charge_id: string;
  amount: Amount;
  status: string;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Instant;
}

/** A purchase paid for at once by card (004), written before the card is charged. */
export interface PurchaseIntentsTable {
  org_id: string;
  id: string;
  subscription_id: string;
  payment_method_id: string;
  proposal: ColumnType<unknown, string, string>;
  amount: Amount;
  currency: string;
  idempotency_key: string;
  status: 'pending' | 'completed' | 'failed' | 'refunded' | 'abandoned';
  gateway_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  actor: string;
  created_at: Instant;
  settled_at: ColumnType<Date | null, Date | null, Date | null>;
}

/** The embedded test gateway's own records (its side of the wire, as Stripe keeps them). */
export interface TestGatewayTokensTable {
  id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behaviour: string;
  created_at: Instant;
  used_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface TestGatewayMethodsTable {
  id: string;
  customer: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behaviour: string;
  created_at: Instant;
}

export interface TestGatewayChargesTable {
  idempotency_key: string;
  id: string;
  method: string;
  amount: Amount;
  currency: string;
  status: string;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Instant;
  refunded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface InvoiceLinesTable {
  org_id: string;
  invoice_id: string;
  position: number;
  kind: string;
  licence_type: string;
  quantity: number;
  period_from: Instant;
  period_to: Instant;
  amount: Amount;
  description: string;
  cause: string;
  event_id: string | null;
}

export interface StaffTable {
  org_id: string;
  id: string;
  location_id: string | null;
  name: string;
  email: string;
  status: 'active' | 'inactive';
  permissions: ColumnType<string[], string[], string[]>;
  is_owner: boolean;
  password_hash: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface LicenceAssignmentsTable {
  org_id: string;
  id: string;
  subscription_id: string;
  staff_id: string;
  licence_type: string;
  active: boolean;
  assigned_at: Instant;
  released_at: ColumnType<Date | null, Date | null, Date | null>;
}

/** Per subscription and licence type: how many may be assigned, and how many are. */
export interface LicencePoolsTable {
  org_id: string;
  subscription_id: string;
  licence_type: string;
  /** Null for an unlimited type. */
  capacity: number | null;
  /** Kept by a trigger on licence_assignments. */
  assigned: ColumnType<number, number | undefined, number>;
}

/** A single-use link to set a password: an invitation, or a reset. Only its hash is kept. */
export interface SignInLinksTable {
  org_id: string;
  id: string;
  staff_id: string;
  purpose: 'invitation' | 'reset';
  token_hash: string;
  expires_at: Instant;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Instant;
}

export interface LicenceRequestsTable {
  org_id: string;
  id: string;
  subscription_id: string;
  requested_by: string;
  kind: 'adjustment' | 'licence';
  op: 'add' | 'remove' | 'set' | null;
  seats: ColumnType<Record<string, number> | null, string | null, string | null>;
  licence_type: string | null;
  reason: string | null;
  explanation: string | null;
  status: ColumnType<
    'pending' | 'awaiting_vendor' | 'approved' | 'declined' | 'withdrawn',
    'pending' | 'awaiting_vendor' | undefined,
    'pending' | 'awaiting_vendor' | 'approved' | 'declined' | 'withdrawn'
  >;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decision_note: ColumnType<string | null, string | null | undefined, string | null>;
  outcome: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: Instant;
}

export interface WebhookEndpointsTable {
  org_id: string;
  id: string;
  url: string;
  description: string | null;
  /** The event types sent; empty: every type. */
  event_types: ColumnType<unknown, string, string>;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: ColumnType<Date | null, Date | null, Date | null>;
  status: ColumnType<
    'enabled' | 'disabled',
    'enabled' | 'disabled' | undefined,
    'enabled' | 'disabled'
  >;
  disabled_reason: string | null;
  failing_since: ColumnType<Date | null, Date | null, Date | null>;
  created_at: Instant;
  updated_at: Instant;
}

export interface WebhookEventsTable {
  org_id: string;
  id: string;
  type: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Instant;
}

export interface WebhookDeliveriesTable {
  org_id: string;
  id: string;
  endpoint_id: string;
  event_id: string;
  status: ColumnType<
    'pending' | 'succeeded' | 'failed',
    'pending' | 'succeeded' | 'failed' | undefined,
    'pending' | 'succeeded' | 'failed'
  >;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Instant;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_status: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Instant;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Instant;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface SessionsTable {
  org_id: string;
  id: string;
  staff_id: string;
  created_at: Instant;
  expires_at: Instant;
  revoked_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface ApiKeysTable {
  org_id: string;
  id: string;
  name: string;
  key_hash: string;
  scopes: ColumnType<string[], string[], string[]>;
  /** Who made it: the key never does more than they may, and dies with their access. */
  owner_staff_id: string | null;
  created_at: Instant;
  revoked_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface IdempotencyKeysTable {
  org_id: string;
  /** Who sent it (actor label): a key is never shared with another caller. */
  caller: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status_code: number | null;
  response: ColumnType<unknown, string | null, string | null>;
  /** The body exactly as sent (secrets left out). */
  response_text: string | null;
  created_at: Instant;
}

export interface AuditLogTable {
  org_id: string;
  id: string;
  at: Instant;
  actor: string;
  action: string;
  subject: string;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  reason: string | null;
}

export type MessageStatus = 'pending' | 'sent' | 'failed';

/** A message to a person, queued in the transaction of what caused it, then delivered. */
export interface MessagesTable {
  org_id: string;
  id: string;
  kind: string;
  recipient_email: string;
  recipient_name: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  /** What to attach when sending: `[{"kind": "invoice_pdf", "invoiceId": "..."}]`. */
  attachments: ColumnType<unknown, string | undefined, string>;
  dedup_key: string | null;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Instant;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Instant;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface MessageAttemptsTable {
  message_id: string;
  attempt: number;
  at: Instant;
  outcome: 'sent' | 'failed';
  error: string | null;
}

export interface PlansTable {
  id: string;
  name: string;
  description: string | null;
  created_at: Instant;
  retired_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface PlanVersionsTable {
  id: string;
  plan_id: string;
  version: number;
  definition: Json<unknown>;
  /** Null for a public version; an organisation's id for a version negotiated for it. */
  org_id: string | null;
  created_by: string;
  created_at: Instant;
  published_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface OperatorKeysTable {
  id: string;
  name: string;
  key_hash: string;
  created_at: Instant;
  revoked_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface OperatorAuditLogTable {
  id: string;
  at: Instant;
  actor: string;
  action: string;
  subject: string;
  org_id: string | null;
  after: ColumnType<unknown, string | null, string | null>;
}

export interface LicenceTransitionsTable {
  org_id: string;
  id: string;
  subscription_id: string;
  event_id: string;
  effective_at: Instant;
  plan: Json<{ keep: { assignmentId: string; licenceType: string }[]; release: string[] }>;
  applied_at: ColumnType<Date | null, Date | null, Date | null>;
}

export interface SubscriptionCheckpointsTable {
  org_id: string;
  subscription_id: string;
  /** The instant the engine's state is complete at: the last invoiced instant. */
  at: Instant;
  /** Facts of the log in it: those with seq below this. */
  event_count: number;
  state: Json<unknown>;
  written_at: Instant;
}

export interface Database {
  subscription_checkpoints: SubscriptionCheckpointsTable;
  licence_transitions: LicenceTransitionsTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  operator_keys: OperatorKeysTable;
  operator_audit_log: OperatorAuditLogTable;
  organizations: OrganizationsTable;
  locations: LocationsTable;
  subscriptions: SubscriptionsTable;
  subscription_events: SubscriptionEventsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  staff: StaffTable;
  licence_assignments: LicenceAssignmentsTable;
  licence_pools: LicencePoolsTable;
  payment_methods: PaymentMethodsTable;
  payments: PaymentsTable;
  purchase_intents: PurchaseIntentsTable;
  credit_notes: CreditNotesTable;
  refunds: RefundsTable;
  test_gateway_refunds: TestGatewayRefundsTable;
  gateway_events: GatewayEventsTable;
  test_gateway_tokens: TestGatewayTokensTable;
  test_gateway_methods: TestGatewayMethodsTable;
  test_gateway_charges: TestGatewayChargesTable;
  sessions: SessionsTable;
  sign_in_links: SignInLinksTable;
  licence_requests: LicenceRequestsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  messages: MessagesTable;
  message_attempts: MessageAttemptsTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type SubscriptionEventRow = Selectable<SubscriptionEventsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type StaffRow = Selectable<StaffTable>;
export type AssignmentRow = Selectable<LicenceAssignmentsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type PlanRow = Selectable<PlansTable>;
export type PlanVersionRow = Selectable<PlanVersionsTable>;
