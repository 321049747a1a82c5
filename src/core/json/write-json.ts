export type JsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/**
 * JSON text with bigints written as exact integer literals (JSON.stringify refuses them)
 * and keys in insertion order, so the same value always gives the same bytes.
 * Properties whose value is undefined are left out.
 */
export function writeJson(value: JsonValue, indent = 2): string {
  const parts: string[] = [];
  write(value, '', ' '.repeat(indent), parts);
  return parts.join('');
}

function write(value: JsonValue, margin: string, step: string, out: string[]): void {
  if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    if (items.length === 0) return void out.push('[]');
    const inner = margin + step;
    out.push('[');
    items.forEach((item, i) => {
      out.push(i === 0 ? '\n' : ',\n', inner);
      write(item, inner, step, out);
    });
    out.push('\n', margin, ']');
  } else {
    const entries = Object.entries(value).filter(
      (entry): entry is [string, JsonValue] => entry[1] !== undefined,
    );
    if (entries.length === 0) return void out.push('{}');
    const inner = margin + step;
    out.push('{');
    entries.forEach(([key, item], i) => {
      out.push(i === 0 ? '\n' : ',\n', inner, JSON.stringify(key), ': ');
      write(item, inner, step, out);
    });
    out.push('\n', margin, '}');
  }
}
