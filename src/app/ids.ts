import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A prefixed, sortable id (`lic_01jc3...`): 10 characters of milliseconds, then 16 random
 * ones, in Crockford's base 32, so ids sort by creation time.
 */
export function newId(prefix: string, at: Date = new Date()): string {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET.charAt(time % 32) + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let tail = '';
  for (const byte of bytes) tail += ALPHABET.charAt(byte % 32);
  return `${prefix}_${head}${tail}`;
}
