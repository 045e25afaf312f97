import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes what needs quoting and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes empty, boolean, number and list cells as a spreadsheet user reads them', () => {
    expect([null, undefined, true, false, 42, ['a', 'b']].map(csvCell)).toEqual(['', '', 'yes', 'no', '42', 'a; b']);
  });

  it('makes a would-be formula inert', () => {
    for (const danger of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const cell = csvCell(danger);
      expect(cell.replace(/^"/, '').startsWith("'"), danger).toBe(true);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes a byte-order mark, a header and CRLF lines', () => {
    expect(toCsv(['Reference', 'Title'], [['MP094', 'A, B']])).toBe('\uFEFFReference,Title\r\nMP094,"A, B"\r\n');
  });
});
