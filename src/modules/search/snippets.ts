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

/**
 * The words looked for, and a memory of each word of the texts seen so far (texts repeat their
 * words). A text of ASCII only is searched for the stems themselves rather than read word by word:
 * an ASCII word's rough stem is always the start of the word, lower-cased.
 */
export interface WordFinder {
  /** Whether a word of a text is one looked for. */
  test(word: string): boolean;
  /** A word's rough stem, remembered. */
  stemOf(word: string): string;
  /** The stems looked for that an ASCII word can have. */
  asciiStems: readonly string[];
}

// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\u0000-\u007f]/;

export function wordFinder(words: readonly string[]): WordFinder {
  const wanted = new Set(words.map(roughStem));
  const seen = new Map<string, string>();
  const stemOf = (word: string) => {
    let stem = seen.get(word);
    if (stem === undefined) {
      stem = roughStem(word);
      seen.set(word, stem);
    }
    return stem;
  };
  return { test: (word) => wanted.has(stemOf(word)), stemOf, asciiStems: [...wanted].filter((stem) => !NOT_ASCII.test(stem)) };
}

const WORDS = /[\p{L}\p{N}]+/gu;

/** Whether a UTF-16 code is an ASCII letter or digit: in ASCII text, what `WORDS` finds words of. */
const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Where each word looked for starts in `text`, in order. */
function hitStarts(text: string, finder: WordFinder): number[] {
  const starts: number[] = [];
  if (NOT_ASCII.test(text)) {
    for (const m of text.matchAll(WORDS)) if (finder.test(m[0])) starts.push(m.index);
    return starts;
  }
  const lower = text.toLowerCase();
  for (const stem of finder.asciiStems) {
    for (let i = lower.indexOf(stem); i !== -1; i = lower.indexOf(stem, i + 1)) {
      if (i > 0 && isWordCode(lower.charCodeAt(i - 1))) continue;
      let end = i + stem.length;
      while (end < lower.length && isWordCode(lower.charCodeAt(end))) end += 1;
      // Each word has one stem, so no word is counted under two.
      if (finder.stemOf(lower.slice(i, end)) === stem) starts.push(i);
    }
  }
  return finder.asciiStems.length > 1 ? starts.sort((a, b) => a - b) : starts;
}

/** How many words of `text` are looked for, counting repeats. */
export function countHits(text: string, finder: WordFinder): number {
  return hitStarts(text, finder).length;
}

/** The start and end of every word of `text`. */
function wordSpans(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  if (NOT_ASCII.test(text)) {
    for (const m of text.matchAll(WORDS)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
    return { starts, ends };
  }
  for (let i = 0; i < text.length; i += 1) {
    if (!isWordCode(text.charCodeAt(i))) continue;
    starts.push(i);
    while (i < text.length && isWordCode(text.charCodeAt(i))) i += 1;
    ends.push(i);
  }
  return { starts, ends };
}

/** The passage of `text` (about `size` words) with the most of `words`, each match between the markers. */
export function markPassage(text: string, words: readonly string[] | WordFinder, size = 30): string {
  const finder = 'test' in words ? words : wordFinder(words);
  const { starts, ends } = wordSpans(text);
  if (!starts.length) return text.slice(0, 300);
  const hitAt = new Set(hitStarts(text, finder));
  const hit = starts.map((start) => hitAt.has(start));
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < starts.length; i += 1) {
    if (hit[i]) hits += 1;
    if (i >= size && hit[i - size]) hits -= 1;
    const start = Math.max(0, i - size + 1);
    if (hits > bestHits) {
      bestHits = hits;
      best = start;
    }
  }
  const stop = Math.min(best + size, starts.length);
  const from = best === 0 ? 0 : starts[best];
  const last = best + size >= starts.length;
  const to = last ? text.length : ends[stop - 1];
  let out = from > 0 ? '…' : '';
  let at = from;
  for (let i = best; i < stop; i += 1) {
    if (!hit[i]) continue;
    out += text.slice(at, starts[i]) + MARK_START + text.slice(starts[i], ends[i]) + MARK_END;
    at = ends[i];
  }
  out += text.slice(at, to) + (last ? '' : '…');
  return out.trim();
}
