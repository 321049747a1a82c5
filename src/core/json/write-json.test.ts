import { describe, expect, it } from 'vitest';
import { writeJson } from './write-json.js';

describe('writeJson', () => {
  it('writes bigints as exact integers, in and beyond the safe range', () => {
    expect(writeJson({ a: 12n, b: -(10n ** 20n), c: [2n ** 53n + 1n] }, 0)).toBe(
      '{"a":12,"b":-100000000000000000000,"c":[9007199254740993]}',
    );
  });

  it('keeps insertion order, leaves out undefined and indents by two', () => {
    expect(writeJson({ z: 1, a: undefined, m: { x: [] } })).toBe(
      '{\n  "z": 1,\n  "m": {\n    "x": []\n  }\n}',
    );
  });

  it('refuses a string that could be mistaken for a bigint', () => {
    expect(() => writeJson({ s: '\u0000bigint:5', n: 10n ** 20n }, 0)).toThrow(RangeError);
  });
});
