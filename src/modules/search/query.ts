// What people type into a search box, read into a small tree and written out for each engine.
//
//   smart meter          both words (in any order, anywhere in the same text)
//   "smart meter"        the phrase
//   -prepayment          not this word (or -"a phrase")
//   meter OR metre       either (OR joins the terms on each side of it)
//
// Reading never fails on odd input: an unclosed quote runs to the end, a lone "-" or "OR" is
// ignored, punctuation separates words. Two things are refused with a message (the caller answers
// 400 VALIDATION_FAILED naming q): a query with only excluded terms, and one longer than the limits.
// Words are letters and digits only, so what the engines receive is never the user's syntax: FTS5
// gets quoted tokens, PostgreSQL gets each term as a bound parameter of phraseto_tsquery.
import { sql, type RawBuilder } from 'kysely';

/** One word, or a phrase of several in order. Words are lower case letters and digits. */
export interface Term {
  words: string[];
}

export interface SearchQuery {
  /** Every group must match; within a group, any one term (OR). */
  all: Term[][];
  /** No term here may match. */
  none: Term[];
}

export const QUERY_LIMITS = {
  /** Characters in the box. */
  maxLength: 1000,
  /** Terms (words and phrases), included and excluded together. */
  maxTerms: 30,
  /** Words in one phrase. */
  maxPhraseWords: 12,
};

export type ParsedQuery = { ok: true; query: SearchQuery | null } | { ok: false; message: string };

type Item = { kind: 'term'; term: Term; negated: boolean } | { kind: 'or' };

const WORD = /[\p{L}\p{N}]+/gu;

/** The letters-and-digits words of a piece of text, lower case. */
export function wordsOf(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []);
}

function items(text: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/u.test(c)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (c === '-' && i + 1 < text.length && !/\s/u.test(text[i + 1])) {
      negated = true;
      i += 1;
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      const words = wordsOf(text.slice(i + 1, end));
      if (words.length) out.push({ kind: 'term', term: { words }, negated });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/u.test(text[end]) && text[end] !== '"') end += 1;
    const raw = text.slice(i, end);
    i = end;
    if (raw === 'OR' && !negated) {
      out.push({ kind: 'or' });
      continue;
    }
    // smart-meter, DP094/MP094: punctuation inside a word makes it a phrase of its parts.
    const words = wordsOf(raw);
    if (words.length) out.push({ kind: 'term', term: { words }, negated });
  }
  return out;
}

const key = (t: Term) => t.words.join(' ');

/** Reads what was typed; `query` is null when there is nothing to look for. */
export function parseQuery(text: string): ParsedQuery {
  if (text.length > QUERY_LIMITS.maxLength) {
    return { ok: false, message: `is longer than ${QUERY_LIMITS.maxLength} characters; search for fewer words.` };
  }
  const all: Term[][] = [];
  const none: Term[] = [];
  let joinNext = false;
  let terms = 0;
  for (const item of items(text)) {
    if (item.kind === 'or') {
      // OR joins only when there is a term before it; a leading, trailing or doubled OR is ignored.
      joinNext = all.length > 0;
      continue;
    }
    terms += 1;
    if (terms > QUERY_LIMITS.maxTerms) return { ok: false, message: `has more than ${QUERY_LIMITS.maxTerms} words and phrases; search for fewer.` };
    const term = { words: item.term.words.slice(0, QUERY_LIMITS.maxPhraseWords) };
    if (item.negated) {
      if (!none.some((t) => key(t) === key(term))) none.push(term);
      joinNext = false;
    } else if (joinNext) {
      const group = all[all.length - 1];
      if (!group.some((t) => key(t) === key(term))) group.push(term);
      joinNext = false;
    } else {
      all.push([term]);
    }
  }
  if (!all.length && none.length) return { ok: false, message: 'has only words to leave out; add a word to look for.' };
  if (!all.length) return { ok: true, query: null };
  return { ok: true, query: { all, none } };
}

/** The query as text again, in a normal form (for the page's title and the CSV's name). */
export function queryText(q: SearchQuery): string {
  const term = (t: Term) => (t.words.length > 1 ? `"${key(t)}"` : t.words[0]);
  return [...q.all.map((g) => g.map(term).join(' OR ')), ...q.none.map((t) => `-${term(t)}`)].join(' ');
}

/** Every word looked for (not those left out). */
export function positiveWords(q: SearchQuery): string[] {
  return [...new Set(q.all.flat().flatMap((t) => t.words))];
}

/**
 * The FTS5 MATCH expression. Each term is a double-quoted string of letters and digits (so no
 * FTS5 syntax of the user's reaches the engine); groups are ANDed, terms in a group ORed, and the
 * excluded terms taken away with NOT.
 */
export function toFts5(q: SearchQuery): string {
  const term = (t: Term) => `"${t.words.join(' ')}"`;
  const group = (g: Term[]) => (g.length === 1 ? term(g[0]) : `(${g.map(term).join(' OR ')})`);
  const wanted = q.all.map(group).join(' AND ');
  return q.none.length ? `(${wanted}) NOT (${q.none.map(term).join(' OR ')})` : wanted;
}

/** The text-search configuration both the index and queries use on PostgreSQL. */
export const PG_CONFIG = 'english';

/** A PostgreSQL tsquery built from bound parameters: each term through phraseto_tsquery, joined with && || !!. */
export function toTsquery(q: SearchQuery): RawBuilder<unknown> {
  const term = (t: Term) => sql`phraseto_tsquery(${sql.lit(PG_CONFIG)}::regconfig, ${t.words.join(' ')})`;
  const group = (g: Term[]) => sql`(${sql.join(g.map(term), sql` || `)})`;
  const wanted = sql`(${sql.join(q.all.map(group), sql` && `)})`;
  return q.none.length ? sql`(${wanted} && !!(${sql.join(q.none.map(term), sql` || `)}))` : wanted;
}

/**
 * The tsquery a matching document is ranked by on PostgreSQL: every word looked for, any of them.
 * ts_rank ranks a query whose top is "and" or a phrase by the distances between every pair of its
 * words' positions, which costs twice as much on long texts; ranked by the words' weighted counts
 * alone (labels above bodies), PostgreSQL orders the way SQLite's bm25 does, by how much a
 * text is about the words. Which documents match is still decided by `toTsquery`.
 */
export function toRankTsquery(q: SearchQuery): RawBuilder<unknown> {
  const words = positiveWords(q);
  return sql`(${sql.join(words.map((w) => sql`phraseto_tsquery(${sql.lit(PG_CONFIG)}::regconfig, ${w})`), sql` || `)})`;
}
