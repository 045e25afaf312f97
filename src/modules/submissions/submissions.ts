// A Party's submission of a draft problem statement, before any change exists: its types and the
// pure rules every caller shares. `canSee` is the one visibility rule: every read path (pages, API,
// lists) goes through it, so a submission never shows to someone outside its Party and the
// Secretariat. A submission has no number; raising it makes a Draft Proposal, which has.
import type { Actor } from '../accounts/accounts.js';
import { can } from '../accounts/permissions.js';
import type { ProcessProfile } from '../../process/profile.js';
import { dueOn } from '../../process/deadlines.js';

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'resubmitted', 'raised'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  draft: 'Draft (not yet sent)',
  submitted: 'Submitted',
  returned: 'Returned with comments',
  resubmitted: 'Resubmitted',
  raised: 'Raised as a Draft Proposal',
};

/** Statuses in which the Secretariat owes the Party its critical-friend reply. */
export const AWAITING_REPLY: readonly SubmissionStatus[] = ['submitted', 'resubmitted'];

export interface SubmissionSection {
  heading: string;
  text: string;
}

export interface Submission {
  id: string;
  organisation: { id: string; name: string; partyCategory: string | null };
  /** The Party user who started it. */
  author: { id: string; name: string };
  title: string;
  summary: string;
  /** One entry per problem-statement section of the profile, in its order. */
  sections: SubmissionSection[];
  status: SubmissionStatus;
  /** The Party user who last submitted it: the proposer when it is raised. */
  submittedBy: { id: string; name: string } | null;
  /** Business date of the latest submission or resubmission. */
  submittedOn: string | null;
  /** The critical-friend reply is due on this business date (while awaiting a reply, and after). */
  dueOn: string | null;
  /** The Draft Proposal it was raised as (its reference today, e.g. DP098 or later MP098). */
  proposal: { reference: string; slug: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Steps on a submission, each written to submission_events with who, when and comments. */
export const SUBMISSION_STEPS = ['created', 'saved', 'submitted', 'returned', 'resubmitted', 'raised'] as const;
export type SubmissionStep = (typeof SUBMISSION_STEPS)[number];

export const STEP_LABELS: Record<SubmissionStep, string> = {
  created: 'Draft started',
  saved: 'Draft saved',
  submitted: 'Submitted to the Secretariat',
  returned: 'Returned with comments',
  resubmitted: 'Resubmitted to the Secretariat',
  raised: 'Raised as a Draft Proposal',
};

export interface SubmissionEvent {
  id: string;
  submissionId: string;
  /** Order within the submission, from 1. */
  seq: number;
  step: SubmissionStep;
  fromStatus: SubmissionStatus | null;
  toStatus: SubmissionStatus;
  actorId: string;
  actorName: string;
  businessDate: string;
  recordedAt: string;
  comments: string;
  /** For a submission: the reply due date it set. */
  dueOn: string | null;
  /** For a raise: the reference the Draft Proposal got. */
  proposalReference: string | null;
}

/**
 * Who may see a submission: Party users of its own organisation, always; the Secretariat (analysts
 * and administrators) once it has been sent (a draft not yet submitted is still the Party's own);
 * nobody else: not the public, not committee members, not another organisation's Party users.
 */
export function canSee(actor: Actor, submission: Pick<Submission, 'organisation' | 'status'>): boolean {
  if (actor.role === 'party') return !!actor.organisationId && actor.organisationId === submission.organisation.id;
  if (can(actor, 'submissions.review')) return submission.status !== 'draft';
  return false;
}

/**
 * The same rule as a filter a list query can apply in SQL, so lists never load what canSee would
 * drop (the service still passes every row through canSee).
 */
export function visibleFilter(actor: Actor): { organisationId?: string; sentOnly?: boolean } | 'none' {
  if (actor.role === 'party') return actor.organisationId ? { organisationId: actor.organisationId } : 'none';
  if (can(actor, 'submissions.review')) return { sentOnly: true };
  return 'none';
}

/** Whether the Party may still change the text: before it is sent, or after it came back. */
export function isEditable(status: SubmissionStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** Where each step may start, and where it leads. */
export function nextStatus(step: 'save' | 'submit' | 'return' | 'raise', from: SubmissionStatus): SubmissionStatus | null {
  switch (step) {
    case 'save': return isEditable(from) ? from : null;
    case 'submit': return from === 'draft' ? 'submitted' : from === 'returned' ? 'resubmitted' : null;
    case 'return': return AWAITING_REPLY.includes(from) ? 'returned' : null;
    case 'raise': return AWAITING_REPLY.includes(from) ? 'raised' : null;
  }
}

/** The steps this actor may take on this submission now (for forms, buttons and refusals). */
export function allowedSteps(actor: Actor, submission: Pick<Submission, 'organisation' | 'status'>): ('save' | 'submit' | 'return' | 'raise')[] {
  if (!canSee(actor, submission)) return [];
  const steps: ('save' | 'submit' | 'return' | 'raise')[] = [];
  if (actor.role === 'party' && can(actor, 'submissions.write')) {
    if (nextStatus('save', submission.status)) steps.push('save');
    if (nextStatus('submit', submission.status)) steps.push('submit');
  }
  if (can(actor, 'submissions.review')) {
    if (nextStatus('return', submission.status)) steps.push('return');
    if (nextStatus('raise', submission.status)) steps.push('raise');
  }
  return steps;
}

/** The business date the critical-friend reply is due for a submission made on `submittedOn` (the deadline engine's). */
export function replyDueOn(profile: ProcessProfile, submittedOn: string): string {
  return dueOn(profile, 'critical-friend-reply', submittedOn);
}

/** "overdue" or "due-today" while a reply is awaited, relative to today's business date; otherwise null. */
export function dueMark(submission: Pick<Submission, 'status' | 'dueOn'>, today: string): 'overdue' | 'due-today' | null {
  if (!AWAITING_REPLY.includes(submission.status) || !submission.dueOn) return null;
  if (submission.dueOn < today) return 'overdue';
  return submission.dueOn === today ? 'due-today' : null;
}

/** Oldest reply due first; those not awaiting a reply after them, most recently changed first. */
export function byDue(a: Submission, b: Submission): number {
  const wa = AWAITING_REPLY.includes(a.status);
  const wb = AWAITING_REPLY.includes(b.status);
  if (wa !== wb) return wa ? -1 : 1;
  if (wa) return (a.dueOn ?? '').localeCompare(b.dueOn ?? '') || (a.submittedOn ?? '').localeCompare(b.submittedOn ?? '') || a.createdAt.localeCompare(b.createdAt);
  return b.updatedAt.localeCompare(a.updatedAt);
}

/** The profile's sections, each with the text given for it (empty when none). */
export function sectionsOf(profile: ProcessProfile, given: Record<string, string | undefined> = {}): SubmissionSection[] {
  return profile.problemStatementSections.map((heading) => ({ heading, text: (given[heading] ?? '').replace(/\r\n/g, '\n').trim() }));
}

/**
 * The problem statement as Markdown, one "## " heading per section (the register's format). A
 * heading the Party typed inside a section is demoted to "###", so it cannot start a new section.
 */
export function toProblemStatement(sections: SubmissionSection[]): string {
  return sections.map((s) => {
    const text = s.text.replace(/^[ \t]{0,3}#{1,2}(?=[ \t]|$)/gm, '###');
    return `## ${s.heading}\n\n${text ? `${text}\n\n` : ''}`;
  }).join('');
}
