import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const SEQUENCE_SPAN = 32 ** 4;
let sequence = 0;

// Random bytes drawn from the system in blocks: one call for hundreds of ids (a billing run
// makes thousands per second). Each byte is used once.
const pool = Buffer.alloc(4096);
let drawn = pool.length;

function randomByte(): number {
  if (drawn === pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  return pool[drawn++] ?? 0;
}

function base32(value: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = ALPHABET.charAt(value % 32) + text;
    value = Math.floor(value / 32);
  }
  return text;
}

/**
 * A prefixed, sortable id (`lic_01jc3...`) in Crockford's base 32: 10 characters of
 * milliseconds, 4 of a counter (so ids made in one millisecond by one process keep their
 * order), then 12 random ones.
 */
export function newId(prefix: string, at: Date = new Date()): string {
  sequence = (sequence + 1) % SEQUENCE_SPAN;
  let tail = '';
  for (let i = 0; i < 12; i++) tail += ALPHABET.charAt(randomByte() % 32);
  return `${prefix}_${base32(at.getTime(), 10)}${base32(sequence, 4)}${tail}`;
}
