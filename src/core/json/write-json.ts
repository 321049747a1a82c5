export type JsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MARK = '\u0000bigint:';
const MARKED = /"\\u0000bigint:(-?\d+)"/g;

/**
 * JSON text with bigints written as exact integer literals (JSON.stringify refuses them)
 * and keys in insertion order, so the same value always gives the same bytes. Properties
 * whose value is undefined are left out. Bigints beyond 2^53 pass through a marked string
 * that is replaced by its digits, so the native serialiser does the rest; a string that
 * starts with the mark (NUL, then "bigint:") is refused rather than mistaken for one.
 */
export function writeJson(value: JsonValue, indent = 2): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  // The value holds a bigint: serialise again, marking those beyond the safe range.
  let marked = false;
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item === 'string' && item.startsWith(MARK)) {
        throw new RangeError('a string value starts with the bigint mark');
      }
      if (typeof item !== 'bigint') return item;
      if (item <= SAFE && item >= -SAFE) return Number(item);
      marked = true;
      return `${MARK}${item}`;
    },
    indent,
  );
  return marked ? text.replace(MARKED, '$1') : text;
}
