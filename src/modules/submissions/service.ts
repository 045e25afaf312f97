// Use cases of submissions. Each is one transaction: it reads the submission (through canSee, so a
// submission someone may not see is "not found", never "forbidden"), checks the step, updates the
// row with `WHERE version = ?` and appends the step to the event stream. Raising calls the
// register's raiseProposal in the same transaction, so the Draft Proposal and the submission's
// "raised" step are saved together or not at all.
import type { Actor } from '../accounts/accounts.js';
import { can } from '../accounts/permissions.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import { isBlankProblemStatement, type Proposal } from '../proposals/proposals.js';
import { raiseProposal } from '../proposals/service.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { londonDate } from '../../process/dates.js';
import * as repo from './repository.js';
import {
  STATUS_LABELS, STEP_LABELS, allowedSteps, byDue, canSee, nextStatus, replyDueOn, sectionsOf, toProblemStatement, visibleFilter,
  type Submission, type SubmissionEvent, type SubmissionSection, type SubmissionStep,
} from './submissions.js';

export interface SubmissionInput {
  title?: Loose;
  summary?: Loose;
  /** Text of each problem-statement section, keyed by the section's heading in the profile. */
  sections?: Record<string, Loose> | null;
}

export interface SubmissionDetail {
  submission: Submission;
  events: SubmissionEvent[];
  /** What the asking actor may do now. */
  allowed: ReturnType<typeof allowedSteps>;
}

type Step = 'save' | 'submit' | 'return' | 'raise';

const STEP_VERBS: Record<Step, string> = { save: 'changed', submit: 'submitted', return: 'returned', raise: 'raised' };

const now = (ctx: ServiceContext) => ctx.clock().toISOString();
const today = (ctx: ServiceContext) => londonDate(ctx.clock());

/** Title, summary and sections as given; a draft needs only a title (checkReady says what a submission needs). */
function parseContent(ctx: ServiceContext, raw: SubmissionInput) {
  const c = new Checker();
  const title = c.text('title', raw.title, { required: true, max: 300 }) ?? '';
  const summary = c.text('summary', raw.summary ?? '', { max: 2_000 }) ?? '';
  const given = raw.sections ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    c.fail('sections', 'must be an object of section heading to text.');
    c.done();
  }
  const known = ctx.profile.problemStatementSections;
  const unknown = Object.keys(given).filter((h) => !known.includes(h));
  if (unknown.length) c.fail('sections', `unknown section ${unknown.map((h) => `"${h}"`).join(', ')}; the sections are ${known.map((h) => `"${h}"`).join(', ')}.`);
  const texts: Record<string, string> = {};
  known.forEach((heading, i) => {
    const text = c.text(`sections.${i}`, given[heading], { max: 20_000 });
    if (text) texts[heading] = text;
  });
  const sections = sectionsOf(ctx.profile, texts);
  c.done();
  return { title, summary, sections };
}

/** What a submission still needs before it can be sent. */
function checkReady(s: { title: string; summary: string; sections: SubmissionSection[] }): void {
  const c = new Checker();
  if (!s.title.trim()) c.fail('title', 'is required.');
  if (!s.summary.trim()) c.fail('summary', 'is required before you submit.');
  if (isBlankProblemStatement(toProblemStatement(s.sections))) {
    c.fail('sections.0', 'Write at least one section of the problem statement before you submit.');
  }
  c.done();
}

/** Loads a submission the actor may see; anything else is not found, whether or not it exists. */
async function load(ex: Executor, actor: Actor, id: string): Promise<Submission> {
  const s = await repo.findSubmission(ex, id);
  if (!s || !canSee(actor, s)) throw notFound(`Submission ${id}`);
  return s;
}

function assertStep(actor: Actor, s: Submission, step: Step, expectedVersion?: number): void {
  const party = step === 'save' || step === 'submit';
  const permitted = party ? actor.role === 'party' && can(actor, 'submissions.write') : can(actor, 'submissions.review');
  if (!permitted) {
    throw new DomainError('FORBIDDEN', party
      ? 'Only a Party user of its own organisation may change or submit a submission.'
      : 'Only the Secretariat may return or raise a submission.');
  }
  if (!nextStatus(step, s.status)) {
    throw new DomainError('ACTION_NOT_ALLOWED', `A submission that is "${STATUS_LABELS[s.status]}" cannot be ${STEP_VERBS[step]}.`,
      { allowed: allowedSteps(actor, s) });
  }
  if (expectedVersion !== undefined && expectedVersion !== s.version) {
    throw new DomainError('VERSION_CONFLICT', 'This submission has changed since you opened it; nothing was saved.');
  }
}

async function update(ex: Executor, s: Submission, patch: Parameters<typeof repo.updateSubmission>[3]): Promise<void> {
  if (!await repo.updateSubmission(ex, s.id, s.version, patch)) {
    throw new DomainError('VERSION_CONFLICT', 'This submission was changed by someone else at the same moment; nothing was saved.');
  }
}

async function recordStep(ctx: ServiceContext, actor: Actor, s: Submission, step: SubmissionStep,
  to: Submission['status'], extra: { comments?: string; dueOn?: string | null; proposalReference?: string | null } = {}): Promise<void> {
  await record(ctx, {
    type: `submission.${step}`, subject: { id: s.id, ref: s.title.slice(0, 120) }, label: STEP_LABELS[step],
    actor, businessDate: today(ctx),
    payload: {
      submissionId: s.id, organisationId: s.organisation.id, organisation: s.organisation.name, title: s.title,
      fromStatus: step === 'created' ? null : s.status, toStatus: to, comments: extra.comments ?? '', dueOn: extra.dueOn ?? null,
      reference: extra.proposalReference ?? null,
    },
  });
}

/** Sends it to the Secretariat (or sends it again after it came back); the reply is due in Working Days. */
async function applySubmit(ex: Executor, ctx: ServiceContext, actor: Actor, s: Submission): Promise<void> {
  checkReady(s);
  const to = nextStatus('submit', s.status)!;
  const submittedOn = today(ctx);
  const dueOn = replyDueOn(ctx.profile, submittedOn);
  await update(ex, s, {
    status: to, submitted_by_id: actor.id, submitted_by_name: actor.name, submitted_on: submittedOn, due_on: dueOn, updated_at: now(ctx),
  });
  await recordStep(ctx, actor, s, to === 'submitted' ? 'submitted' : 'resubmitted', to, { dueOn });
}

async function reload(ex: Executor, id: string): Promise<Submission> {
  return (await repo.findSubmission(ex, id))!;
}

/** The submissions the actor may see: oldest reply due first, then the rest, latest change first. */
export async function listSubmissions(ctx: ServiceContext, actor: Actor): Promise<Submission[]> {
  const filter = visibleFilter(actor);
  if (filter === 'none') return [];
  const rows = await repo.listSubmissions(executor(ctx), filter);
  return rows.filter((s) => canSee(actor, s)).sort(byDue);
}

export async function getSubmission(ctx: ServiceContext, actor: Actor, id: string): Promise<SubmissionDetail> {
  const ex = executor(ctx);
  const submission = await load(ex, actor, id);
  return { submission, events: await repo.listSubmissionEvents(ex, id), allowed: allowedSteps(actor, submission) };
}

/** A Party user starts a submission for their organisation: saved as a draft, or sent at once. */
export async function createSubmission(ctx: ServiceContext, actor: Actor, raw: SubmissionInput, options: { submit?: boolean } = {}): Promise<Submission> {
  if (actor.role !== 'party' || !can(actor, 'submissions.write')) throw new DomainError('FORBIDDEN', 'Only a Party user may start a submission.');
  if (!actor.organisationId) throw new DomainError('FORBIDDEN', 'Your account is not linked to an organisation, so it cannot make submissions.');
  const organisationId = actor.organisationId;
  const content = parseContent(ctx, raw);
  if (options.submit) checkReady(content);
  return inTransaction(ctx, async (trx, ctx) => {
    const at = now(ctx);
    const id = newId();
    await repo.insertSubmission(trx, {
      id, organisation_id: organisationId, author_id: actor.id, author_name: actor.name,
      title: content.title, summary: content.summary, sections: JSON.stringify(content.sections), status: 'draft',
      submitted_by_id: null, submitted_by_name: null, submitted_on: null, due_on: null, proposal_id: null,
      version: 1, created_at: at, updated_at: at,
    });
    let s = await reload(trx, id);
    await recordStep(ctx, actor, s, 'created', 'draft');
    if (options.submit) {
      await applySubmit(trx, ctx, actor, s);
      s = await reload(trx, id);
    }
    return s;
  });
}

/** The Party changes its draft (or a returned submission), and may send it in the same step. */
export async function saveSubmission(ctx: ServiceContext, actor: Actor, id: string, raw: SubmissionInput,
  options: { submit?: boolean; expectedVersion?: number } = {}): Promise<Submission> {
  return inTransaction(ctx, async (trx, ctx) => {
    let s = await load(trx, actor, id);
    assertStep(actor, s, 'save', options.expectedVersion);
    if (options.submit) assertStep(actor, s, 'submit');
    const content = parseContent(ctx, raw);
    const changed = content.title !== s.title || content.summary !== s.summary || JSON.stringify(content.sections) !== JSON.stringify(s.sections);
    if (changed) {
      await update(trx, s, { title: content.title, summary: content.summary, sections: JSON.stringify(content.sections), updated_at: now(ctx) });
      await recordStep(ctx, actor, { ...s, title: content.title }, 'saved', s.status);
      s = await reload(trx, id);
    }
    if (options.submit) {
      await applySubmit(trx, ctx, actor, s);
      s = await reload(trx, id);
    }
    return s;
  });
}

/** The Party sends it to the Secretariat: the critical-friend reply is due in the profile's Working Days. */
export async function submitSubmission(ctx: ServiceContext, actor: Actor, id: string, options: { expectedVersion?: number } = {}): Promise<Submission> {
  return inTransaction(ctx, async (trx, ctx) => {
    const s = await load(trx, actor, id);
    assertStep(actor, s, 'submit', options.expectedVersion);
    await applySubmit(trx, ctx, actor, s);
    return reload(trx, id);
  });
}

/** The Secretariat's critical-friend reply: back to the Party with comments. */
export async function returnSubmission(ctx: ServiceContext, actor: Actor, id: string,
  raw: { comments?: Loose; expectedVersion?: number }): Promise<Submission> {
  const c = new Checker();
  const comments = c.text('comments', raw.comments, { required: true, max: 20_000 }) ?? '';
  return inTransaction(ctx, async (trx, ctx) => {
    const s = await load(trx, actor, id);
    assertStep(actor, s, 'return', raw.expectedVersion);
    c.done();
    await update(trx, s, { status: 'returned', updated_at: now(ctx) });
    await recordStep(ctx, actor, s, 'returned', 'returned', { comments });
    return reload(trx, id);
  });
}

/**
 * The Secretariat raises it as a Draft Proposal: the number is assigned, the timeline starts, the
 * problem statement becomes draft v0.1 and the proposer is the Party user who submitted it, for
 * their organisation. One transaction with the submission's "raised" step.
 */
export async function raiseSubmission(ctx: ServiceContext, actor: Actor, id: string,
  raw: { leadAnalyst?: Loose; comments?: Loose; expectedVersion?: number }): Promise<{ submission: Submission; proposal: Proposal }> {
  const c = new Checker();
  const leadAnalyst = c.optionalText('leadAnalyst', raw.leadAnalyst, 200);
  const comments = c.text('comments', raw.comments, { max: 20_000 }) ?? '';
  return inTransaction(ctx, async (trx, ctx) => {
    const s = await load(trx, actor, id);
    assertStep(actor, s, 'raise', raw.expectedVersion);
    c.done();
    const proposal = await raiseProposal(ctx, actor, {
      title: s.title,
      summary: s.summary,
      proposer: s.submittedBy?.name ?? s.author.name,
      organisation: s.organisation.id,
      leadAnalyst: leadAnalyst ?? null,
      problemStatement: toProblemStatement(s.sections),
    });
    await update(trx, s, { status: 'raised', proposal_id: proposal.id, updated_at: now(ctx) });
    await recordStep(ctx, actor, s, 'raised', 'raised', { comments, proposalReference: proposal.reference });
    return { submission: await reload(trx, id), proposal };
  });
}
