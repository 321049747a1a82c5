import { formatInstant, isoDateOf } from '../calendar/index.js';
import type { SimulationResult } from '../billing/simulate.js';
import type { Invoice } from '../billing/invoice.js';
import type { JsonValue } from '../json/write-json.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An amount as a JSON number where that is exact, else as a bigint for writeJson. */
function integer(amount: bigint): number | bigint {
  return amount <= SAFE && amount >= -SAFE ? Number(amount) : amount;
}

/** A simulation result in the shape of the scenario contract's output, with a few extras. */
export function resultToJson(result: SimulationResult): JsonValue {
  return {
    status: result.status,
    endedAt: result.endedAt ? formatInstant(result.endedAt.ms) : undefined,
    seats: Object.fromEntries(result.seats),
    creditBalance: integer(result.creditBalance),
    invoices: result.invoices.map(invoiceToJson),
    events: result.events.map((event) =>
      event.outcome === 'rejected'
        ? { index: event.index, outcome: event.outcome, code: event.code, message: event.message }
        : {
            index: event.index,
            outcome: event.outcome,
            effective: formatInstant(event.effective.ms),
            warnings: event.warnings.length > 0 ? [...event.warnings] : undefined,
          },
    ),
  };
}

function invoiceToJson(invoice: Invoice): JsonValue {
  return {
    number: invoice.number,
    issuedAt: formatInstant(invoice.issuedAt.ms),
    issuedOn: isoDateOf(invoice.issuedAt.day),
    currency: invoice.currency,
    lines: invoice.lines.map((line) => ({
      kind: line.kind,
      licenceType: line.licenceType,
      quantity: line.quantity,
      from: formatInstant(line.from.ms),
      to: formatInstant(line.to.ms),
      amount: integer(line.amount),
      description: line.description,
      cause: line.cause,
      event: line.event ?? undefined,
    })),
    subtotal: integer(invoice.subtotal),
    creditApplied: integer(invoice.creditApplied),
    total: integer(invoice.total),
  };
}
