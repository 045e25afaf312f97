// Consultations on a change: their shape and the pure rules about them (who may respond, when a
// consultation takes responses and when it is due to close, who reads which response).
import { formatDate } from '../../process/dates.js';
import type { ConsultationKind, ProcessProfile } from '../../process/profile.js';
import type { Actor } from '../accounts/accounts.js';

export interface Consultation {
  id: string;
  proposalId: string;
  kind: string;
  title: string;
  questions: string[];
  opensOn: string;
  closesOn: string;
  /** Open until it is closed (by the Secretariat, or after its closing day). */
  open: boolean;
  closedOn: string | null;
  /** The collated responses attached to the change at the close. */
  documentIds: string[];
  /** SHA-256 of the frozen HTML of the collated responses, once closed. */
  collationSha256: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
}

export interface ConsultationResponse {
  id: string;
  consultationId: string;
  organisationId: string;
  organisation: string;
  answers: string[];
  confidential: boolean;
  version: number;
  submittedBy: string;
  submittedAt: string;
}

export interface ResponseVersion {
  version: number;
  answers: string[];
  confidential: boolean;
  submittedBy: string;
  submittedAt: string;
}

/** An organisation as the rule of who may respond sees it. */
export interface Respondent {
  id: string;
  name: string;
  /** A party category of the profile; null for a body that is not a Party (the Secretariat). */
  partyCategory: string | null;
}

export const MAX_QUESTIONS = 50;
export const MAX_QUESTION_LENGTH = 2000;
export const MAX_ANSWER_LENGTH = 20_000;

export const consultationPath = (id: string) => `/consultations/${encodeURIComponent(id)}`;

export function findKind(profile: ProcessProfile, id: string): ConsultationKind | undefined {
  return profile.consultations.find((k) => k.id === id);
}

export function kindLabel(profile: ProcessProfile, id: string): string {
  return findKind(profile, id)?.label ?? id;
}

/** The kind's default length in Working Days: its own, or the profile's consultation close. */
export function defaultLength(profile: ProcessProfile, kind: ConsultationKind): number {
  return kind.workingDays ?? profile.deadlines.consultationClose.workingDays;
}

export type Eligibility =
  | { ok: true }
  | { ok: false; code: 'NOT_A_PARTY' | 'NOT_ELIGIBLE'; message: string };

/** Whether an organisation may respond to a consultation of this kind (the profile's rule). */
export function eligibility(profile: ProcessProfile, kind: ConsultationKind, org: Respondent | null): Eligibility {
  if (!org || !org.partyCategory) {
    return { ok: false, code: 'NOT_A_PARTY', message: 'Only a Party may respond to a consultation: your account acts for no Party.' };
  }
  if (kind.excludedOrganisations.includes(org.id)) {
    return { ok: false, code: 'NOT_ELIGIBLE', message: `${org.name} may not respond to a ${kind.label}.` };
  }
  if (kind.excludedPartyCategories.includes(org.partyCategory)) {
    const category = profile.partyCategories.find((c) => c.id === org.partyCategory)?.label ?? org.partyCategory;
    return { ok: false, code: 'NOT_ELIGIBLE', message: `A ${kind.label} is not open to ${category} Parties, so ${org.name} may not respond.` };
  }
  return { ok: true };
}

/** The organisations that may respond, in name order. */
export function eligibleOrganisations(profile: ProcessProfile, kind: ConsultationKind, orgs: Respondent[]): Respondent[] {
  return orgs.filter((o) => eligibility(profile, kind, o).ok).sort((a, b) => a.name.localeCompare(b.name));
}

/** Responses are taken from the opening day to the closing day, both included, while it is open. */
export function takesResponses(c: Pick<Consultation, 'open' | 'opensOn' | 'closesOn'>, today: string): boolean {
  return c.open && c.opensOn <= today && today <= c.closesOn;
}

/** Still open after its closing day: due to be closed (automatically, or by the Secretariat). */
export function dueToClose(c: Pick<Consultation, 'open' | 'closesOn'>, today: string): boolean {
  return c.open && c.closesOn < today;
}

/** Why a response is refused now, or null when it is taken. */
export function responseRefusal(c: Pick<Consultation, 'open' | 'opensOn' | 'closesOn' | 'title'>, today: string): string | null {
  if (!c.open || today > c.closesOn) return `The ${c.title} closed on ${formatDate(c.closesOn)}: responses are no longer taken.`;
  if (today < c.opensOn) return `The ${c.title} opens on ${formatDate(c.opensOn)}: responses are taken from then.`;
  return null;
}

/** The Secretariat sees through everything: who has responded, and confidential responses. */
export function seesAllResponses(viewer: Actor): boolean {
  return viewer.role === 'analyst' || viewer.role === 'admin';
}

/**
 * Who reads a response: the Secretariat always; the responding organisation's own users always;
 * everyone else only a response that is not confidential, and only once the consultation has closed
 * (then it is in the collated document on the register).
 */
export function mayReadResponse(viewer: Actor, c: Pick<Consultation, 'open'>, r: Pick<ConsultationResponse, 'organisationId' | 'confidential'>): boolean {
  if (seesAllResponses(viewer)) return true;
  if (viewer.role === 'party' && viewer.organisationId && viewer.organisationId === r.organisationId) return true;
  return !r.confidential && !c.open;
}

/** The responses to collate into the public document: never a confidential one. */
export function collatable(responses: ConsultationResponse[]): ConsultationResponse[] {
  return responses.filter((r) => !r.confidential).sort((a, b) => a.organisation.localeCompare(b.organisation));
}
