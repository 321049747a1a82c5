import { readFile } from 'node:fs/promises';
import { parseScenario, resultToJson, simulate, writeJson } from '../core/index.js';
import { formatTable } from './format-table.js';
import { readAll, type CommandIo } from './io.js';

export const SIMULATE_USAGE = 'seatledger simulate FILE|- [--format json|table]';

/**
 * `seatledger simulate`: one scenario in, one result out. Exit 0 when the scenario ran
 * (rejections are part of the result), 2 when the file is not a valid scenario.
 */
export async function simulateCommand(args: readonly string[], io: CommandIo): Promise<number> {
  let format = 'json';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--format' || arg.startsWith('--format=')) {
      format = arg.includes('=') ? arg.slice('--format='.length) : (args[++i] ?? '');
    } else if (arg.startsWith('--')) {
      return usage(io, `unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  const [file] = files;
  if (!file || files.length > 1)
    return usage(io, 'give exactly one scenario file, or - for standard input');
  if (format !== 'json' && format !== 'table') return usage(io, '--format must be json or table');

  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    io.stderr.write(`(root): not valid JSON: ${(error as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(input);
  if (!parsed.ok) {
    io.stderr.write(`${parsed.issue.path}: ${parsed.issue.message}\n`);
    return 2;
  }
  const result = simulate(parsed.scenario);
  io.stdout.write(
    format === 'table'
      ? formatTable(result, parsed.scenario)
      : `${writeJson(resultToJson(result))}\n`,
  );
  return 0;
}

function usage(io: CommandIo, problem: string): number {
  io.stderr.write(`${problem}\nusage: ${SIMULATE_USAGE}\n`);
  return 2;
}
