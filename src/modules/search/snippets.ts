// Snippets made from the original text, for PostgreSQL (ts_headline works on its parser's tokens
// and drops what it reads as markup, so "<b>" in a summary would vanish from the passage shown).
// The passage is the stretch of the text with the most words of the query, matches wrapped in the
// markers; the text itself is kept character for character, to be escaped where it is shown.

/** Start and end of a highlighted stretch in a snippet: private-use characters, taken out of every indexed text. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** Words are compared by a rough stem, so "outages" marks "outage" and "meters" marks "meter". */
export function roughStem(word: string): string {
  // Only a word with a character beyond ASCII can carry accents to fold.
  let w = /[^\u0020-\u007e]/.test(word) ? word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase() : word.toLowerCase();
  for (const suffix of ['ingly', 'edly', 'ing', 'ies', 'ed', 'es', 's', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "outage" and "outag(es)" alike.
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** Whether a word of a text is one looked for. */
export type WordTest = (word: string) => boolean;

/** The test for `words`, remembering each word of the texts it has seen (texts repeat their words). */
export function wordFinder(words: readonly string[]): WordTest {
  const wanted = new Set(words.map(roughStem));
  const seen = new Map<string, boolean>();
  return (word) => {
    let hit = seen.get(word);
    if (hit === undefined) {
      hit = wanted.has(roughStem(word));
      seen.set(word, hit);
    }
    return hit;
  };
}

const WORDS = /[\p{L}\p{N}]+/gu;

/** How many words of `text` are looked for, counting repeats. */
export function countHits(text: string, isHit: WordTest): number {
  let n = 0;
  for (const m of text.matchAll(WORDS)) if (isHit(m[0])) n += 1;
  return n;
}

/** The passage of `text` (about `size` words) with the most of `words`, each match between the markers. */
export function markPassage(text: string, words: readonly string[] | WordTest, size = 30): string {
  const isHit = typeof words === 'function' ? words : wordFinder(words);
  const tokens = [...text.matchAll(WORDS)].map((m) => ({ start: m.index, end: m.index + m[0].length, hit: isHit(m[0]) }));
  if (!tokens.length) return text.slice(0, 300);
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i].hit) hits += 1;
    if (i >= size && tokens[i - size].hit) hits -= 1;
    const start = Math.max(0, i - size + 1);
    if (hits > bestHits) {
      bestHits = hits;
      best = start;
    }
  }
  const window = tokens.slice(best, best + size);
  const from = best === 0 ? 0 : window[0].start;
  const last = best + size >= tokens.length;
  const to = last ? text.length : window[window.length - 1].end;
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const t of window) {
    if (!t.hit) continue;
    out += text.slice(at, t.start) + MARK_START + text.slice(t.start, t.end) + MARK_END;
    at = t.end;
  }
  out += text.slice(at, to) + (last ? '' : '…');
  return out.trim();
}
