// The selection rules of the monthly paper, as pure functions.
import { describe, expect, it } from 'vitest';
import { secProfile } from '../../process/sec.js';
import { dayBefore, monthBefore, paperPeriod, selectPaper, type ChangeHistory } from './papers.js';

const opsg = secProfile.committees.find((c) => c.code === 'OPSG')!;
const ssc = secProfile.committees.find((c) => c.code === 'SSC')!;

function change(number: number, over: Partial<ChangeHistory> = {}): ChangeHistory {
  return {
    id: `id-${number}${over.variant ?? ''}`, series: 'SEC', number, variant: '', digits: 3, title: `Change ${number}`, slug: `change-${number}`,
    raisedOn: '2019-11-05', proposer: 'Pat', organisation: 'Acme', leadAnalyst: 'Ann', summary: `Summary ${number}`,
    convertedOn: null, views: [], anticipatedImpacts: null,
    problemStatements: [{ label: '0.1', status: 'draft', body: `## What is the issue?\n\nIssue ${number}`, businessDate: over.raisedOn ?? '2019-11-05' }],
    ...over,
  };
}

const view = (impact: 'none' | 'potential' | 'not-assessed', businessDate: string, extra: Partial<ChangeHistory['views'][number]> = {}) =>
  ({ committeeCode: 'OPSG', impact, furtherInput: false, businessDate, recordedAt: `${businessDate}T12:00:00Z`, prefixAtView: 'DP', ...extra });

const agreed = (n: number, on: string) => [
  { label: '0.1', status: 'draft' as const, body: `draft ${n}`, businessDate: '2019-06-01' },
  { label: '1.0', status: 'agreed' as const, body: `agreed ${n}`, businessDate: on },
];

function paper(changes: ChangeHistory[], over: { date?: string; previous?: string | null; committee?: typeof opsg } = {}) {
  return selectPaper({
    profile: secProfile, committee: over.committee ?? opsg, date: over.date ?? '2019-11-26',
    previousMeeting: over.previous === undefined ? '2019-10-29' : over.previous,
    changes, text: {}, publicBaseUrl: 'https://example.test', defaultAuthor: 'Secretariat',
  });
}

const refs = (entries: { reference: string }[]) => entries.map((e) => e.reference);

describe('paper period', () => {
  it('runs after the previous meeting up to the paper date, or over the month before', () => {
    expect(paperPeriod('2019-11-26', '2019-10-29')).toEqual({ after: '2019-10-29', upTo: '2019-11-26' });
    expect(paperPeriod('2019-11-26', null)).toEqual({ after: '2019-10-26', upTo: '2019-11-26' });
    expect(monthBefore('2020-03-31')).toBe('2020-02-29');
    expect(monthBefore('2019-01-15')).toBe('2018-12-15');
    expect(dayBefore('2020-03-01')).toBe('2020-02-29');
  });

  it('excludes the previous meeting day and includes the paper date', () => {
    const p = paper([
      change(1, { raisedOn: '2019-10-29' }), change(2, { raisedOn: '2019-10-30' }),
      change(3, { raisedOn: '2019-11-26' }), change(4, { raisedOn: '2019-11-27' }),
    ]);
    expect(refs(p.newDrafts)).toEqual(['DP002', 'DP003']);
  });
});

describe('new Draft Proposals', () => {
  it('lists those raised in the period in number order, with letters for their draft problem statements', () => {
    const p = paper([change(97), change(94), change(96, { raisedOn: '2019-11-20' })]);
    expect(refs(p.newDrafts)).toEqual(['DP094', 'DP096', 'DP097']);
    expect(p.newDrafts.map((e) => e.appendix)).toEqual(['A', 'B', 'C']);
    expect(p.appendices.map((a) => [a.letter, a.reference, a.kind])).toEqual([['A', 'DP094', 'draft'], ['B', 'DP096', 'draft'], ['C', 'DP097', 'draft']]);
  });

  it('attaches the latest draft written by the paper date, not a later one', () => {
    const p = paper([change(94, { problemStatements: [
      { label: '0.1', status: 'draft', body: 'first', businessDate: '2019-11-05' },
      { label: '0.2', status: 'draft', body: 'second', businessDate: '2019-11-20' },
      { label: '0.3', status: 'draft', body: 'after the paper', businessDate: '2019-12-01' },
    ] })]);
    expect(p.appendices[0]).toMatchObject({ versionLabel: '0.2', body: 'second' });
  });

  it("uses the Secretariat's impacts text, or the profile's sentence for the committee's area", () => {
    const p = paper([change(94, { anticipatedImpacts: 'Engineers may need to visit.' }), change(95)]);
    expect(p.newDrafts.map((e) => e.anticipatedImpacts)).toEqual(['Engineers may need to visit.', opsg.impactArea!.defaultText]);
    expect(p.impactHeading).toBe('Anticipated Operational Impacts');
    expect(paper([change(94)], { committee: ssc }).impactHeading).toBe('Anticipated Security Impacts');
  });
});

describe('converted Draft Proposals', () => {
  const converted = (n: number, views: ChangeHistory['views'], over: Partial<ChangeHistory> = {}) =>
    change(n, { raisedOn: '2019-06-01', convertedOn: '2019-11-15', views, problemStatements: agreed(n, '2019-10-22'), ...over });

  it("groups by this committee's latest view while each was a Draft Proposal", () => {
    const p = paper([
      converted(85, [view('none', '2019-06-25')]),
      converted(92, [view('potential', '2019-08-27')]),
      converted(91, [view('none', '2019-08-27', { furtherInput: true })]),
      converted(93, []),
      converted(89, [view('not-assessed', '2019-09-24')]),
      converted(88, [view('potential', '2019-07-30'), view('none', '2019-09-24')]),
    ]);
    expect(refs(p.converted.noImpact)).toEqual(['MP085', 'MP088']);
    expect(refs(p.converted.impact)).toEqual(['MP091', 'MP092']);
    expect(refs(p.converted.notReviewed)).toEqual(['MP089', 'MP093']);
    expect(p.converted.noImpact.every((e) => e.appendix === null)).toBe(true);
    expect(p.appendices.map((a) => `${a.letter}:${a.reference}:${a.kind}`)).toEqual(['A:MP091:final', 'B:MP092:final', 'C:MP089:final', 'D:MP093:final']);
    expect(p.appendices[1].body).toBe('agreed 92');
  });

  it("ignores views given after conversion, by other committees, or on the same day's MP", () => {
    const p = paper([
      converted(85, [view('potential', '2019-11-20', { prefixAtView: 'MP' })]),
      converted(86, [{ ...view('potential', '2019-08-01'), committeeCode: 'SSC' }]),
      converted(87, [view('none', '2019-08-01'), view('potential', '2019-11-15', { prefixAtView: 'MP' })]),
    ]);
    expect(refs(p.converted.notReviewed)).toEqual(['MP085', 'MP086']);
    expect(refs(p.converted.noImpact)).toEqual(['MP087']);
  });

  it('breaks ties between views of one day by the time they were recorded', () => {
    const p = paper([converted(90, [
      { ...view('potential', '2019-10-29'), recordedAt: '2019-10-29T09:00:00Z' },
      { ...view('none', '2019-10-29'), recordedAt: '2019-10-29T10:00:00Z' },
    ])]);
    expect(refs(p.converted.noImpact)).toEqual(['MP090']);
  });

  it('places new drafts first in the appendices, then the converted ones shown in full', () => {
    const p = paper([change(94), converted(92, [view('potential', '2019-08-27')])]);
    expect(p.appendices.map((a) => `${a.letter}:${a.reference}`)).toEqual(['A:DP094', 'B:MP092']);
    expect(p.converted.impact[0].raisedAs).toBe('DP092');
  });

  it('shows a Draft Proposal raised and converted in the same period once, under converted', () => {
    const p = paper([change(98, { raisedOn: '2019-11-01', convertedOn: '2019-11-15', problemStatements: agreed(98, '2019-11-05') })]);
    expect(p.newDrafts).toEqual([]);
    expect(refs(p.converted.notReviewed)).toEqual(['MP098']);
  });

  it('keeps alternatives apart and in order (MP102A, MP102B)', () => {
    const p = paper([
      converted(102, [view('none', '2019-09-01')], { variant: 'B', id: 'b' }),
      converted(102, [view('potential', '2019-09-01')], { variant: 'A', id: 'a' }),
      converted(101, [view('none', '2019-09-01')]),
    ]);
    expect(refs(p.converted.noImpact)).toEqual(['MP101', 'MP102B']);
    expect(refs(p.converted.impact)).toEqual(['MP102A']);
  });

  it('prints references as they were on the paper date', () => {
    const later = change(94, { convertedOn: '2019-12-13' });
    const p = paper([later]);
    expect(refs(p.newDrafts)).toEqual(['DP094']);
    const old = paper([change(93, { raisedOn: '2019-06-01', convertedOn: '2019-10-01' })]);
    expect(old.newDrafts).toEqual([]);
    expect(old.converted.noImpact.length + old.converted.impact.length + old.converted.notReviewed.length).toBe(0);
  });
});

describe('standing text', () => {
  it('fills the committee into the profile text and lets the Secretariat replace it', () => {
    const p = paper([]);
    expect(p.purpose.join(' ')).toContain('Operations Group (OPSG)');
    expect(p.recommendation).toContain('Operations Group is asked to DISCUSS');
    expect(p.author).toBe('Secretariat');
    expect(p.team).toBe(secProfile.paper.team);
    const edited = selectPaper({ profile: secProfile, committee: opsg, date: '2019-11-26', previousMeeting: null, changes: [],
      text: { purpose: ['Own words.'], recommendation: 'Note this.', author: 'Bradley Baker', team: 'SECAS Team' },
      publicBaseUrl: 'https://x.test', defaultAuthor: 'Secretariat' });
    expect(edited).toMatchObject({ purpose: ['Own words.'], recommendation: 'Note this.', author: 'Bradley Baker', team: 'SECAS Team' });
  });

  it('gives a valid empty paper when nothing happened', () => {
    const p = paper([]);
    expect(p.newDrafts).toEqual([]);
    expect(p.appendices).toEqual([]);
    expect(p.nothingNew).toMatch(/No Draft Proposals were raised/);
  });

  it('links each entry to its public page', () => {
    expect(paper([change(94)]).newDrafts[0].url).toBe('https://example.test/modifications/change-94/');
  });
});
