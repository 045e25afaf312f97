// The monthly "New Draft Proposals and Modification Proposals" paper: its content model and the
// selection rules, as pure functions of the register's history. Renderers turn PaperContent into
// Markdown, HTML, Word and PDF; nothing here knows a format.
import type { CommitteeDef, ProcessProfile } from '../../process/profile.js';
import { formatReference } from '../proposals/proposals.js';

/** What the selection needs to know about one change, as recorded up to now. */
export interface ChangeHistory {
  id: string;
  series: string;
  number: number;
  variant: string;
  /** The reference's digits as stored ("092" has 3), to print the reference as it was on a date. */
  digits: number;
  title: string;
  slug: string;
  raisedOn: string;
  proposer: string | null;
  organisation: string | null;
  leadAnalyst: string | null;
  summary: string;
  /** Business dates of conversion events (actions whose effect changes the prefix). */
  convertedOn: string | null;
  views: { committeeCode: string; impact: 'none' | 'potential' | 'not-assessed'; furtherInput: boolean; businessDate: string; recordedAt: string; prefixAtView: string }[];
  problemStatements: { label: string; status: 'draft' | 'agreed'; body: string; businessDate: string }[];
  /** The Secretariat's text on impacts in the committee's area, if written. */
  anticipatedImpacts: string | null;
}

export interface PaperEntry {
  /** The reference on the paper's date (MP092 once converted). */
  reference: string;
  /** The reference it was raised under (DP092). */
  raisedAs: string;
  title: string;
  url: string;
  proposer: string | null;
  organisation: string | null;
  leadAnalyst: string | null;
  summary: string;
  anticipatedImpacts: string | null;
  /** Set for entries shown in full. */
  appendix: string | null;
  proposalId: string;
}

export interface Appendix {
  letter: string;
  reference: string;
  title: string;
  /** "draft problem statement" or "final problem statement". */
  kind: 'draft' | 'final';
  versionLabel: string | null;
  body: string;
}

export interface PaperText {
  author: string;
  team: string;
  purpose: string[];
  recommendation: string;
}

export interface PaperContent {
  title: string;
  committee: { code: string; name: string; shortName: string };
  impactHeading: string | null;
  date: string;
  period: { after: string; upTo: string };
  purpose: string[];
  newDraftsIntro: string[];
  newDrafts: PaperEntry[];
  convertedIntro: string[];
  noImpactLead: string;
  impactLead: string;
  notReviewedLead: string;
  converted: { noImpact: PaperEntry[]; impact: PaperEntry[]; notReviewed: PaperEntry[] };
  nothingNew: string;
  nothingConverted: string;
  recommendation: string;
  author: string;
  team: string;
  appendices: Appendix[];
}

/** The day before a date, as YYYY-MM-DD. */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The same day one month earlier (31 March → 28/29 February). */
export function monthBefore(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 2, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * The period a paper covers: after the committee's previous meeting (exclusive) up to the paper's
 * date (inclusive); with no earlier meeting, the month before the date.
 */
export function paperPeriod(date: string, previousMeeting: string | null): { after: string; upTo: string } {
  return { after: previousMeeting ?? monthBefore(date), upTo: date };
}

const within = (day: string, period: { after: string; upTo: string }) => day > period.after && day <= period.upTo;

function fill(text: string, committee: CommitteeDef): string {
  return text
    .replaceAll('{committee}', committee.name)
    .replaceAll('{short}', committee.shortName)
    .replaceAll('{area}', committee.impactArea?.adjective ?? 'relevant');
}

function letter(n: number): string {
  let s = '';
  for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) s = String.fromCharCode(65 + (i % 26)) + s;
  return s;
}

export interface SelectionInput {
  profile: ProcessProfile;
  committee: CommitteeDef;
  date: string;
  previousMeeting: string | null;
  changes: ChangeHistory[];
  text: Partial<PaperText>;
  publicBaseUrl: string;
  defaultAuthor: string;
}

/** Applies the selection rules of the paper to the register's history. Pure. */
export function selectPaper(input: SelectionInput): PaperContent {
  const { profile, committee, date } = input;
  const settings = profile.paper;
  const period = paperPeriod(date, input.previousMeeting);
  const [draftPrefix, convertedPrefix] = profile.references.prefixes;
  const sorted = [...input.changes].sort((a, b) => a.number - b.number || a.variant.localeCompare(b.variant));
  const referenceOn = (c: ChangeHistory) => formatReference(profile.references,
    c.convertedOn && c.convertedOn <= date ? convertedPrefix : draftPrefix, c.number, c.variant, c.digits);

  const entry = (c: ChangeHistory): PaperEntry => ({
    reference: referenceOn(c), raisedAs: formatReference(profile.references, draftPrefix, c.number, c.variant, c.digits), title: c.title, url: `${input.publicBaseUrl}/modifications/${c.slug}/`,
    proposer: c.proposer, organisation: c.organisation, leadAnalyst: c.leadAnalyst, summary: c.summary,
    anticipatedImpacts: committee.impactArea ? (c.anticipatedImpacts?.trim() || committee.impactArea.defaultText) : null,
    appendix: null, proposalId: c.id,
  });

  const converted = sorted.filter((c) => c.convertedOn !== null && within(c.convertedOn, period));
  const newDrafts = sorted.filter((c) => within(c.raisedOn, period) && !(c.convertedOn && c.convertedOn <= date));
  const groups = { noImpact: [] as PaperEntry[], impact: [] as PaperEntry[], notReviewed: [] as PaperEntry[] };
  for (const c of converted) {
    const views = c.views.filter((v) => v.committeeCode === committee.code && v.prefixAtView === draftPrefix && v.businessDate <= c.convertedOn!);
    const view = views.sort((a, b) => a.businessDate.localeCompare(b.businessDate) || a.recordedAt.localeCompare(b.recordedAt)).at(-1);
    const e = entry(c);
    if (view && (view.impact === 'potential' || view.furtherInput)) groups.impact.push(e);
    else if (view && view.impact === 'none') groups.noImpact.push(e);
    else groups.notReviewed.push(e);
  }

  const appendices: Appendix[] = [];
  const attach = (e: PaperEntry, kind: 'draft' | 'final') => {
    const c = sorted.find((x) => x.id === e.proposalId)!;
    const versions = c.problemStatements.filter((v) => v.businessDate <= date && (kind === 'draft' || v.status === 'agreed'));
    const version = versions.at(-1);
    e.appendix = letter(appendices.length);
    appendices.push({ letter: e.appendix, reference: e.reference, title: e.title, kind, versionLabel: version?.label ?? null, body: version?.body ?? '' });
  };
  const newEntries = newDrafts.map(entry);
  newEntries.forEach((e) => attach(e, 'draft'));
  groups.impact.forEach((e) => attach(e, 'final'));
  groups.notReviewed.forEach((e) => attach(e, 'final'));

  return {
    title: settings.title,
    committee: { code: committee.code, name: committee.name, shortName: committee.shortName },
    impactHeading: committee.impactArea?.heading ?? null,
    date,
    period,
    purpose: input.text.purpose?.length ? input.text.purpose : settings.purpose.map((p) => fill(p, committee)),
    newDraftsIntro: settings.newDraftsIntro.map((p) => fill(p, committee)),
    newDrafts: newEntries,
    convertedIntro: settings.convertedIntro.map((p) => fill(p, committee)),
    noImpactLead: fill(settings.noImpactLead, committee),
    impactLead: fill(settings.impactLead, committee),
    notReviewedLead: fill(settings.notReviewedLead, committee),
    converted: groups,
    nothingNew: settings.nothingNew,
    nothingConverted: settings.nothingConverted,
    recommendation: input.text.recommendation?.trim() || fill(settings.recommendation, committee),
    author: input.text.author?.trim() || input.defaultAuthor,
    team: input.text.team?.trim() || settings.team,
    appendices,
  };
}
