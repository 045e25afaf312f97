import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.js';
import { secProfile } from '../../process/sec.js';
import {
  DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseBusinessDate, parseEdit, parseListQuery, parseRaise,
  type EditInput, type ListQuery, type RaiseInput,
} from './validation.js';

const profile = secProfile;

/** The fields named by the VALIDATION_FAILED DomainError that fn throws. */
function failedFields(fn: () => unknown): string[] {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  const domain = error as DomainError;
  expect(domain.code).toBe('VALIDATION_FAILED');
  expect(domain.details.fields?.length).toBeGreaterThan(0);
  for (const f of domain.details.fields!) expect(domain.message).toContain(`${f.field}: ${f.message}`);
  return domain.details.fields!.map((f) => f.field);
}

const raise = (raw: RaiseInput) => parseRaise(profile, raw);
const edit = (raw: EditInput) => parseEdit(profile, raw);
const list = (raw: ListQuery) => parseListQuery(profile, raw);

describe('parseRaise', () => {
  it('accepts a full raise and normalises it', () => {
    const out = raise({
      title: '  Alignment of Credit Cover ', summary: 'Line 1\r\nLine 2', proposer: 'Ann Example', organisation: 'Utilita',
      leadAnalyst: '', raisedOn: '2019-11-12', impactedCategories: 'large-supplier, small-supplier,large-supplier',
      documentsAffected: ['Section J', ' Schedule 8 ', ''], urgent: 'yes', slug: 'alignment-of-credit-cover', number: '94',
    });
    expect(out).toMatchObject({
      title: 'Alignment of Credit Cover', summary: 'Line 1\nLine 2', proposer: 'Ann Example', organisation: 'Utilita',
      leadAnalyst: null, raisedOn: '2019-11-12', impactedCategories: ['large-supplier', 'small-supplier'],
      documentsAffected: ['Section J', 'Schedule 8'], urgent: true, slug: 'alignment-of-credit-cover', number: 94,
    });
  });

  it('needs only a title; the rest is left unset', () => {
    expect(raise({ title: 'A change' })).toEqual({
      title: 'A change', summary: undefined, proposer: undefined, organisation: undefined, leadAnalyst: undefined,
      raisedOn: undefined, latestUpdate: undefined, impactedCategories: undefined, documentsAffected: undefined,
      urgent: undefined, problemStatement: undefined, slug: undefined, number: undefined,
    });
  });

  it.each([
    ['missing title', {}, ['title']],
    ['blank title', { title: '   ' }, ['title']],
    ['title not text', { title: 42 }, ['title']],
    ['title too long', { title: 'x'.repeat(301) }, ['title']],
    ['unknown party category', { title: 't', impactedCategories: ['large-supplier', 'pirates'] }, ['impactedCategories']],
    ['proposer without organisation', { title: 't', proposer: 'Ann Example' }, ['organisation']],
    ['proposer with a blank organisation', { title: 't', proposer: 'Ann Example', organisation: '  ' }, ['organisation']],
    ['bad slug', { title: 't', slug: 'Not A Slug' }, ['slug']],
    ['slug with double hyphen', { title: 't', slug: 'a--b' }, ['slug']],
    ['date not a date', { title: 't', raisedOn: '12/11/2019' }, ['raisedOn']],
    ['date not on the calendar', { title: 't', raisedOn: '2019-02-29' }, ['raisedOn']],
    ['urgent not a flag', { title: 't', urgent: 'maybe' }, ['urgent']],
    ['number zero', { title: 't', number: 0 }, ['number']],
    ['number not whole', { title: 't', number: '9.5' }, ['number']],
    ['number not a number', { title: 't', number: 'ninety' }, ['number']],
    ['several at once', { title: '', slug: 'BAD', raisedOn: 'soon' }, ['title', 'raisedOn', 'slug']],
  ] as [string, RaiseInput, string[]][])('%s → VALIDATION_FAILED naming the field', (_name, raw, fields) => {
    expect(failedFields(() => raise(raw))).toEqual(fields);
  });

  it('an empty slug means "make one from the title"', () => {
    expect(raise({ title: 't', slug: '' }).slug).toBeUndefined();
  });
});

describe('parseEdit', () => {
  it('accepts an edit and turns blanks into cleared fields', () => {
    expect(edit({ title: ' New title ', targetRelease: '', leadAnalyst: null, urgent: false, businessDate: '2019-11-15' }))
      .toMatchObject({ title: 'New title', targetRelease: null, leadAnalyst: null, urgent: false, businessDate: '2019-11-15' });
  });

  it('leaves untouched fields undefined', () => {
    const out = edit({});
    expect(Object.values(out).every((v) => v === undefined)).toBe(true);
  });

  it.each([
    ['empty title', { title: '' }, ['title']],
    ['blank title', { title: '   ' }, ['title']],
    ['null title', { title: null }, ['title']],
    ['bad slug', { slug: 'Bad Slug!' }, ['slug']],
    ['unknown party category', { impactedCategories: 'dcc,martians' }, ['impactedCategories']],
    ['bad business date', { businessDate: '2019-13-01' }, ['businessDate']],
    ['summary not text', { summary: ['a'] }, ['summary']],
    ['target release too long', { targetRelease: 'x'.repeat(101) }, ['targetRelease']],
    ['note too long', { note: 'x'.repeat(2001) }, ['note']],
  ] as [string, EditInput, string[]][])('%s → VALIDATION_FAILED naming the field', (_name, raw, fields) => {
    expect(failedFields(() => edit(raw))).toEqual(fields);
  });
});

describe('parseListQuery', () => {
  it('has defaults', () => {
    expect(list({})).toEqual({
      state: undefined, path: undefined, partyCategory: undefined, leadAnalyst: undefined, q: undefined, qNumber: undefined,
      sort: undefined, order: undefined, limit: DEFAULT_PAGE_SIZE, offset: 0,
      stateOrder: secProfile.states.map((s) => s.id),
    });
  });

  it('reads limit and offset', () => {
    expect(list({ limit: '50', offset: '100' })).toMatchObject({ limit: 50, offset: 100 });
    expect(list({ limit: 1 }).limit).toBe(1);
    expect(list({ limit: String(MAX_PAGE_SIZE) }).limit).toBe(MAX_PAGE_SIZE);
    expect(list({ limit: '', offset: '' })).toMatchObject({ limit: DEFAULT_PAGE_SIZE, offset: 0 });
  });

  it.each([
    ['limit 0', { limit: '0' }, ['limit']],
    ['limit over the maximum', { limit: String(MAX_PAGE_SIZE + 1) }, ['limit']],
    ['limit not a number', { limit: 'ten' }, ['limit']],
    ['negative offset', { offset: '-1' }, ['offset']],
    ['fractional offset', { offset: '1.5' }, ['offset']],
    ['unknown sort', { sort: 'colour' }, ['sort']],
    ['unknown order', { order: 'down' }, ['order']],
    ['unknown stage', { stage: 'development,limbo' }, ['stage']],
    ['unknown path', { path: '4' }, ['path']],
    ['unknown party category', { partyCategory: 'pirates' }, ['partyCategory']],
  ] as [string, ListQuery, string[]][])('%s → VALIDATION_FAILED naming the field', (_name, raw, fields) => {
    expect(failedFields(() => list(raw))).toEqual(fields);
  });

  it('reads sort and order', () => {
    expect(list({ sort: 'title', order: 'desc' })).toMatchObject({ sort: 'title', order: 'desc' });
    for (const sort of ['reference', 'raised', 'updated', 'state']) expect(list({ sort }).sort).toBe(sort);
  });

  it('reads a stage list from text or an array, without repeats', () => {
    expect(list({ stage: 'development, refinement,development' }).state).toEqual(['development', 'refinement']);
    expect(list({ stage: ['on-hold', 'change-board'] }).state).toEqual(['on-hold', 'change-board']);
    expect(list({ stage: '' }).state).toEqual([]);
  });

  it('reads path and party category', () => {
    expect(list({ path: '3', partyCategory: 'dcc' })).toMatchObject({ path: '3', partyCategory: 'dcc' });
  });

  it.each([
    ['MP094', 94],
    ['94', 94],
    ['dp094', 94],
    ['  DP094 ', 94],
    ['mp0102', 102],
  ])('q %j is read as number %i', (q, n) => {
    const out = list({ q });
    expect(out.q).toBe(q.trim());
    expect(out.qNumber).toBe(n);
  });

  it.each(['SECMP0032', 'XY094', 'credit cover', 'MP094A', 'MP 094'])('q %j is not a DP/MP number', (q) => {
    const out = list({ q });
    expect(out.q).toBe(q);
    expect(out.qNumber).toBeUndefined();
  });
});

describe('parseBusinessDate', () => {
  // 23:30 UTC on 30 June 2019 is 00:30 BST on 1 July in London.
  const justAfterLondonMidnight = new Date('2019-06-30T23:30:00Z');

  it.each([undefined, null, ''])('defaults to today in Europe/London when %j', (given) => {
    expect(parseBusinessDate(given, justAfterLondonMidnight)).toBe('2019-07-01');
  });

  it('uses the London day in winter too (GMT)', () => {
    expect(parseBusinessDate(undefined, new Date('2019-12-31T23:30:00Z'))).toBe('2019-12-31');
  });

  it('accepts today and past days', () => {
    expect(parseBusinessDate('2019-07-01', justAfterLondonMidnight)).toBe('2019-07-01');
    expect(parseBusinessDate(' 2019-06-15 ', justAfterLondonMidnight)).toBe('2019-06-15');
  });

  it('refuses a future date, naming today', () => {
    expect(parseBusinessDate('2019-07-02', justAfterLondonMidnight)).toEqual({
      field: 'businessDate', message: 'cannot be in the future (today is 2019-07-01).' });
  });

  it.each(['2019-02-29', '2019-7-1', '01/07/2019', 'yesterday', '2019-06-31'])('refuses the invalid date %j', (given) => {
    expect(parseBusinessDate(given, justAfterLondonMidnight)).toEqual({
      field: 'businessDate', message: 'must be a date written YYYY-MM-DD.' });
  });
});
