import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes what must be quoted and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['name', 'note'],
        [
          ['Ann "A" Lee', 'a,b\nc'],
          ['Bo', null],
        ],
      ),
    ).toBe('name,note\r\n"Ann ""A"" Lee","a,b\nc"\r\nBo,\r\n');
  });

  it('never lets a cell run as a formula; numbers stay numbers', () => {
    expect(toCsv(['x'], [['=HYPERLINK("x")'], ['-1+2'], ['@SUM(A1)'], [-5]])).toBe(
      'x\r\n"\'=HYPERLINK(""x"")"\r\n\'-1+2\r\n\'@SUM(A1)\r\n-5\r\n',
    );
  });
});
