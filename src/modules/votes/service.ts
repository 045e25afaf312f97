// Use cases of Change Board votes, Authority decisions and appeals, one transaction each.
//
// A vote is opened on a change at the Change Board (a state the profile's Change Board actions start
// from) with the proposed solution and its alternatives. The committee's voting members (member
// accounts of the profile's voting committee whose organisation places them in a voting group) each
// keep one ballot, editable until the close. Closing computes the result by the profile's rules,
// drives the lifecycle through the register's actOnProposal (decide for a self-governance path,
// otherwise recommend to the Authority), publishes the record as documents of the change (PDF and
// Markdown through storeDocument, the HTML kept frozen with its SHA-256), all in one transaction.
//
// The Authority's decision (approve, reject, send back) is recorded with its date and letter (a
// document) and drives the Authority's action. A Party may appeal a self-governance decision inside
// the profile's appeal window; an open appeal holds the change (the fact 'no-open-appeal' guards the
// schedule action) until the Authority's decision on it is recorded.
import { createHash } from 'node:crypto';
import type { Actor } from '../accounts/accounts.js';
import { can } from '../accounts/permissions.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import type { ReceivedFile } from '../documents/service.js';
import { storeDocument } from '../documents/service.js';
import { actOnProposal, findProposal } from '../proposals/service.js';
import { parseBusinessDate } from '../proposals/validation.js';
import type { FactProvider } from '../facts.js';
import { serialise } from '../../platform/db/database.js';
import { DomainError, notFound, validationError, type FieldError } from '../../platform/errors.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { formatDate, londonDate } from '../../process/dates.js';
import { dueOn } from '../../process/deadlines.js';
import { CHOICES, groupOf } from '../../process/voting.js';
import * as repo from './repository.js';
import { voteResult, type Ballot, type BallotChoice, type Vote, type VoteResult, type Voter } from './votes.js';

const today = (ctx: ServiceContext) => londonDate(ctx.clock());
const voteLock = (id: string) => `vote:${id}`;

export interface VoteDetail {
  vote: Vote;
  result: VoteResult;
  /** Voting members by group (who may still vote). */
  roll: Voter[];
  /** Every ballot, when the viewer may read them: the committee and the Secretariat while open, everyone once closed. */
  ballots: Ballot[] | null;
  /** Whether the viewer sees the live tally (the same rule as the ballots). */
  tallyVisible: boolean;
  /** The viewer's own ballot, and whether they may vote. */
  mine: Ballot | null;
  voter: Voter | null;
  documentIds: string[];
}

/** The states the profile's Change Board actions start from. */
export function changeBoardStates(ctx: ServiceContext): string[] {
  const d = ctx.profile.decisions;
  const ids = [d.selfGovernance.approve, d.selfGovernance.reject, d.recommend.action];
  return [...new Set(ctx.profile.actions.filter((a) => ids.includes(a.id)).flatMap((a) => a.from))];
}

function businessDate(ctx: ServiceContext, field: string, given: Loose): string | FieldError {
  const parsed = parseBusinessDate(Array.isArray(given) ? given[0] : given, ctx.clock());
  return typeof parsed === 'string' ? parsed : { field, message: parsed.message };
}

/** The committee's voting members: each active member account whose organisation places it in a group. */
async function rollOf(ctx: ServiceContext, ex: Executor, committee: string, accountId?: string): Promise<Voter[]> {
  const rows = await repo.committeeAccounts(ex, committee, accountId);
  return rows.flatMap((r) => {
    if (!r.organisationId) return [];
    const group = groupOf(ctx.profile.voting, r.partyCategory ?? null);
    return group ? [{ accountId: r.id, name: r.name, organisation: r.organisation ?? null, group: group.id }] : [];
  });
}

/** Whether the viewer reads ballots and the live tally: the vote's committee and the Secretariat, or everyone once closed. */
function seesBallots(vote: Vote, viewer: Actor): boolean {
  if (vote.status === 'counted') return true;
  if (can(viewer, 'votes.manage')) return true;
  return viewer.role === 'member' && (viewer.committees ?? []).includes(vote.committee);
}

async function requireVote(ex: Executor, id: string): Promise<Vote> {
  const vote = await repo.findVote(ex, id);
  if (!vote) throw notFound(`Vote ${id}`);
  return vote;
}

async function detailOf(ctx: ServiceContext, ex: Executor, vote: Vote, viewer: Actor): Promise<VoteDetail> {
  const [roll, ballots] = await Promise.all([rollOf(ctx, ex, vote.committee), repo.ballotsOf(ex, vote.id)]);
  const result = voteResult(ctx.profile.voting, vote.options, roll, ballots);
  const visible = seesBallots(vote, viewer);
  const documentIds = vote.status === 'counted'
    ? (await ex.selectFrom('documents').select('id').where('proposal_id', '=', vote.proposalId).where('kind', '=', ctx.profile.decisions.voteDocument)
      .orderBy('created_at').execute()).map((d) => d.id)
    : [];
  return {
    vote, result, roll, ballots: visible ? ballots : null, tallyVisible: visible,
    mine: ballots.find((b) => b.accountId === viewer.id) ?? null,
    voter: roll.find((v) => v.accountId === viewer.id) ?? null,
    documentIds,
  };
}

export async function getVote(ctx: ServiceContext, viewer: Actor, id: string): Promise<VoteDetail> {
  const ex = executor(ctx);
  return detailOf(ctx, ex, await requireVote(ex, id), viewer);
}

export async function votesOfChange(ctx: ServiceContext, viewer: Actor, proposalId: string): Promise<VoteDetail[]> {
  const ex = executor(ctx);
  const votes = await repo.votesOf(ex, proposalId);
  return Promise.all(votes.map((v) => detailOf(ctx, ex, v, viewer)));
}

export interface OpenInput {
  proposedSolution?: { title?: Loose; description?: Loose };
  alternatives?: { title?: Loose; description?: Loose }[];
  businessDate?: Loose;
}

/** Opens the Change Board's vote on a change at the Change Board: the proposed solution and each alternative. */
export async function openVote(ctx: ServiceContext, actor: Actor, ref: string, raw: OpenInput): Promise<VoteDetail> {
  const c = new Checker();
  const proposedTitle = c.text('proposedSolution.title', raw.proposedSolution?.title, { max: 200 }) || 'Proposed solution';
  const proposedText = c.text('proposedSolution.description', raw.proposedSolution?.description, { max: 5000 }) ?? '';
  const alternatives = (raw.alternatives ?? []).map((a, i) => ({
    title: c.text(`alternatives.${i}.title`, a.title, { required: true, max: 200 }) ?? '',
    description: c.text(`alternatives.${i}.description`, a.description, { max: 5000 }) ?? '',
  }));
  if (alternatives.length > 10) c.fail('alternatives', 'can be at most 10.');
  const titles = new Set<string>([proposedTitle.toLowerCase()]);
  alternatives.forEach((a, i) => {
    if (a.title && titles.has(a.title.toLowerCase())) c.fail(`alternatives.${i}.title`, 'is the title of another option: give each its own.');
    titles.add(a.title.toLowerCase());
  });
  const on = businessDate(ctx, 'businessDate', raw.businessDate);
  if (typeof on !== 'string') c.fail(on.field, on.message);
  c.done();
  return inTransaction(ctx, async (trx, tx) => {
    const proposal = await findProposal(tx, trx, ref);
    await serialise(trx, ctx.db.dialect, `votes-of:${proposal.id}`);
    if (!changeBoardStates(ctx).includes(proposal.state)) {
      throw new DomainError('NOT_AT_CHANGE_BOARD', `${proposal.reference} is not at the Change Board, so no vote can be opened on it.`);
    }
    const open = (await repo.votesOf(trx, proposal.id)).find((v) => v.status === 'open');
    if (open) throw new DomainError('ALREADY_EXISTS', `A vote on ${proposal.reference} is already open (opened ${formatDate(open.openedOn)}).`, { voteId: open.id });
    const id = newId();
    const at = ctx.clock().toISOString();
    const committee = ctx.profile.voting.committee;
    const options = [{ key: 'proposed', title: proposedTitle, description: proposedText },
      ...alternatives.map((a, i) => ({ key: `alternative-${i + 1}`, title: a.title, description: a.description }))];
    await repo.insertVote(trx, {
      id, proposal_id: proposal.id, reference: proposal.reference, committee_code: committee, status: 'open', opened_on: on as string,
      closed_on: null, opened_by: actor.name, outcome: null, carried_option: null, action: null, result_json: null, record_html: null,
      record_sha256: null, version: 1, created_at: at, updated_at: at,
    }, options.map((o, position) => ({ id: newId(), vote_id: id, position, ...o })));
    await record(tx, {
      type: 'vote.opened', subject: { id, ref: `${proposal.reference} Change Board vote` }, proposalId: proposal.id, actor, businessDate: on as string,
      label: `Change Board vote opened on ${alternatives.length ? `the proposed solution and ${alternatives.length} ${alternatives.length === 1 ? 'alternative' : 'alternatives'}` : 'the proposed solution'}`,
      payload: { voteId: id, reference: proposal.reference, committee, openedOn: on as string, options: options.map((o) => ({ key: o.key, title: o.title })) },
    });
    return getVote(tx, actor, id);
  });
}

export interface BallotInput {
  choices: { option: string; choice: string; rationale?: string; objectives?: string[] }[];
}

function parseChoices(ctx: ServiceContext, vote: Vote, raw: BallotInput): BallotChoice[] {
  const c = new Checker();
  const objectiveIds = ctx.profile.objectives.map((o) => o.id);
  const seen = new Set<string>();
  const out: BallotChoice[] = [];
  raw.choices.forEach((x, i) => {
    const at = `choices.${i}`;
    if (!vote.options.some((o) => o.key === x.option)) {
      c.fail(`${at}.option`, `is not an option of this vote: ${vote.options.map((o) => o.key).join(', ')}.`);
      return;
    }
    if (seen.has(x.option)) c.fail(`${at}.option`, `${x.option} is chosen twice: one choice per option.`);
    seen.add(x.option);
    const choice = c.oneOf(`${at}.choice`, x.choice, CHOICES, { required: true });
    const rationale = c.text(`${at}.rationale`, x.rationale, { max: 5000 }) ?? '';
    const objectives = [...new Set(x.objectives ?? [])];
    for (const o of objectives) if (!objectiveIds.includes(o)) c.fail(`${at}.objectives`, `"${o}" is not an objective: ${objectiveIds.join(', ')}.`);
    if (choice && choice !== 'abstain') {
      if (!rationale) c.fail(`${at}.rationale`, 'is required: say why, against the code\'s objectives.');
      if (objectives.length === 0) c.fail(`${at}.objectives`, 'is required: name at least one objective the rationale is about.');
    }
    if (choice) out.push({ option: x.option, choice, rationale, objectives });
  });
  for (const o of vote.options) if (!seen.has(o.key)) c.fail('choices', `has no choice for ${o.key} ("${o.title}"): vote on every option.`);
  c.done();
  return vote.options.map((o) => out.find((x) => x.option === o.key)!);
}

/** Casts or changes the member's own ballot in an open vote. */
export async function castBallot(ctx: ServiceContext, actor: Actor, id: string, raw: BallotInput): Promise<VoteDetail> {
  return inTransaction(ctx, async (trx, tx) => {
    await serialise(trx, ctx.db.dialect, voteLock(id));
    const vote = await requireVote(trx, id);
    const [voter] = await rollOf(ctx, trx, vote.committee, actor.id);
    if (!voter) {
      throw new DomainError('NOT_A_VOTING_MEMBER',
        `Only the ${vote.committee} committee's voting members vote: a member account of the committee whose organisation sits in a voting group.`);
    }
    if (vote.status === 'counted') throw new DomainError('VOTE_CLOSED', `The vote closed on ${formatDate(vote.closedOn)}; ballots can no longer be cast or changed.`);
    const choices = parseChoices(ctx, vote, raw);
    const at = ctx.clock().toISOString();
    const existing = await repo.findBallot(trx, id, actor.id);
    const json = JSON.stringify(choices);
    if (existing) {
      if (JSON.stringify(existing.choices) === json) return getVote(tx, actor, id);
      if (!await repo.updateBallot(trx, existing.id, existing.version, { choices_json: json, updated_at: at, group_id: voter.group, organisation_name: voter.organisation })) {
        throw new DomainError('VERSION_CONFLICT', 'The ballot was changed at the same moment; nothing was saved.');
      }
    } else {
      await repo.insertBallot(trx, {
        id: newId(), vote_id: id, account_id: actor.id, voter_name: voter.name, organisation_name: voter.organisation, group_id: voter.group,
        choices_json: json, cast_at: at, updated_at: at, version: 1,
      });
    }
    const groupLabel = ctx.profile.voting.groups.find((g) => g.id === voter.group)?.label ?? voter.group;
    await record(tx, {
      type: existing ? 'vote.ballot-changed' : 'vote.ballot-cast', subject: { id, ref: `${vote.reference} Change Board vote` }, proposalId: vote.proposalId,
      actor, businessDate: today(ctx),
      label: `${voter.name} (${groupLabel}) ${existing ? 'changed their ballot' : 'voted'} in the Change Board vote`,
      payload: { voteId: id, reference: vote.reference, committee: vote.committee, voter: voter.name, organisation: voter.organisation, group: voter.group, choices },
    });
    return getVote(tx, actor, id);
  });
}

export interface CloseInput {
  businessDate?: Loose;
  note?: Loose;
}

/**
 * Closes the vote: the result as it stands, the lifecycle action it drives (decided for a
 * self-governance path, recommended otherwise), the record published, in one transaction.
 */
export async function closeVote(ctx: ServiceContext, actor: Actor, id: string, raw: CloseInput): Promise<VoteDetail> {
  const c = new Checker();
  const on = businessDate(ctx, 'businessDate', raw.businessDate);
  if (typeof on !== 'string') c.fail(on.field, on.message);
  const note = c.text('note', raw.note, { max: 2000 }) ?? '';
  c.done();
  const closedOn = on as string;
  return inTransaction(ctx, async (trx, tx) => {
    await serialise(trx, ctx.db.dialect, voteLock(id));
    const vote = await requireVote(trx, id);
    if (vote.status === 'counted') throw new DomainError('VOTE_CLOSED', `The vote already closed on ${formatDate(vote.closedOn)}.`);
    if (closedOn < vote.openedOn) throw validationError([{ field: 'businessDate', message: `cannot be before the vote opened (${formatDate(vote.openedOn)}).` }]);
    const proposal = await findProposal(tx, trx, vote.reference);
    const roll = await rollOf(ctx, trx, vote.committee);
    const ballots = await repo.ballotsOf(trx, id);
    const result = voteResult(ctx.profile.voting, vote.options, roll, ballots);
    const d = ctx.profile.decisions;
    const selfGoverned = proposal.path !== null && d.selfGovernance.paths.includes(proposal.path);
    const approve = result.outcome === 'approve';
    const carried = vote.options.find((o) => o.key === result.carried) ?? null;
    const summary = carried ? `Change Board vote: "${carried.title}" carried` : 'Change Board vote: no option carried';
    const request = selfGoverned
      ? { action: approve ? d.selfGovernance.approve : d.selfGovernance.reject }
      : { action: d.recommend.action, inputs: { [d.recommend.input]: approve ? d.recommend.approve : d.recommend.reject } };
    const moved = await actOnProposal(tx, actor, proposal.reference, { ...request, businessDate: closedOn, note: note ? `${summary}. ${note}` : `${summary}.` });
    const closed: Vote = { ...vote, status: 'counted', closedOn, outcome: result.outcome, carried: result.carried, action: request.action };
    // The record's renderers (preact, pdfmake) load at the first close, not with every command.
    const { renderRecord } = await import('./record.js');
    const rendered = await renderRecord(ctx, { vote: closed, reference: moved.reference, title: moved.title, result, ballots, roll, selfGoverned, note });
    const recordSha256 = createHash('sha256').update(rendered.html).digest('hex');
    const documents = [];
    for (const file of [{ name: 'vote.pdf', bytes: rendered.pdf }, { name: 'vote.md', bytes: Buffer.from(rendered.markdown, 'utf8') }]) {
      documents.push(await storeDocument(tx, actor, moved.reference, {
        kind: d.voteDocument, versionLabel: 'v1.0', title: `Change Board vote on ${moved.reference}`, restricted: false,
        filename: file.name, bytes: file.bytes, publishedOn: closedOn,
        mediaType: file.name.endsWith('.md') ? 'text/markdown' : 'application/pdf',
      }));
    }
    const at = ctx.clock().toISOString();
    const ok = await repo.closeVote(trx, id, vote.version, {
      closed_on: closedOn, outcome: result.outcome, carried_option: result.carried, action: request.action,
      result_json: JSON.stringify({ options: result.options, ballots }), record_html: rendered.html, record_sha256: recordSha256, updated_at: at,
    });
    if (!ok) throw new DomainError('VERSION_CONFLICT', 'The vote was changed at the same moment; nothing was saved.');
    await record(tx, {
      type: 'vote.closed', subject: { id, ref: `${moved.reference} Change Board vote` }, proposalId: vote.proposalId, actor, businessDate: closedOn,
      label: `Change Board vote closed: ${carried ? `"${carried.title}" carried` : 'no option carried'}`,
      payload: {
        voteId: id, reference: moved.reference, closedOn, outcome: result.outcome, carried: result.carried, action: request.action,
        options: result.options.map((o) => ({
          key: o.key, title: o.title, passes: o.passes, approving: o.approving, counted: o.counted, needed: o.needed,
          groups: o.groups.map((g) => ({ group: g.group, members: g.members, approve: g.approve, reject: g.reject, abstain: g.abstain, position: g.position })),
        })),
        ballots: ballots.map((b) => ({ voter: b.voter, organisation: b.organisation, group: b.group, choices: b.choices })),
        documentIds: documents.map((x) => x.id), recordSha256,
      },
    });
    return getVote(tx, actor, id);
  });
}

/** The frozen HTML record of a closed vote and its SHA-256; NOT_FOUND while the vote is open. */
export async function voteRecord(ctx: ServiceContext, id: string): Promise<{ html: string; sha256: string }> {
  const ex = executor(ctx);
  const vote = await requireVote(ex, id);
  const html = vote.status === 'counted' ? await repo.recordHtml(ex, id) : null;
  if (!html || !vote.recordSha256) throw notFound(`The record of vote ${id}`);
  return { html, sha256: vote.recordSha256 };
}

// ---- Authority decisions -------------------------------------------------------------------

export const AUTHORITY_DECISIONS = ['approve', 'reject', 'send-back'] as const;
export type AuthorityDecision = (typeof AUTHORITY_DECISIONS)[number];
export const DECISION_LABELS: Record<AuthorityDecision, string> = { 'approve': 'Approved', 'reject': 'Rejected', 'send-back': 'Sent back' };

export interface DecisionInput {
  decision?: Loose;
  decidedOn?: Loose;
  title?: Loose;
  note?: Loose;
  file?: ReceivedFile | null;
}

/** Records the Authority's decision with its date and letter (a document), driving the Authority's action. */
export async function recordAuthorityDecision(ctx: ServiceContext, actor: Actor, ref: string, raw: DecisionInput): Promise<{ reference: string; decision: AuthorityDecision; decidedOn: string; documentId: string; action: string }> {
  const c = new Checker();
  const decision = c.oneOf('decision', raw.decision, AUTHORITY_DECISIONS, { required: true });
  const on = businessDate(ctx, 'decidedOn', raw.decidedOn);
  if (typeof on !== 'string') c.fail(on.field, on.message);
  const title = c.text('title', raw.title, { max: 300 }) || 'Authority decision letter';
  const note = c.text('note', raw.note, { max: 2000 }) ?? '';
  if (!raw.file || (raw.file.bytes.length === 0 && !raw.file.filename)) c.fail('file', 'is required: the decision letter.');
  c.done();
  if (raw.file!.truncated) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${Math.round(ctx.maxUploadBytes / 1048576)} MB.`, { fields: [{ field: 'file', message: 'is too large.' }] });
  }
  const decidedOn = on as string;
  const d = ctx.profile.decisions.authority;
  const action = decision === 'approve' ? d.approve : decision === 'reject' ? d.reject : d.sendBack;
  return inTransaction(ctx, async (trx, tx) => {
    const moved = await actOnProposal(tx, actor, ref, { action, businessDate: decidedOn, note });
    const document = await storeDocument(tx, actor, moved.reference, {
      kind: ctx.profile.decisions.authorityDocument, versionLabel: 'v1.0', title, restricted: false,
      filename: raw.file!.filename, bytes: raw.file!.bytes, mediaType: raw.file!.mediaType, publishedOn: decidedOn,
    });
    await repo.insertDecision(trx, {
      id: newId(), proposal_id: moved.id, reference: moved.reference, decision: decision!, decided_on: decidedOn, document_id: document.id,
      note, recorded_by: actor.name, created_at: ctx.clock().toISOString(),
    });
    await record(tx, {
      type: 'authority.decision-recorded', subject: { id: moved.id, ref: moved.reference }, proposalId: moved.id, actor, businessDate: decidedOn,
      label: `Authority decision recorded (${DECISION_LABELS[decision!].toLowerCase()}), with the decision letter`,
      payload: { reference: moved.reference, decision: decision!, decidedOn, documentId: document.id, action, note },
    });
    return { reference: moved.reference, decision: decision!, decidedOn, documentId: document.id, action };
  });
}

/** The states the Authority's decision actions start from (the change is with the Authority). */
export function authorityStates(ctx: ServiceContext): string[] {
  const d = ctx.profile.decisions.authority;
  const ids = [d.approve, d.reject, d.sendBack];
  return [...new Set(ctx.profile.actions.filter((a) => ids.includes(a.id)).flatMap((a) => a.from))];
}

export async function decisionsOfChange(ctx: ServiceContext, proposalId: string) {
  return repo.decisionsOf(executor(ctx), proposalId);
}

// ---- Appeals -------------------------------------------------------------------------------

export interface Appeal {
  id: string;
  reference: string;
  organisation: string;
  raisedBy: string;
  grounds: string;
  raisedOn: string;
  againstAction: string;
  againstOn: string;
  windowClosesOn: string;
  status: 'open' | 'upheld' | 'dismissed';
  decidedOn: string | null;
  decisionNote: string;
}

const toAppeal = (r: Awaited<ReturnType<typeof repo.appealsOf>>[number]): Appeal => ({
  id: r.id, reference: r.reference, organisation: r.organisation_name, raisedBy: r.raised_by, grounds: r.grounds, raisedOn: r.raised_on,
  againstAction: r.against_action, againstOn: r.against_on, windowClosesOn: r.window_closes_on, status: r.status, decidedOn: r.decided_on,
  decisionNote: r.decision_note,
});

export async function appealsOfChange(ctx: ServiceContext, proposalId: string): Promise<Appeal[]> {
  return (await repo.appealsOf(executor(ctx), proposalId)).map(toAppeal);
}

/** The appeal window of the change's last appealable decision: that decision and the window's last day; null when none. */
export async function appealWindow(ctx: ServiceContext, ex: Executor, proposalId: string): Promise<{ action: string; decidedOn: string; closesOn: string } | null> {
  const decided = await repo.lastDecision(ex, proposalId, ctx.profile.deadlines.appealWindow.afterActions);
  return decided ? { action: decided.action, decidedOn: decided.date, closesOn: dueOn(ctx.profile, 'appeal-window', decided.date) } : null;
}

/** The change's appeal window as it stands (null when it has no appealable decision), for pages and the CLI. */
export async function appealWindowOf(ctx: ServiceContext, proposalId: string): Promise<{ action: string; decidedOn: string; closesOn: string; open: boolean } | null> {
  const window = await appealWindow(ctx, executor(ctx), proposalId);
  return window && { ...window, open: today(ctx) >= window.decidedOn && today(ctx) <= window.closesOn };
}

export interface AppealInput {
  grounds?: Loose;
  raisedOn?: Loose;
}

/** A Party appeals the change's self-governance decision, for its organisation, inside the window. */
export async function raiseAppeal(ctx: ServiceContext, actor: Actor, ref: string, raw: AppealInput): Promise<Appeal> {
  const c = new Checker();
  const grounds = c.text('grounds', raw.grounds, { required: true, max: 10000 });
  const on = businessDate(ctx, 'raisedOn', raw.raisedOn);
  if (typeof on !== 'string') c.fail(on.field, on.message);
  c.done();
  const raisedOn = on as string;
  if (!actor.organisationId) throw new DomainError('FORBIDDEN', 'An appeal is raised by a Party user for their organisation.');
  return inTransaction(ctx, async (trx, tx) => {
    const proposal = await findProposal(tx, trx, ref);
    await serialise(trx, ctx.db.dialect, `appeals-of:${proposal.id}`);
    const window = await appealWindow(ctx, trx, proposal.id);
    if (!window) throw new DomainError('NOT_APPEALABLE', `${proposal.reference} has no self-governance decision to appeal.`);
    if (raisedOn < window.decidedOn) throw validationError([{ field: 'raisedOn', message: `cannot be before the decision (${formatDate(window.decidedOn)}).` }]);
    if (raisedOn > window.closesOn) {
      throw new DomainError('APPEAL_WINDOW_CLOSED',
        `The appeal window on ${proposal.reference} closed on ${formatDate(window.closesOn)} (${ctx.profile.deadlines.appealWindow.workingDays} Working Days after the decision of ${formatDate(window.decidedOn)}).`,
        { windowClosesOn: window.closesOn });
    }
    const org = await trx.selectFrom('organisations').select(['id', 'name']).where('id', '=', actor.organisationId!).executeTakeFirst();
    if (!org) throw new DomainError('FORBIDDEN', 'Your account names no organisation that can appeal.');
    const existing = (await repo.appealsOf(trx, proposal.id)).find((a) => a.organisation_id === org.id && a.status === 'open');
    if (existing) throw new DomainError('ALREADY_EXISTS', `${org.name} already has an open appeal on ${proposal.reference} (raised ${formatDate(existing.raised_on)}).`);
    const at = ctx.clock().toISOString();
    const id = newId();
    await repo.insertAppeal(trx, {
      id, proposal_id: proposal.id, reference: proposal.reference, organisation_id: org.id, organisation_name: org.name, raised_by: actor.name,
      grounds: grounds!, raised_on: raisedOn, against_action: window.action, against_on: window.decidedOn, window_closes_on: window.closesOn,
      status: 'open', decided_on: null, decision_note: '', version: 1, created_at: at, updated_at: at,
    });
    await record(tx, {
      type: 'appeal.raised', subject: { id, ref: `${proposal.reference} appeal` }, proposalId: proposal.id, actor, businessDate: raisedOn,
      label: `Appeal to the Authority raised by ${org.name}; the change is held until it is decided`,
      payload: {
        appealId: id, reference: proposal.reference, organisation: org.name, grounds: grounds!, raisedOn,
        againstAction: window.action, againstOn: window.decidedOn, windowClosesOn: window.closesOn,
      },
    });
    return toAppeal((await repo.findAppeal(trx, id))!);
  });
}

export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;

export interface AppealDecisionInput {
  outcome?: Loose;
  decidedOn?: Loose;
  note?: Loose;
}

/** Records the Authority's decision on an appeal: upheld or dismissed; either way the change is no longer held by it. */
export async function decideAppeal(ctx: ServiceContext, actor: Actor, id: string, raw: AppealDecisionInput): Promise<Appeal> {
  const c = new Checker();
  const outcome = c.oneOf('outcome', raw.outcome, APPEAL_OUTCOMES, { required: true });
  const on = businessDate(ctx, 'decidedOn', raw.decidedOn);
  if (typeof on !== 'string') c.fail(on.field, on.message);
  const note = c.text('note', raw.note, { max: 5000 }) ?? '';
  c.done();
  const decidedOn = on as string;
  return inTransaction(ctx, async (trx, tx) => {
    const appeal = await repo.findAppeal(trx, id);
    if (!appeal) throw notFound(`Appeal ${id}`);
    if (appeal.status !== 'open') throw new DomainError('ACTION_NOT_ALLOWED', `The appeal was already decided (${appeal.status}) on ${formatDate(appeal.decided_on)}.`);
    if (decidedOn < appeal.raised_on) throw validationError([{ field: 'decidedOn', message: `cannot be before the appeal was raised (${formatDate(appeal.raised_on)}).` }]);
    if (!await repo.decideAppeal(trx, id, Number(appeal.version), { status: outcome!, decided_on: decidedOn, decision_note: note, updated_at: ctx.clock().toISOString() })) {
      throw new DomainError('VERSION_CONFLICT', 'The appeal was changed at the same moment; nothing was saved.');
    }
    await record(tx, {
      type: 'appeal.decided', subject: { id, ref: `${appeal.reference} appeal` }, proposalId: appeal.proposal_id, actor, businessDate: decidedOn,
      label: `Appeal by ${appeal.organisation_name} ${outcome} by the Authority`,
      payload: { appealId: id, reference: appeal.reference, organisation: appeal.organisation_name, outcome: outcome!, decidedOn, note },
    });
    return toAppeal((await repo.findAppeal(trx, id))!);
  });
}

/** The fact the schedule action's guard asks for: no appeal is open on the change. */
export const noOpenAppeal: FactProvider = {
  name: 'no-open-appeal',
  description: 'No appeal against the change\'s self-governance decision is waiting for the Authority (votes module).',
  read: async (ctx, proposal) => !await repo.hasOpenAppeal(executor(ctx), proposal.id),
};
