import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../app/app-error.js';
import type { Actor, Scope } from '../app/context.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly actor: Actor;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** One endpoint: its schemas (validation and the OpenAPI document come from them) and handler. */
export interface Route<P = unknown, Q = unknown, B = unknown> {
  readonly method: Method;
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  /** true: a credential is required; 'optional': read when sent; false: never read. */
  readonly auth: boolean | 'optional';
  /** Only the vendor's operator key may call it. */
  readonly operator?: boolean;
  /** The scope it needs, checked before anything else (an idempotent replay included). */
  readonly scope?: Scope;
  /** Response fields shown once and never kept for a replay (an API key's secret). */
  readonly secretFields?: readonly string[];
  /** false: the handler commits in several transactions; its answer is kept after it. */
  readonly atomic?: boolean;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  readonly status?: number;
  readonly response: z.ZodType;
  readonly handler: (input: HandlerInput<P, Q, B>) => Promise<unknown>;
}

export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  definition: Route<P, Q, B>,
): Route {
  return definition as unknown as Route;
}

/** Parse a request part against its schema; a fault names the field. */
export function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new AppError('validation_failed', `${part} is invalid`, part);
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  const field = fieldName(path) || part;
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  throw new AppError('validation_failed', `${field}: ${message}`, field);
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => {
    if (typeof key === 'number') return `${name}[${key}]`;
    return name ? `${name}.${String(key)}` : String(key);
  }, '');
}

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const cursorQuery = {
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
