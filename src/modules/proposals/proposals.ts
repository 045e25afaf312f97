// Types and pure rules of the register: references, slugs, problem statement versions.
import type { ProcessProfile, ReferenceScheme } from '../../process/profile.js';

export interface PersonRef {
  id: string;
  name: string;
}

export interface OrganisationRef {
  id: string;
  name: string;
  partyCategory: string | null;
}

export interface Proposal {
  id: string;
  series: string;
  number: number;
  variant: string;
  prefix: string;
  reference: string;
  title: string;
  slug: string;
  state: string;
  heldFromState: string | null;
  proposer: PersonRef | null;
  organisation: OrganisationRef | null;
  leadAnalyst: PersonRef | null;
  raisedOn: string;
  path: string | null;
  fastTrack: boolean;
  urgent: boolean;
  /** The release it is scheduled for or aims at. */
  targetRelease: { id: string; name: string } | null;
  implementationDate: string | null;
  latestUpdate: string;
  summary: string;
  solution: string;
  impactedCategories: string[];
  documentsAffected: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProblemStatementVersion {
  id: string;
  seq: number;
  label: string;
  status: 'draft' | 'agreed';
  body: string;
  businessDate: string;
  createdAt: string;
  createdBy: string;
}

/** The fields a user may edit directly (state, prefix, path and flags move only by actions). */
export const EDITABLE_FIELDS = [
  'title', 'slug', 'summary', 'solution', 'latestUpdate', 'proposer', 'organisation', 'leadAnalyst',
  'urgent', 'targetRelease', 'impactedCategories', 'documentsAffected',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export function formatReference(scheme: ReferenceScheme, prefix: string, number: number, variant: string, digits = scheme.digits): string {
  return `${prefix}${String(number).padStart(digits, '0')}${variant}`;
}

export interface ParsedReference {
  prefix: string;
  number: number;
  variant: string;
  /** True when the prefix belongs to the profile's DP/MP family, so either prefix finds the change. */
  inFamily: boolean;
}

/** "DP092", "mp092", "MP102A", "SECMP0032" → parts; null when it is not a reference at all. */
export function parseReference(scheme: ReferenceScheme, text: string): ParsedReference | null {
  const m = /^([A-Za-z]+?)(\d{1,6})([A-Za-z]?)$/.exec(text.trim());
  if (!m) return null;
  const prefix = m[1].toUpperCase();
  return { prefix, number: Number(m[2]), variant: m[3].toUpperCase(), inFamily: scheme.prefixes.includes(prefix) };
}

/** A public web address made from a title: "Alignment of Credit Cover" → "alignment-of-credit-cover". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '') // "Proposer's" → "proposers", not "proposer-s"
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'change';
}

export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) && slug.length <= 100;
}

/**
 * The label of the next problem statement version. Drafts count up from 0.1; agreeing one makes the
 * next whole number (1.0, 2.0); drafts after an agreed version revise it (1.1, 1.2).
 */
export function nextProblemStatementLabel(previous: string | null, agreeing: boolean): string {
  if (!previous) return agreeing ? '1.0' : '0.1';
  const [major, minor] = previous.split('.').map(Number);
  return agreeing ? `${major + 1}.0` : `${major}.${minor + 1}`;
}

/** A blank problem statement: one Markdown heading per section of the profile. */
export function problemStatementTemplate(profile: ProcessProfile): string {
  return profile.problemStatementSections.map((s) => `## ${s}\n\n`).join('');
}

/** The form field that carries the text of the profile's problem-statement section number `index`. */
export const sectionField = (index: number): string => `ps-${index}`;

/**
 * The problem statement Markdown from one text per section of the profile (the raise form's
 * textareas), each under its heading. Sections left empty keep their heading; all empty is blank.
 */
export function assembleProblemStatement(profile: ProcessProfile, texts: readonly string[]): string {
  return profile.problemStatementSections.map((heading, i) => {
    const text = (texts[i] ?? '').replace(/\r\n/g, '\n').trim();
    return text ? `## ${heading}\n\n${text}\n` : `## ${heading}\n`;
  }).join('\n');
}

/** Splits problem statement Markdown into its `## ` sections (text before the first heading is dropped). */
export function problemStatementSections(body: string): { heading: string; text: string }[] {
  const sections: { heading: string; text: string }[] = [];
  for (const line of body.split(/\r?\n/)) {
    const m = /^##\s+(.*)$/.exec(line);
    // A closing run of hashes ("## Heading ##") is not part of the heading.
    if (m) sections.push({ heading: m[1].replace(/\s+#+\s*$/, '').trim(), text: '' });
    else if (sections.length) sections[sections.length - 1].text += `${line}\n`;
  }
  return sections.map((s) => ({ heading: s.heading, text: s.text.trim() }));
}

/** Headings of the profile that are missing from a problem statement body. */
export function missingSections(profile: ProcessProfile, body: string): string[] {
  const present = new Set(problemStatementSections(body).map((s) => s.heading.toLowerCase()));
  return profile.problemStatementSections.filter((s) => !present.has(s.toLowerCase()));
}

/** True when Markdown holds nothing but headings: the untouched template is not a problem statement. */
export function isBlankProblemStatement(body: string): boolean {
  return body.replace(/^[ \t]*#{1,6}[ \t].*$/gm, '').trim() === '';
}

/** An event of the change's timeline, as far as the latest update reads it. */
export interface UpdateSource {
  type: string;
  label: string;
  businessDate: string;
  payload: Record<string, unknown>;
}

/** What "Latest update" says now: the text written by hand, the last lifecycle step, or nothing yet. */
export type CurrentUpdate =
  | { kind: 'written'; text: string; on: string }
  | { kind: 'step'; label: string; on: string; earlier: { text: string; on: string } | null }
  | { kind: 'none' };

/**
 * The latest update keeps itself current: the last lifecycle step (its label and business date),
 * unless the update written by hand is as new or newer (written on the day of the step or later).
 * The written text dates from the last edit that changed it, or from the day the change was raised.
 * `events` is the change's timeline in business-date order.
 */
export function currentUpdate(p: Pick<Proposal, 'latestUpdate' | 'raisedOn'>, events: readonly UpdateSource[]): CurrentUpdate {
  let step: UpdateSource | null = null;
  let writtenOn: string | null = null;
  for (const e of events) {
    if (e.type === 'proposal.action-taken') step = e;
    else if (e.type === 'proposal.edited' && isRecord(e.payload.changes) && 'latestUpdate' in e.payload.changes) writtenOn = e.businessDate;
  }
  const text = p.latestUpdate.trim();
  const written = text ? { text, on: writtenOn ?? p.raisedOn } : null;
  if (step && (!written || step.businessDate > written.on)) return { kind: 'step', label: step.label, on: step.businessDate, earlier: written };
  return written ? { kind: 'written', ...written } : { kind: 'none' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
