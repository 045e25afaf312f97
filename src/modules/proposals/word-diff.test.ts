// The word-level diff of two problem statement versions: each side reads back exactly, the words
// kept are as many as the two texts can share (checked against a plain longest-common-subsequence
// on random texts), and unchanged lines line up with themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWords, editScript, sideBySide, tokenize, wordCounts, type DiffPart } from './word-diff.js';

const side = (parts: DiffPart[], drop: 'added' | 'removed') => parts.filter((p) => p.kind !== drop).map((p) => p.text).join('');

/** Length of a longest common subsequence, by the textbook table. */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

describe('tokenize', () => {
  it('splits words, runs of white space and each other character', () => {
    expect(tokenize('The SM WAN, v0.2 — isn’t down.\n\n## Next')).toEqual([
      'The', ' ', 'SM', ' ', 'WAN', ',', ' ', 'v0', '.', '2', ' ', '—', ' ', 'isn', '’', 't', ' ', 'down', '.', '\n\n', '#', '#', ' ', 'Next',
    ]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('diffWords', () => {
  it('marks the words that went and came, keeping the rest', () => {
    expect(diffWords('Prepayment customers lose supply when the SM WAN is down.', 'Prepayment customers lose credit when the SM WAN is unavailable.')).toEqual([
      { kind: 'same', text: 'Prepayment customers lose ' }, { kind: 'removed', text: 'supply' }, { kind: 'added', text: 'credit' },
      { kind: 'same', text: ' when the SM WAN is ' }, { kind: 'removed', text: 'down' }, { kind: 'added', text: 'unavailable' }, { kind: 'same', text: '.' },
    ]);
  });

  it('handles empty texts and identical texts', () => {
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('', 'New text')).toEqual([{ kind: 'added', text: 'New text' }]);
    expect(diffWords('Old text', '')).toEqual([{ kind: 'removed', text: 'Old text' }]);
    expect(diffWords('Same words.', 'Same words.')).toEqual([{ kind: 'same', text: 'Same words.' }]);
  });

  it('reads back each side exactly and keeps as many words as the texts share', () => {
    const word = fc.constantFrom('the', 'SM', 'WAN', 'is', 'down', 'up', ' ', '\n', '.', ',', 'café', '<b>', '&amp;');
    const text = fc.array(word, { maxLength: 40 }).map((w) => w.join(''));
    fc.assert(fc.property(text, text, (before, after) => {
      const parts = diffWords(before, after);
      expect(side(parts, 'added')).toBe(before);
      expect(side(parts, 'removed')).toBe(after);
      // A shortest edit script keeps exactly a longest common subsequence of the words.
      const kept = editScript(tokenize(before), tokenize(after))!.filter((o) => o.kind === 'same').length;
      expect(kept).toBe(lcs(tokenize(before), tokenize(after)));
    }), { numRuns: 300, seed: 2026 });
  });
});

describe('editScript', () => {
  it('finds a shortest script, and gives up past its bound', () => {
    const ops = editScript([...'ABCABBA'], [...'CBABAC'])!;
    expect(ops.filter((o) => o.kind !== 'same')).toHaveLength(5);
    expect(editScript([...'abcdef'], [...'uvwxyz'], 3)).toBeNull();
    expect(editScript([...'abcdef'], [...'abcdef'], 0)!.every((o) => o.kind === 'same')).toBe(true);
  });
});

describe('sideBySide', () => {
  const v1 = '## What is the issue?\n\nTop-ups fail when the SM WAN is down.\n\n## Desired outcome\n\nA way to top up.';
  const v2 = '## What is the issue?\n\nTop-ups fail when the SM WAN is unavailable.\n\n## Desired outcome\n\nA way to top up.\n\n## Timing\n\nBy June 2020.';

  it('lines up unchanged lines and marks the words of changed ones', () => {
    const rows = sideBySide(v1, v2);
    expect(rows.filter((r) => !r.changed).map((r) => r.before[0].text)).toEqual(['## What is the issue?', '', '', '## Desired outcome', '', 'A way to top up.']);
    const changed = rows.filter((r) => r.changed);
    expect(changed[0]).toEqual({
      before: [{ kind: 'same', text: 'Top-ups fail when the SM WAN is ' }, { kind: 'removed', text: 'down' }, { kind: 'same', text: '.' }],
      after: [{ kind: 'same', text: 'Top-ups fail when the SM WAN is ' }, { kind: 'added', text: 'unavailable' }, { kind: 'same', text: '.' }],
      changed: true,
    });
    expect(changed[1]).toEqual({ before: [], after: [{ kind: 'added', text: '\n## Timing\n\nBy June 2020.' }], changed: true });
    expect(wordCounts(rows)).toEqual({ removed: 1, added: 5 });
  });

  it('reads back each whole text from its side', () => {
    const rows = sideBySide(v1, v2);
    const text = (which: 'before' | 'after') => rows.map((r) => r[which].map((p) => p.text).join('')).filter((_, i) => rows[i][which].length).join('\n');
    expect(text('before')).toBe(v1);
    expect(text('after')).toBe(v2);
  });

  it('shows two texts with nothing in common as one removed and the other added', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `alpha${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `omega${i}`).join(' ');
    const rows = sideBySide(a, b);
    expect(rows).toEqual([{ before: [{ kind: 'removed', text: a }], after: [{ kind: 'added', text: b }], changed: true }]);
  });
});
