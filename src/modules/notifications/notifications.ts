// The rules of notifications, as pure functions: which events are worth a message (one list, here),
// what a saved search is (whether a change matches it is the search module's to say), why a message
// was sent, and the text of an immediate message and of a digest.
import type { StoredEvent } from '../../platform/events/stream.js';
import type { WatchKind } from './tables.js';
import { formatDate } from '../../process/dates.js';

/** Types that always notify: a change raised (for searches), a document added, a paper issued. */
const TRIGGER_TYPES = new Set(['proposal.raised', 'proposal.action-taken', 'document.added', 'paper.issued']);
/** Modules whose opening and closing notify (consultations open and close; votes close). */
const OPEN_CLOSE_SUBJECTS = ['consultation', 'vote'];

/**
 * Whether an event is one a watcher is told of: a stage changes (a lifecycle action that moves the
 * change), a document or a paper is added, a change is raised (a search may match it), a
 * consultation or vote opens or closes. The one list of triggers: a new module's types are named here.
 */
export function isTrigger(event: Pick<StoredEvent, 'type' | 'payload'>): boolean {
  if (event.type === 'proposal.action-taken') return event.payload.fromState !== event.payload.toState;
  if (TRIGGER_TYPES.has(event.type)) return true;
  const [noun, verb] = event.type.split('.');
  return OPEN_CLOSE_SUBJECTS.some((s) => noun === s || noun === `${s}s`) && /^(opened|closed)$/.test(verb ?? '');
}

/** The committee an event is about, when it names one (a paper, a view, a document written for it). */
export function committeeOfEvent(event: Pick<StoredEvent, 'committeeCode' | 'payload'>): string | null {
  if (event.committeeCode) return event.committeeCode;
  return typeof event.payload.committee === 'string' ? event.payload.committee : null;
}

/** The changes an event is about besides its own: an issued paper names the changes it presents. */
export function referencesOfEvent(event: Pick<StoredEvent, 'type' | 'payload'>): string[] {
  const refs = event.payload.references;
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
}

/** A search kept as a watch: the words and filters of the search page (`/search`), checked by the search module. */
export interface SavedSearch {
  q?: string;
  stage?: string[];
  path?: string;
  partyCategory?: string;
  leadAnalyst?: string;
  committee?: string;
  raisedFrom?: string;
  raisedTo?: string;
}

export const SEARCH_KEYS = ['q', 'stage', 'path', 'partyCategory', 'leadAnalyst', 'committee', 'raisedFrom', 'raisedTo'] as const;

/** The search as a query string with its keys in a fixed order: what a watch stores and compares. */
export function searchKey(search: SavedSearch): string {
  const params = new URLSearchParams();
  for (const key of SEARCH_KEYS) {
    const value = search[key];
    if (Array.isArray(value) ? value.length : value) params.set(key, Array.isArray(value) ? [...value].sort().join(',') : value!);
  }
  return params.toString();
}

export function parseSearchKey(key: string): SavedSearch {
  const params = new URLSearchParams(key);
  const out: SavedSearch = {};
  for (const k of SEARCH_KEYS) {
    const v = params.get(k);
    if (!v) continue;
    if (k === 'stage') out.stage = v.split(',').filter(Boolean);
    else out[k] = v;
  }
  return out;
}

/** The search in words, e.g. `stage Modification Proposal, words "meter"`. */
export function describeSearch(search: SavedSearch, names: { stage: (id: string) => string; path: (v: string) => string; category: (id: string) => string }): string {
  const parts: string[] = [];
  if (search.q) parts.push(`words "${search.q}"`);
  if (search.stage?.length) parts.push(`stage ${search.stage.map(names.stage).join(' or ')}`);
  if (search.path) parts.push(`path ${names.path(search.path)}`);
  if (search.partyCategory) parts.push(`party category ${names.category(search.partyCategory)}`);
  if (search.leadAnalyst) parts.push(`lead analyst ${search.leadAnalyst}`);
  if (search.committee) parts.push(`committee ${search.committee}`);
  if (search.raisedFrom) parts.push(`raised from ${search.raisedFrom}`);
  if (search.raisedTo) parts.push(`raised to ${search.raisedTo}`);
  return parts.length ? parts.join(', ') : 'every change';
}

/** Why a message was sent, in the words the message opens with. */
export function reason(kind: WatchKind, label: string): string {
  if (kind === 'change') return `You watch ${label}`;
  if (kind === 'committee') return `You watch the ${label} committee`;
  return `You watch the search: ${label}`;
}

/** One event as a line of a message: the day, what happened and where to read it. */
export interface NoticeItem {
  reason: string;
  /** What it happened to, as people name it: MP094, or a paper's committee and day. */
  about: string;
  businessDate: string;
  label: string;
  link: string;
}

export function immediateMessage(item: NoticeItem, unsubscribeLink: string, siteName: string): { subject: string; text: string } {
  return {
    subject: `${item.about}: ${item.label}`.slice(0, 200).replace(/[\r\n]+/g, ' '),
    text: [
      `${item.reason}.`, '',
      `${formatDate(item.businessDate)}: ${item.about}: ${item.label}`,
      item.link, '',
      '—',
      `You receive this because ${item.reason.charAt(0).toLowerCase()}${item.reason.slice(1)} on ${siteName}.`,
      `Stop watching it: ${unsubscribeLink}`,
      'Choose a daily digest instead, or see everything you watch, on your account page.',
    ].join('\n'),
  };
}

export function digestMessage(day: string, items: NoticeItem[], unsubscribeLink: string, siteName: string, accountLink: string): { subject: string; text: string } {
  const byReason = new Map<string, NoticeItem[]>();
  for (const item of items) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item]);
  const lines: string[] = [`What happened to what you watch, up to ${formatDate(day)}.`, ''];
  for (const [why, list] of byReason) {
    lines.push(`${why}:`);
    for (const item of list) lines.push(`- ${formatDate(item.businessDate)}: ${item.about}: ${item.label}`, `  ${item.link}`);
    lines.push('');
  }
  lines.push('—', `You receive this daily digest because of the watches above, on ${siteName}.`,
    `Stop every watch delivered by digest: ${unsubscribeLink}`, `Change what you watch: ${accountLink}`);
  return { subject: `${siteName}: your daily digest, ${formatDate(day)} (${items.length} ${items.length === 1 ? 'update' : 'updates'})`, text: lines.join('\n') };
}
