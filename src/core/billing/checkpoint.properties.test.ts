import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceScenarioArb as scenarioArb } from '../../../test/support/arbitrary-scenario.js';
import { formatInstant } from '../calendar/index.js';
import { writeJson, type JsonValue } from '../json/write-json.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { resultToJson } from '../scenario/result-json.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Checkpoint } from './checkpoint.js';
import {
  resume,
  simulate,
  simulateForBilling,
  simulateToCheckpoint,
  type SimulationResult,
} from './simulate.js';

const runs = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 300) };

/** Everything a result says, as bytes: the contract's output and the state the service reads. */
function bytes(result: SimulationResult): string {
  const line = (l: SimulationResult['pending'][number]) => ({
    ...l,
    from: l.from.ms,
    to: l.to.ms,
    amount: l.amount,
  });
  return writeJson({
    result: resultToJson(result),
    pending: result.pending.map(line),
    scheduled: result.scheduled.map((d) => ({ ...d, effective: d.effective.ms })),
    nextPeriodStart: result.nextPeriodStart ? formatInstant(result.nextPeriodStart.ms) : null,
    term: result.term
      ? {
          end: result.term.end.ms,
          windowStart: result.term.windowStart.ms,
          renewed: result.term.renewed,
          renewalSeats: result.term.renewal ? [...result.term.renewal.seats] : null,
        }
      : null,
    cancelledFrom: result.cancelledFrom?.ms ?? null,
    plan: result.plan as unknown as JsonValue,
  } as unknown as JsonValue);
}

function parse(input: unknown): Scenario {
  const parsed = parseScenario(input, { serviceFacts: true });
  if (!parsed.ok) throw new Error(`${parsed.issue.path}: ${parsed.issue.message}`);
  return parsed.scenario;
}

describe('checkpoints', () => {
  it('resume(checkpoint, later facts) gives what simulate gives, at every instant of random histories', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const full = parse(raw);
        const whole = simulate(full);
        const expected = bytes(whole);
        // Every instant something happened at: each fact, each invoice, the start.
        const instants = new Set<number>([full.start.ms]);
        for (const event of full.events) instants.add(event.at.ms);
        for (const invoice of whole.invoices) instants.add(invoice.issuedAt.ms);
        for (const at of instants) {
          if (at > full.until.ms) continue;
          const prefix = parse({
            ...raw,
            events: raw.events.filter((_e, i) => (full.events[i]?.at.ms ?? 0) <= at),
            until: new Date(at).toISOString(),
          });
          const taken = simulateToCheckpoint(prefix);
          // Through JSON, as the service keeps it.
          const checkpoint = JSON.parse(JSON.stringify(taken.checkpoint)) as Checkpoint;
          const later = full.events.filter((event) => event.at.ms > at);
          const resumed = resume({ ...full, events: later }, checkpoint);
          const combined: SimulationResult = {
            ...resumed,
            invoices: [...taken.result.invoices, ...resumed.invoices],
            events: [...taken.result.events, ...resumed.events],
          };
          expect(bytes(combined)).toBe(expected);
        }
      }),
      runs,
    );
  });

  it('chains: a checkpoint resumed to a later checkpoint resumes the same way', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const full = parse(raw);
        const times = [...new Set(full.events.map((e) => e.at.ms))];
        if (times.length < 2) return;
        const [first, second] = [times[0] ?? 0, times[Math.floor(times.length / 2)] ?? 0];
        // A checkpoint is taken inside the history, never past its end.
        if (second > full.until.ms) return;
        const upTo = (ms: number) => full.events.filter((e) => e.at.ms <= ms);
        const one = simulateToCheckpoint({
          ...full,
          events: upTo(first),
          until: { ...full.start, ms: first, day: upTo(first).at(-1)?.at.day ?? full.start.day },
        });
        const between = full.events.filter((e) => e.at.ms > first && e.at.ms <= second);
        const two = simulateToCheckpoint(
          { ...full, events: between, until: upTo(second).at(-1)?.at ?? full.until },
          one.checkpoint,
        );
        const rest = resume(
          { ...full, events: full.events.filter((e) => e.at.ms > second) },
          two.checkpoint,
        );
        const combined: SimulationResult = {
          ...rest,
          invoices: [...one.result.invoices, ...two.result.invoices, ...rest.invoices],
          events: [...one.result.events, ...two.result.events, ...rest.events],
        };
        expect(bytes(combined)).toBe(bytes(simulate(full)));
      }),
      runs,
    );
  });

  it('a billing run keeps, from the same run, the checkpoint simulateToCheckpoint takes at its last invoice', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (raw, pick) => {
        const full = parse(raw);
        const whole = simulate(full);
        // From the start, and resumed from the checkpoint at one of its invoices.
        const issued = whole.invoices.map((invoice) => invoice.issuedAt.ms);
        const fromAt = issued.length > 1 ? issued[pick % (issued.length - 1)] : undefined;
        const upTo = (ms: number) => ({
          ...full,
          events: full.events.filter((event) => event.at.ms <= ms),
          until: { ...full.until, ms },
        });
        const from = fromAt === undefined ? null : simulateToCheckpoint(upTo(fromAt)).checkpoint;
        const rest = from ? full.events.filter((event) => event.at.ms > from.at) : full.events;
        const billed = simulateForBilling({ ...full, events: rest }, from);
        const expected = from ? resume({ ...full, events: rest }, from) : whole;
        expect(bytes(billed.result)).toBe(bytes(expected));
        const last = issued.filter((ms) => ms > (from?.at ?? -Infinity)).at(-1);
        if (last === undefined) {
          expect(billed.checkpoint).toBeNull();
          return;
        }
        const rebuilt = simulateToCheckpoint(
          { ...upTo(last), events: rest.filter((event) => event.at.ms <= last) },
          from,
        ).checkpoint;
        expect(JSON.stringify(billed.checkpoint)).toBe(JSON.stringify(rebuilt));
      }),
      runs,
    );
  });

  it('a version 1 checkpoint (plans written in place) resumes as its version 2 does', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const full = parse(raw);
        const at = full.events[Math.floor(full.events.length / 2)]?.at.ms;
        if (at === undefined || at > full.until.ms) return;
        const upTo = full.events.filter((event) => event.at.ms <= at);
        const { checkpoint } = simulateToCheckpoint({
          ...full,
          events: upTo,
          until: { ...full.until, ms: at },
        });
        const later = { ...full, events: full.events.filter((event) => event.at.ms > at) };
        const v2 = JSON.parse(JSON.stringify(checkpoint)) as Checkpoint;
        expect(bytes(resume(later, asVersion1(v2)))).toBe(bytes(resume(later, v2)));
      }),
      runs,
    );
  });
});

/** A version 2 checkpoint as version 1 wrote it: every plan in place, no `plans`. */
function asVersion1(checkpoint: Checkpoint): Checkpoint {
  const plans = checkpoint.plans ?? [];
  const inline = (value: unknown, key: string): unknown => {
    if (key === 'plan' && typeof value === 'number') return plans[value];
    if (Array.isArray(value)) return value.map((item) => inline(item, ''));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === 'plans' ? undefined : inline(v, k)]),
      );
    }
    return value;
  };
  const v1 = JSON.parse(JSON.stringify(inline(checkpoint, ''))) as Record<string, unknown>;
  expect(JSON.stringify(v1)).not.toContain('"plans"');
  return { ...v1, version: 1 } as unknown as Checkpoint;
}
