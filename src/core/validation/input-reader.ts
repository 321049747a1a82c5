/**
 * Reading untrusted JSON into typed values. Each reader names the path of what it reads, so
 * a fault is reported as `events[3].seats.provider: must be an integer >= 0`.
 */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

export class InputFault extends Error {
  constructor(readonly issue: InputIssue) {
    super(`${issue.path}: ${issue.message}`);
  }
}

export function fail(path: string, message: string): never {
  throw new InputFault({ path: path || '(root)', message });
}

const plainKeys = new Map<string, boolean>();

export function childPath(path: string, key: string): string {
  let plain = plainKeys.get(key);
  if (plain === undefined) {
    plain = /^[A-Za-z_$][\w$-]*$/.test(key);
    if (plainKeys.size < 10_000) plainKeys.set(key, plain);
  }
  if (!plain) return path ? `${path}[${JSON.stringify(key)}]` : JSON.stringify(key);
  return path ? `${path}.${key}` : key;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

export type JsonObject = Readonly<Record<string, unknown>>;

/** Annotation keys accepted anywhere and ignored, so files can document themselves. */
const ANNOTATIONS = new Set(['description', 'comment', '$comment', '$schema', 'name']);

export function readObject(value: unknown, path: string, allowed: readonly string[]): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'must be an object');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key) && !ANNOTATIONS.has(key)) {
      fail(childPath(path, key), `unknown field (expected one of: ${allowed.join(', ')})`);
    }
  }
  return value as JsonObject;
}

/** A map with keys chosen by the author (licence types). */
export function readRecord(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'must be an object');
  }
  return value as JsonObject;
}

export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  return value;
}

export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false');
  return value;
}

export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(path, `must be an integer >= ${min}`);
  }
  if (value > max) fail(path, `must be an integer <= ${max}`);
  return value;
}

export function readEnum<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    fail(path, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
  }
  return value as T;
}

/** The value at key, or the fallback when the key is absent. */
export function optional<T>(
  object: JsonObject,
  key: string,
  path: string,
  read: (value: unknown, path: string) => T,
  fallback: T,
): T {
  const value = object[key];
  return value === undefined ? fallback : read(value, childPath(path, key));
}

export function required<T>(
  object: JsonObject,
  key: string,
  path: string,
  read: (value: unknown, path: string) => T,
): T {
  const value = object[key];
  if (value === undefined) fail(childPath(path, key), 'is required');
  return read(value, childPath(path, key));
}
