import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, toCsv } from './csv.js';

describe('CSV', () => {
  it('leaves plain cells alone and writes nothing for null', () => {
    expect(csvRow(['DP094', 'Smart meters', 3, null, undefined, true])).toBe('DP094,Smart meters,3,,,true');
  });

  it('quotes commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it.each(['=SUM(A1:A2)', '+1', '-2', '@cmd', '\tTab', '\rCR'])('makes %j inert with a leading quote', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, '').startsWith(`'${value[0]}`)).toBe(true);
  });

  it('quotes an inert cell that also needs quoting', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-1,2')).toBe('"\'-1,2"');
  });

  it('ends every record with CRLF, header first', () => {
    expect(toCsv(['a', 'b'], [['1', '2'], ['x,y', '']])).toBe('a,b\r\n1,2\r\n"x,y",\r\n');
  });
});
