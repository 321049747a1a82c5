import { AppError } from '../app/app-error.js';

/** Deeper than any request of the API needs; deeper JSON is refused before anything reads it. */
export const MAX_JSON_DEPTH = 16;

/**
 * Refuse input no field of the API can hold, before any schema or store sees it: a NUL
 * character (PostgreSQL text cannot hold one), a lone UTF-16 surrogate (not text), or JSON
 * nested deeper than MAX_JSON_DEPTH. The problem names the field.
 */
export function checkInputText(value: unknown, part: string): void {
  const fault = findFault(value, part, 0);
  if (fault)
    throw new AppError('validation_failed', `${fault.field}: ${fault.message}`, fault.field);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Fault {
  readonly field: string;
  readonly message: string;
}

function findFault(value: unknown, path: string, depth: number): Fault | null {
  if (typeof value === 'string') return textFault(value, path);
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) {
    return { field: path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const fault = findFault(item, `${path}[${i}]`, depth + 1);
      if (fault) return fault;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const keyFault = textFault(key, field);
    if (keyFault) return keyFault;
    const fault = findFault(item, field, depth + 1);
    if (fault) return fault;
  }
  return null;
}

function textFault(text: string, field: string): Fault | null {
  if (text.includes('\u0000')) return { field, message: 'must not contain a NUL character' };
  if (LONE_SURROGATE.test(text)) {
    return { field, message: 'must be well-formed text (it holds a lone surrogate)' };
  }
  return null;
}
