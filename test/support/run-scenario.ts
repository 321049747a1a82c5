import { parseScenario, resultToJson, simulate, writeJson } from '../../src/core/index.js';

export interface LineJson {
  kind: 'recurring' | 'proration' | 'charge' | 'credit';
  licenceType: string;
  quantity: number;
  from: string;
  to: string;
  amount: number;
  description: string;
  cause: string;
  event?: number;
}

export interface InvoiceJson {
  number: number;
  issuedAt: string;
  issuedOn: string;
  currency: string;
  lines: LineJson[];
  subtotal: number;
  creditApplied: number;
  total: number;
}

export interface EventJson {
  index: number;
  outcome: 'applied' | 'scheduled' | 'rejected';
  effective?: string;
  code?: string;
  message?: string;
  warnings?: string[];
}

export interface ResultJson {
  status: 'active' | 'ended';
  seats: Record<string, number>;
  creditBalance: number;
  invoices: InvoiceJson[];
  events: EventJson[];
}

/** Parse and simulate a scenario as the CLI does; throws on an invalid scenario. */
export function runScenario(input: unknown): ResultJson {
  return JSON.parse(runScenarioText(input)) as ResultJson;
}

export function runScenarioText(input: unknown): string {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`${parsed.issue.path}: ${parsed.issue.message}`);
  return writeJson(resultToJson(simulate(parsed.scenario)));
}

/** The path and message of the first fault of an invalid scenario. */
export function scenarioFault(input: unknown): string {
  const parsed = parseScenario(input);
  if (parsed.ok) throw new Error('the scenario is valid');
  return `${parsed.issue.path}: ${parsed.issue.message}`;
}

export const subtotals = (result: ResultJson): number[] => result.invoices.map((i) => i.subtotal);

/** A monthly plan in USD with one `seat` type at 3100 a month (100 a day in a 31-day month). */
export function monthlyPlan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    currency: 'USD',
    interval: 'month',
    licenceTypes: { seat: { unitAmount: 3100 } },
    ...overrides,
  };
}

export type EventInput = Record<string, unknown>;

/** A scenario from 1 Jan 2026 with 10 seats, until 1 Mar 2026, unless overridden. */
export function scenarioWith(
  plan: unknown,
  events: EventInput[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    plan,
    start: '2026-01-01',
    seats: { seat: 10 },
    events,
    until: '2026-03-01',
    ...overrides,
  };
}

export const lines = (result: ResultJson): LineJson[] => result.invoices.flatMap((i) => i.lines);
