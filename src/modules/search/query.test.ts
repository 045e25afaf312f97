import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUERY_LIMITS, parseQuery, queryText, toFts5, type SearchQuery } from './query.js';

const parsed = (text: string): SearchQuery | null => {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(r.message);
  return r.query;
};

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and OR', () => {
    expect(parsed('smart "prepayment meter" -gas meter OR metre')).toEqual({
      all: [[{ words: ['smart'] }], [{ words: ['prepayment', 'meter'] }], [{ words: ['meter'] }, { words: ['metre'] }]],
      none: [{ words: ['gas'] }],
    });
  });

  it('makes a word with punctuation inside a phrase of its parts, lower case', () => {
    expect(parsed('Smart-Meter DP094')).toEqual({ all: [[{ words: ['smart', 'meter'] }], [{ words: ['dp094'] }]], none: [] });
  });

  it('forgives an unclosed quote, lone operators and stray punctuation', () => {
    expect(parsed('"smart meter')).toEqual({ all: [[{ words: ['smart', 'meter'] }]], none: [] });
    expect(parsed('OR smart OR')).toEqual({ all: [[{ words: ['smart'] }]], none: [] });
    expect(parsed('smart - OR OR meter')).toEqual({ all: [[{ words: ['smart'] }, { words: ['meter'] }]], none: [] });
    expect(parsed('* ( ) : ^ NEAR AND')).toEqual({ all: [[{ words: ['near'] }], [{ words: ['and'] }]], none: [] });
    expect(parsed('"" - ---')).toBeNull();
    expect(parsed('   ')).toBeNull();
  });

  it('refuses only exclusions, too many terms and too long a text, with a message', () => {
    expect(parseQuery('-gas -"smart meter"')).toMatchObject({ ok: false, message: expect.stringContaining('add a word') });
    expect(parseQuery(Array.from({ length: 10_000 }, (_, i) => `w${i}`).join(' ').slice(0, 999))).toMatchObject({ ok: false, message: expect.stringContaining('more than') });
    expect(parseQuery('x'.repeat(QUERY_LIMITS.maxLength + 1))).toMatchObject({ ok: false });
  });

  it('writes FTS5 with quoted tokens only', () => {
    expect(toFts5(parsed('a "b c" -d e OR f')!)).toBe('("a" AND "b c" AND ("e" OR "f")) NOT ("d")');
    expect(queryText(parsed('a "b c" -d e OR f')!)).toBe('a "b c" e OR f -d');
  });

  it('never throws, and what it writes for FTS5 holds only quoted letters and digits', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const r = parseQuery(text);
      if (r.ok && r.query) {
        const fts = toFts5(r.query);
        expect(fts.replace(/"[\p{L}\p{N} ]+"/gu, '')).toMatch(/^[() ANDORT]*$/u);
      }
    }), { numRuns: 500 });
  });
});
