import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, subtotals } from './support/run-scenario.js';

interface Example {
  description: string;
  scenario: unknown;
  expect: {
    invoices?: number[];
    totals?: number[];
    rejected?: Record<string, string>;
    outcome?: Record<string, string>;
    warnings?: Record<string, string[]>;
    seats?: Record<string, number>;
    creditBalance?: number;
    status?: string;
  };
}

const folder = join(import.meta.dirname, '..', 'examples');
const files = readdirSync(folder).filter((name) => name.endsWith('.json'));

describe('examples/', () => {
  it('holds an example for each preset and each worked example of the brief', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  for (const file of files) {
    const example = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Example;
    it(`${file}: ${example.description}`, () => {
      const result = runScenario(example.scenario);
      const wanted = example.expect;
      if (wanted.invoices) expect(subtotals(result)).toEqual(wanted.invoices);
      if (wanted.totals) expect(result.invoices.map((i) => i.total)).toEqual(wanted.totals);
      for (const [index, code] of Object.entries(wanted.rejected ?? {})) {
        expect(result.events[Number(index)]).toMatchObject({ outcome: 'rejected', code });
      }
      for (const [index, outcome] of Object.entries(wanted.outcome ?? {})) {
        expect(result.events[Number(index)]?.outcome).toBe(outcome);
      }
      for (const [index, warnings] of Object.entries(wanted.warnings ?? {})) {
        expect(result.events[Number(index)]?.warnings).toEqual(warnings);
      }
      if (wanted.seats) expect(result.seats).toEqual(wanted.seats);
      if (wanted.creditBalance !== undefined)
        expect(result.creditBalance).toBe(wanted.creditBalance);
      if (wanted.status) expect(result.status).toBe(wanted.status);
    });
  }
});
