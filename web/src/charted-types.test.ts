import { describe, expect, it } from 'vitest';
import { chartedTypes } from './charted-types';

describe('the types a history chart draws', () => {
  it('keeps a type no longer sold, after those sold now', () => {
    const months: { purchased: Record<string, number> }[] = [
      { purchased: { provider: 2, admin: 1 } },
      { purchased: { therapist: 3, admin: 1 } },
    ];
    expect(chartedTypes(['therapist', 'assistant'], months)).toEqual([
      'therapist',
      'assistant',
      'provider',
      'admin',
    ]);
  });

  it('leaves out a type never held', () => {
    expect(chartedTypes(['seat'], [{ purchased: { seat: 1, old: 0 } }])).toEqual(['seat']);
  });
});
