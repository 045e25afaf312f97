// Turns what a form, the API or the CLI sent into typed input, or a field-level error.
// The HTTP schemas check shapes first; these checks hold for every caller, the CLI included.
import type { FieldError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { isIsoDate, londonDate } from '../../process/dates.js';
import type { ProcessProfile } from '../../process/profile.js';
import { isValidSlug } from './proposals.js';
import { SORT_KEYS, type ListFilters, type SortKey } from './repository.js';


export interface RaiseInput {
  title?: Loose;
  summary?: Loose;
  proposer?: Loose;
  organisation?: Loose;
  leadAnalyst?: Loose;
  raisedOn?: Loose;
  latestUpdate?: Loose;
  impactedCategories?: Loose;
  documentsAffected?: Loose;
  urgent?: Loose;
  problemStatement?: Loose;
  slug?: Loose;
  number?: Loose;
}

export interface EditInput {
  title?: Loose;
  slug?: Loose;
  summary?: Loose;
  solution?: Loose;
  latestUpdate?: Loose;
  proposer?: Loose;
  organisation?: Loose;
  leadAnalyst?: Loose;
  urgent?: Loose;
  targetRelease?: Loose;
  impactedCategories?: Loose;
  documentsAffected?: Loose;
  businessDate?: Loose;
  note?: Loose;
}

export interface ListQuery {
  stage?: Loose;
  path?: Loose;
  partyCategory?: Loose;
  leadAnalyst?: Loose;
  q?: Loose;
  sort?: Loose;
  order?: Loose;
  limit?: Loose;
  offset?: Loose;
}

function slugField(c: Checker, value: Loose): string | undefined {
  const slug = c.text('slug', value, { max: 100 });
  if (slug === undefined || slug === '') return undefined;
  if (!isValidSlug(slug)) c.errors.push({ field: 'slug', message: 'use lower-case letters, digits and single hyphens (e.g. alignment-of-credit-cover).' });
  return slug;
}


export function parseRaise(profile: ProcessProfile, raw: RaiseInput) {
  const c = new Checker();
  const categories = profile.partyCategories.map((p) => p.id);
  const out = {
    title: c.text('title', raw.title, { required: true, max: 300 }) ?? '',
    summary: c.text('summary', raw.summary),
    proposer: c.optionalText('proposer', raw.proposer, 200),
    organisation: c.optionalText('organisation', raw.organisation, 200),
    leadAnalyst: c.optionalText('leadAnalyst', raw.leadAnalyst, 200),
    raisedOn: c.date('raisedOn', raw.raisedOn),
    latestUpdate: c.text('latestUpdate', raw.latestUpdate, { max: 5_000 }),
    impactedCategories: c.list('impactedCategories', raw.impactedCategories, categories),
    documentsAffected: c.list('documentsAffected', raw.documentsAffected),
    urgent: c.flag('urgent', raw.urgent),
    problemStatement: c.text('problemStatement', raw.problemStatement, { max: 100_000 }) || undefined,
    slug: slugField(c, raw.slug),
    number: c.integer('number', raw.number, 1, 999_999),
  };
  if (out.proposer && !out.organisation) c.errors.push({ field: 'organisation', message: 'is required when a proposer is named.' });
  c.done();
  return out;
}

export function parseEdit(profile: ProcessProfile, raw: EditInput) {
  const c = new Checker();
  const categories = profile.partyCategories.map((p) => p.id);
  const title = c.text('title', raw.title, { max: 300 });
  if (title === '') c.errors.push({ field: 'title', message: 'cannot be empty.' });
  const out = {
    title: title || undefined,
    slug: slugField(c, raw.slug),
    summary: c.text('summary', raw.summary),
    solution: c.text('solution', raw.solution),
    latestUpdate: c.text('latestUpdate', raw.latestUpdate, { max: 5_000 }),
    proposer: c.optionalText('proposer', raw.proposer, 200),
    organisation: c.optionalText('organisation', raw.organisation, 200),
    leadAnalyst: c.optionalText('leadAnalyst', raw.leadAnalyst, 200),
    urgent: c.flag('urgent', raw.urgent),
    targetRelease: c.optionalText('targetRelease', raw.targetRelease, 100),
    impactedCategories: c.list('impactedCategories', raw.impactedCategories, categories),
    documentsAffected: c.list('documentsAffected', raw.documentsAffected),
    businessDate: c.date('businessDate', raw.businessDate),
    note: c.text('note', raw.note, { max: 2_000 }),
  };
  c.done();
  return out;
}

/** A business date: the given YYYY-MM-DD, not in the future, or today in London when none is given. */
export function parseBusinessDate(given: Loose, now: Date): string | FieldError {
  const today = londonDate(now);
  if (given === undefined || given === null || given === '') return today;
  const text = String(given).trim();
  if (!isIsoDate(text)) return { field: 'businessDate', message: 'must be a date written YYYY-MM-DD.' };
  if (text > today) return { field: 'businessDate', message: `cannot be in the future (today is ${today}).` };
  return text;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;

export function parseListQuery(profile: ProcessProfile, raw: ListQuery): ListFilters & { qNumber?: number } {
  const c = new Checker();
  const states = profile.states.map((s) => s.id);
  const stage = c.list('stage', raw.stage, states);
  const path = c.text('path', raw.path, { max: 10 }) || undefined;
  if (path && !profile.paths.some((p) => p.value === path)) {
    c.errors.push({ field: 'path', message: `must be one of ${profile.paths.map((p) => p.value).join(', ')}.` });
  }
  const partyCategory = c.text('partyCategory', raw.partyCategory, { max: 50 }) || undefined;
  if (partyCategory && !profile.partyCategories.some((p) => p.id === partyCategory)) {
    c.errors.push({ field: 'partyCategory', message: `must be one of ${profile.partyCategories.map((p) => p.id).join(', ')}.` });
  }
  const sortText = c.text('sort', raw.sort, { max: 20 }) || undefined;
  if (sortText && !SORT_KEYS.includes(sortText as SortKey)) c.errors.push({ field: 'sort', message: `must be one of ${SORT_KEYS.join(', ')}.` });
  const order = c.text('order', raw.order, { max: 4 }) || undefined;
  if (order && order !== 'asc' && order !== 'desc') c.errors.push({ field: 'order', message: 'must be asc or desc.' });
  const q = c.text('q', raw.q, { max: 200 }) || undefined;
  const filters = {
    state: stage,
    path,
    partyCategory,
    leadAnalyst: c.text('leadAnalyst', raw.leadAnalyst, { max: 200 }) || undefined,
    q,
    qNumber: undefined as number | undefined,
    sort: sortText as SortKey | undefined,
    stateOrder: states,
    order: order as 'asc' | 'desc' | undefined,
    limit: c.integer('limit', raw.limit, 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    offset: c.integer('offset', raw.offset, 0, 10_000_000) ?? 0,
  };
  c.done();
  if (q) {
    const m = /^([A-Za-z]+)?0*(\d{1,6})$/.exec(q);
    if (m && (!m[1] || profile.references.prefixes.includes(m[1].toUpperCase()))) filters.qNumber = Number(m[2]);
  }
  return filters;
}
