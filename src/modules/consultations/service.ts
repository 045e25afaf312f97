// Use cases of consultations, one transaction each. Opening and closing are lifecycle steps of the
// change, so they go through the register's actOnProposal (the kind's open and close actions of
// the profile) in the same transaction; the collated responses are attached through documents'
// storeDocument in the closing transaction too. A consultation still open after its closing day is
// closed by the first of: the Secretariat, a response or read that finds it so (`settle`), or the
// periodic sweep (`closeDueConsultations`); the close is a conditional update (WHERE closed_on is
// null) under the consultation's lock, so exactly one of them closes it, on any instance.
import { createHash } from 'node:crypto';
import type { Actor } from '../accounts/accounts.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import { storeDocument } from '../documents/service.js';
import { actOnProposal, findProposal } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { serialise, toFlag } from '../../platform/db/database.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { formatDate, isIsoDate, londonDate } from '../../process/dates.js';
import { dueOn } from '../../process/deadlines.js';
import type { ConsultationKind } from '../../process/profile.js';
import type { Collation } from './collate.js';
import {
  MAX_ANSWER_LENGTH, MAX_QUESTIONS, MAX_QUESTION_LENGTH, collatable, defaultLength, dueToClose, eligibility, eligibleOrganisations,
  findKind, mayReadResponse, responseRefusal, seesAllResponses, takesResponses,
  type Consultation, type ConsultationResponse, type Respondent, type ResponseVersion,
} from './consultations.js';
import * as repo from './repository.js';

const today = (ctx: ServiceContext) => londonDate(ctx.clock());
const lock = (id: string) => `consultation:${id}`;

/** Who the automatic close acts as, on the events it writes. */
export const AUTOMATIC_CLOSE: Actor = { id: 'acc_administrator', name: 'Closed automatically after its closing day', role: 'admin' };

export interface RespondentStanding extends Respondent {
  responded: boolean;
  /** When it last responded. */
  submittedAt: string | null;
}

export interface ResponseDetail extends ConsultationResponse {
  /** Every version, the first first; only to the Secretariat and the organisation's own users. */
  versions: ResponseVersion[] | null;
}

export interface ConsultationDetail {
  consultation: Consultation;
  kind: ConsultationKind;
  change: repo.ChangeRef;
  /** Whether responses are taken today. */
  takesResponses: boolean;
  /** The responses the viewer may read (all to the Secretariat; one's own; the published ones once closed). */
  responses: ResponseDetail[];
  /** The viewer's organisation's response, when the viewer is a Party user and it has responded. */
  mine: ResponseDetail | null;
  /** Why the viewer may not respond now (null when they may); null for viewers who are not Party users. */
  refusal: { code: string; message: string } | null;
  /** The Secretariat only: each organisation that may respond, and whether it has. */
  respondents: RespondentStanding[] | null;
}

async function requireConsultation(ctx: ServiceContext, id: string): Promise<Consultation> {
  const found = await repo.findConsultation(executor(ctx), id);
  if (!found) throw notFound(`Consultation ${id}`);
  return found;
}

function kindOf(ctx: ServiceContext, c: Consultation): ConsultationKind {
  const kind = findKind(ctx.profile, c.kind);
  if (!kind) throw new Error(`Consultation ${c.id} is of kind ${c.kind}, which the profile no longer has.`);
  return kind;
}

export interface OpenInput {
  kind?: Loose;
  title?: Loose;
  questions?: Loose;
  opens?: Loose;
  closes?: Loose;
}

/** Opens a consultation on the change: the row, the kind's open action on the change and the event, in one transaction. */
export async function openConsultation(ctx: ServiceContext, actor: Actor, ref: string, raw: OpenInput): Promise<ConsultationDetail> {
  const c = new Checker();
  const kindId = c.oneOf('kind', raw.kind, ctx.profile.consultations.map((k) => k.id), { required: true });
  const title = c.text('title', raw.title, { max: 300 });
  const questions = parseQuestions(c, raw.questions);
  const now = today(ctx);
  const opens = c.date('opens', raw.opens) ?? now;
  if (isIsoDate(opens) && opens > now) c.fail('opens', `cannot be in the future (today is ${formatDate(now)}): open it on the day it starts.`);
  const givenCloses = c.date('closes', raw.closes);
  c.done();
  const kind = findKind(ctx.profile, kindId!)!;
  const closes = givenCloses ?? dueOn(ctx.profile, 'consultation-close', opens, { workingDays: defaultLength(ctx.profile, kind) });
  if (closes < now) c.fail('closes', `cannot be in the past (today is ${formatDate(now)}).`);
  else if (closes <= opens) c.fail('closes', `must be after the day it opens (${formatDate(opens)}).`);
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const proposal = await findProposal(tx, trx, ref);
    await serialise(trx, ctx.db.dialect, `consultations-of:${proposal.id}`);
    const open = (await repo.listConsultations(trx, proposal.id)).find((x) => x.open);
    if (open) {
      throw new DomainError('ALREADY_EXISTS', `${proposal.reference} already has an open consultation (the ${open.title}, closing on ${formatDate(open.closesOn)}); close it first.`);
    }
    const at = ctx.clock().toISOString();
    const id = newId();
    const name = title || `${kind.label} on ${proposal.reference}`;
    await repo.insertConsultation(trx, {
      id, proposal_id: proposal.id, kind: kind.id, title: name, questions: JSON.stringify(questions), opens_on: opens, closes_on: closes,
      closed_on: null, document_ids: '[]', collation_html: null, collation_sha256: null, version: 1, created_by: actor.name, created_at: at, updated_at: at,
    });
    const moved = await actOnProposal(tx, actor, proposal.reference, {
      action: kind.openAction, businessDate: opens, note: `${name}: responses until ${formatDate(closes)}.`,
    }).catch((error: unknown) => {
      const onDate = error instanceof DomainError && error.details.fields?.find((f) => f.field === 'businessDate');
      if (onDate) throw validationError([{ field: 'opens', message: onDate.message }]);
      throw error;
    });
    await record(tx, {
      type: 'consultation.opened', subject: { id, ref: name }, proposalId: proposal.id, actor, businessDate: opens,
      label: `${name} opened: responses until ${formatDate(closes)}`,
      payload: { consultationId: id, reference: moved.reference, kind: kind.id, title: name, questions, opensOn: opens, closesOn: closes },
    });
    return detailFor(tx, actor, (await repo.findConsultation(trx, id))!);
  });
}

function parseQuestions(c: Checker, value: Loose): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r?\n/) : value === undefined || value === null ? [] : null;
  if (list === null) {
    c.fail('questions', 'must be a list of questions.');
    return [];
  }
  const questions = list.map((q) => String(q).replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (questions.length === 0) c.fail('questions', 'are required: ask at least one question.');
  if (questions.length > MAX_QUESTIONS) c.fail('questions', `may be at most ${MAX_QUESTIONS}.`);
  questions.forEach((q, i) => {
    if (q.length > MAX_QUESTION_LENGTH) c.fail('questions', `question ${i + 1} is longer than ${MAX_QUESTION_LENGTH} characters.`);
    if (q.includes('\u0000')) c.fail('questions', `question ${i + 1} contains a NUL character.`);
  });
  return questions;
}

/** The consultation as the viewer may see it, closing it first if its closing day has passed. */
export async function getConsultation(ctx: ServiceContext, viewer: Actor, id: string): Promise<ConsultationDetail> {
  const consultation = await settle(ctx, await requireConsultation(ctx, id));
  return detailFor(ctx, viewer, consultation);
}

/** A change's consultations as the viewer may see them. */
export async function listConsultationsOf(ctx: ServiceContext, viewer: Actor, ref: string): Promise<ConsultationDetail[]> {
  const proposal = await findProposal(ctx, executor(ctx), ref);
  return listByChange(ctx, viewer, proposal.id);
}

export async function listByChange(ctx: ServiceContext, viewer: Actor, proposalId: string): Promise<ConsultationDetail[]> {
  const out: ConsultationDetail[] = [];
  for (const c of await repo.listConsultations(executor(ctx), proposalId)) out.push(await detailFor(ctx, viewer, await settle(ctx, c)));
  return out;
}

async function detailFor(ctx: ServiceContext, viewer: Actor, consultation: Consultation): Promise<ConsultationDetail> {
  const ex = executor(ctx);
  const kind = kindOf(ctx, consultation);
  const change = (await repo.findChange(ex, consultation.proposalId))!;
  const all = await repo.listResponses(ex, consultation.id);
  const withHistory = async (r: ConsultationResponse): Promise<ResponseDetail> => {
    const full = seesAllResponses(viewer) || (viewer.role === 'party' && viewer.organisationId === r.organisationId);
    return { ...r, versions: full ? await repo.listVersions(ex, r.id) : null };
  };
  const responses: ResponseDetail[] = [];
  for (const r of all) if (mayReadResponse(viewer, consultation, r)) responses.push(await withHistory(r));
  const mine = viewer.role === 'party' && viewer.organisationId ? responses.find((r) => r.organisationId === viewer.organisationId) ?? null : null;
  const now = today(ctx);
  let refusal: ConsultationDetail['refusal'] = null;
  if (viewer.role === 'party') {
    const org = viewer.organisationId ? await repo.findOrganisation(ex, viewer.organisationId) : null;
    const eligible = eligibility(ctx.profile, kind, org);
    const closed = responseRefusal(consultation, now);
    refusal = !eligible.ok ? { code: eligible.code, message: eligible.message } : closed ? { code: 'CONSULTATION_CLOSED', message: closed } : null;
  }
  let respondents: RespondentStanding[] | null = null;
  if (seesAllResponses(viewer)) {
    const byOrg = new Map(all.map((r) => [r.organisationId, r]));
    respondents = eligibleOrganisations(ctx.profile, kind, await repo.listOrganisations(ex))
      .map((o) => ({ ...o, responded: byOrg.has(o.id), submittedAt: byOrg.get(o.id)?.submittedAt ?? null }));
  }
  return { consultation, kind, change, takesResponses: takesResponses(consultation, now), responses, mine, refusal, respondents };
}

export interface RespondInput {
  answers?: Loose;
  confidential?: Loose;
}

/**
 * The viewer's organisation's response: the first submission, or (when it has one) a new version
 * that replaces it, every version kept. Refused after the close, before the opening, to a user who
 * acts for no Party and to an organisation the kind's rule excludes.
 */
export async function respond(ctx: ServiceContext, actor: Actor, id: string, raw: RespondInput): Promise<ResponseDetail> {
  const found = await settle(ctx, await requireConsultation(ctx, id));
  const kind = kindOf(ctx, found);
  const ex = executor(ctx);
  const org = actor.role === 'party' && actor.organisationId ? await repo.findOrganisation(ex, actor.organisationId) : null;
  const eligible = eligibility(ctx.profile, kind, org);
  if (!eligible.ok) throw new DomainError(eligible.code, eligible.message);
  const closed = responseRefusal(found, today(ctx));
  if (closed) throw new DomainError('CONSULTATION_CLOSED', closed);
  const c = new Checker();
  const answers = parseAnswers(c, raw.answers, found.questions.length);
  const confidential = c.flag('confidential', raw.confidential) ?? false;
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    await serialise(trx, ctx.db.dialect, lock(id));
    const consultation = (await repo.findConsultation(trx, id))!;
    const refusal = responseRefusal(consultation, today(ctx));
    if (refusal) throw new DomainError('CONSULTATION_CLOSED', refusal);
    const change = (await repo.findChange(trx, consultation.proposalId))!;
    const at = ctx.clock().toISOString();
    const existing = await repo.findResponse(trx, id, org!.id);
    const fields = { answers: JSON.stringify(answers), confidential: toFlag(confidential), submitted_by: actor.name, submitted_at: at };
    let responseId: string;
    let version: number;
    if (!existing) {
      responseId = newId();
      version = 1;
      await repo.insertResponse(trx, { id: responseId, consultation_id: id, organisation_id: org!.id, ...fields, version, updated_at: at });
    } else {
      responseId = existing.id;
      version = existing.version + 1;
      if (!await repo.replaceResponse(trx, existing.id, existing.version, fields)) {
        throw new DomainError('VERSION_CONFLICT', `${org!.name}'s response was changed by someone else at the same moment; nothing was saved.`);
      }
    }
    await repo.insertVersion(trx, { response_id: responseId, version, ...fields });
    const edited = version > 1;
    await record(tx, {
      type: edited ? 'consultation.response-edited' : 'consultation.response-submitted', subject: { id, ref: consultation.title },
      proposalId: consultation.proposalId, actor, businessDate: today(ctx),
      label: `${org!.name} ${edited ? `edited its response (version ${version})` : 'responded'} to the ${consultation.title}${confidential ? ' (confidential)' : ''}`,
      payload: {
        consultationId: id, reference: change.reference, kind: consultation.kind, title: consultation.title, responseId,
        organisationId: org!.id, organisation: org!.name, version, confidential,
      },
    });
    const saved = (await repo.findResponse(trx, id, org!.id))!;
    return { ...saved, versions: await repo.listVersions(trx, responseId) };
  });
}

function parseAnswers(c: Checker, value: Loose, count: number): string[] {
  if (!Array.isArray(value)) {
    c.fail('answers', `must be a list of ${count} ${count === 1 ? 'answer' : 'answers'}, one per question in order.`);
    return [];
  }
  if (value.length > count) c.fail('answers', `has ${value.length} answers; the consultation asks ${count} ${count === 1 ? 'question' : 'questions'}.`);
  const answers = Array.from({ length: count }, (_, i) => c.text(`answers.${i}`, value[i] ?? '', { max: MAX_ANSWER_LENGTH }) ?? '');
  if (answers.every((a) => !a)) c.fail('answers', 'are empty: answer at least one question.');
  return answers;
}

/** The Secretariat closes it (early, or on or after its closing day). */
export async function closeConsultation(ctx: ServiceContext, actor: Actor, id: string): Promise<ConsultationDetail> {
  const found = await requireConsultation(ctx, id);
  if (!found.open) throw new DomainError('CONSULTATION_CLOSED', `The ${found.title} already closed on ${formatDate(found.closedOn)}.`);
  const now = today(ctx);
  if (now < found.opensOn) throw new DomainError('ACTION_NOT_ALLOWED', `The ${found.title} has not opened yet (it opens on ${formatDate(found.opensOn)}).`);
  const closed = await close(ctx, actor, id, false);
  if (!closed) throw new DomainError('CONSULTATION_CLOSED', `The ${found.title} was closed at the same moment by someone else.`);
  return detailFor(ctx, actor, await requireConsultation(ctx, id));
}

/** Closes it if its closing day has passed (and nobody has yet); the consultation as it now is. */
export async function settle(ctx: ServiceContext, consultation: Consultation): Promise<Consultation> {
  if (!dueToClose(consultation, today(ctx)) || ctx.trx) return consultation;
  await close(ctx, AUTOMATIC_CLOSE, consultation.id, true);
  return (await repo.findConsultation(executor(ctx), consultation.id))!;
}

/** Closes every open consultation whose closing day has passed; how many this call closed. Safe to run on several instances at once. */
export async function closeDueConsultations(ctx: ServiceContext): Promise<number> {
  let n = 0;
  for (const c of await repo.listDue(executor(ctx), today(ctx))) if (await close(ctx, AUTOMATIC_CLOSE, c.id, true)) n += 1;
  return n;
}

/**
 * The close, in one transaction: the consultation marked closed (only if still open: false when
 * someone else closed it first), the kind's close action on the change, the responses that are not
 * confidential collated into a Word and a PDF document attached to the change, and the event.
 */
async function close(ctx: ServiceContext, actor: Actor, id: string, automatic: boolean): Promise<boolean> {
  return inTransaction(ctx, async (trx, tx) => {
    await serialise(trx, ctx.db.dialect, lock(id));
    const consultation = (await repo.findConsultation(trx, id))!;
    const on = today(ctx);
    if (!await repo.markClosed(trx, id, on, ctx.clock().toISOString())) return false;
    const kind = kindOf(ctx, consultation);
    const before = (await repo.findChange(trx, consultation.proposalId))!;
    const allowed = ctx.profile.actions.find((a) => a.id === kind.closeAction)?.from.includes(before.state) ?? false;
    // A change that has moved on (withdrawn, on hold) keeps its state: the consultation closes all the same.
    if (allowed) await actOnProposal(tx, actor, before.reference, { action: kind.closeAction, businessDate: on, note: `${consultation.title} closed.` });
    const change = (await repo.findChange(trx, consultation.proposalId))!;
    const responses = await repo.listResponses(trx, id);
    const published = collatable(responses);
    const collation: Collation = {
      title: consultation.title, reference: change.reference, changeTitle: change.title, changeUrl: `${ctx.publicBaseUrl}${publicPath(change)}`,
      kindLabel: kind.label, opensOn: consultation.opensOn, closesOn: consultation.closesOn, closedOn: on, questions: consultation.questions,
      responses: published.map((r) => ({ organisation: r.organisation, submittedAt: r.submittedAt, answers: r.answers })),
      confidentialCount: responses.length - published.length,
    };
    const documentIds: string[] = [];
    const stem = `${change.reference}-${kind.id}-consultation-responses`;
    // The collation's renderers (preact, docx, pdfmake) load at the first close, not with every command.
    const { renderCollationDocx, renderCollationHtml, renderCollationPdf } = await import('./collate.js');
    for (const [format, bytes] of [['Word', await renderCollationDocx(collation)], ['PDF', await renderCollationPdf(collation)]] as const) {
      const doc = await storeDocument(tx, actor, change.reference, {
        kind: 'consultation-responses', versionLabel: 'v1.0', title: `${consultation.title}: responses (${format})`, restricted: false,
        filename: `${stem}.${format === 'PDF' ? 'pdf' : 'docx'}`, bytes, publishedOn: on,
      });
      documentIds.push(doc.id);
    }
    const html = renderCollationHtml(collation);
    await repo.setCollation(trx, id, documentIds, html, createHash('sha256').update(html, 'utf8').digest('hex'));
    await record(tx, {
      type: 'consultation.closed', subject: { id, ref: consultation.title }, proposalId: consultation.proposalId, actor, businessDate: on,
      label: `${consultation.title} closed${automatic ? ' after its closing day' : ''}: ${responses.length} ${responses.length === 1 ? 'response' : 'responses'}`,
      payload: {
        consultationId: id, reference: change.reference, kind: kind.id, title: consultation.title, closedOn: on, automatic,
        responses: responses.length, collated: published.length, documentIds,
      },
    });
    return true;
  });
}

/** The frozen HTML of a closed consultation's collated responses, with its SHA-256 (404 before the close). */
export async function collationRecord(ctx: ServiceContext, id: string): Promise<{ html: string; sha256: string }> {
  const ex = executor(ctx);
  const consultation = await repo.findConsultation(ex, id);
  const html = consultation && !consultation.open ? await repo.collationHtml(ex, id) : null;
  if (!consultation || html === null || consultation.collationSha256 === null) throw notFound(`The collated responses of consultation ${id}`);
  return { html, sha256: consultation.collationSha256 };
}

/** The consultation's collated responses (those not confidential), for its page once closed. */
export function collationOf(ctx: ServiceContext, d: ConsultationDetail): Collation {
  const published = collatable(d.responses.filter((r) => !r.confidential));
  return {
    title: d.consultation.title, reference: d.change.reference, changeTitle: d.change.title, changeUrl: `${ctx.publicBaseUrl}${publicPath(d.change)}`,
    kindLabel: d.kind.label, opensOn: d.consultation.opensOn, closesOn: d.consultation.closesOn, closedOn: d.consultation.closedOn ?? d.consultation.closesOn,
    questions: d.consultation.questions, responses: published.map((r) => ({ organisation: r.organisation, submittedAt: r.submittedAt, answers: r.answers })),
    confidentialCount: 0,
  };
}
