import { parseScenario, resultToJson, simulate, writeJson } from '../src/core/index.js';
import { randomSubscription, seededRandom } from './random-subscriptions.js';

/**
 * `npm run bench`: 10,000 random subscriptions, 3 years each with a licence change every
 * month, through the engine in one process, from scenario text to result text as
 * `seatledger simulate` does. The baseline, measured in the same run on the same machine,
 * is a JSON round trip of the same scenario texts: the least any engine that reads a
 * scenario and writes a result must do.
 */
const SUBSCRIPTIONS = Number(process.env['BENCH_SUBSCRIPTIONS'] ?? 10_000);
const YEARS = 3;

const random = seededRandom(20261122);
const scenarios = Array.from({ length: SUBSCRIPTIONS }, () =>
  JSON.stringify(randomSubscription(random, YEARS)),
);
const subscriptionYears = SUBSCRIPTIONS * YEARS;

function measure(label: string, work: (scenario: string) => number): number {
  const startedAt = process.hrtime.bigint();
  let checksum = 0;
  for (const scenario of scenarios) checksum += work(scenario);
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const rate = subscriptionYears / seconds;
  console.log(
    `${label}: ${seconds.toFixed(2)} s, ${Math.round(rate)} subscription-years/s (checksum ${checksum})`,
  );
  return rate;
}

const baseline = measure(
  'baseline, JSON round trip',
  (text) => JSON.stringify(JSON.parse(text), null, 2).length,
);
// Warm the JIT and the zone caches on a slice, as a long-running server would be.
for (const scenario of scenarios.slice(0, 200)) run(scenario);
const engine = measure('engine, parse + simulate', (text) => run(text).invoices.length);
const full = measure('engine + JSON output', (text) => writeJson(resultToJson(run(text))).length);

function run(text: string): ReturnType<typeof simulate> {
  const parsed = parseScenario(JSON.parse(text));
  if (!parsed.ok) throw new Error(`${parsed.issue.path}: ${parsed.issue.message}`);
  return simulate(parsed.scenario);
}

const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  `ratio to baseline: engine ${(engine / baseline).toFixed(3)}, engine + output ${(full / baseline).toFixed(3)}`,
);
console.log(`simulate: ${Math.round(full)} subscription-years/s, peak ${Math.round(peakMiB)} MiB`);
