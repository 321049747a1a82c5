import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The console talks to the API only through this client. Its types are generated from the
 * API's OpenAPI document (`npm run api:types`); a test fails when they drift apart.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export type Problem = components['schemas']['Problem'] & Record<string, unknown>;

/** A refusal from the API: its stable code, the field at fault, and the whole problem. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail);
  }
  get code(): string {
    return this.problem.code;
  }
  get field(): string | null {
    return this.problem.field;
  }
}

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** The data of a call, or an ApiProblem for its refusal. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem =
      error && typeof error === 'object' && 'code' in error
        ? (error as Problem)
        : ({
            type: 'about:blank',
            title: response.statusText,
            status: response.status,
            detail: `The server answered ${response.status}`,
            code: 'http_error',
            field: null,
          } as Problem);
    throw new ApiProblem(response.status, problem);
  }
  return data as T;
}

export type Schemas = components['schemas'];
