// Use cases of the register. Each is one function and one transaction: the web form, the JSON
// route and the CLI all call these, and none of them holds a business rule of its own.
import { PUBLIC, type Actor } from '../accounts/accounts.js';
import { readerFilter } from '../accounts/permissions.js';
import { executor, inTransaction, newId, record, type EventInput, type ServiceContext } from '../context.js';
import type { Executor } from '../database.js';
import { readFacts } from '../facts.js';
import type { ReferenceChange, Referenced } from '../references.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { serialise } from '../../platform/db/database.js';
import type { EventType } from '../../platform/events/catalog.js';
import { diff } from '../../platform/events/changes.js';
import { lastBusinessDate, readAbout, type StoredEvent } from '../../platform/events/stream.js';
import { formatDate } from '../../process/dates.js';
import { nameKey } from '../../process/releases.js';
import { decide, actionsFrom, findState, type AvailableAction, type ProposalFacts } from '../../process/workflow.js';
import {
  formatReference, isBlankProblemStatement, nextProblemStatementLabel, parseReference,
  slugify, type ProblemStatementVersion, type Proposal,
} from './proposals.js';
import { PROPOSAL_FIELD_LABELS } from './events.js';
import * as repo from './repository.js';
import type { ProposalsTable } from './tables.js';
import { parseEdit, parseRaise, parseBusinessDate, parseListQuery, type EditInput, type ListQuery, type RaiseInput } from './validation.js';
import { resolveParties } from './parties.js';

/** The register's list filters, for modules that combine them with their own (search). */
export { applyListFilters, type ListFilters } from './repository.js';
export { parseListQuery, type ListQuery } from './validation.js';

export interface ProposalDetail {
  proposal: Proposal;
  problemStatements: ProblemStatementVersion[];
  /** The timeline: the events about the change that the viewer may read, in business-date order. */
  events: StoredEvent[];
  actions: AvailableAction[];
}

export interface ActionRequest {
  action: string;
  businessDate?: string;
  note?: string;
  inputs?: Record<string, string | undefined>;
  /** When given, the action is refused if the proposal has changed since this version. */
  expectedVersion?: number;
  /** The meeting where a committee took it: the timeline says so. */
  source?: { meetingId: string; label: string };
}

function now(ctx: ServiceContext): string {
  return ctx.clock().toISOString();
}

export function factsOf(proposal: Proposal, statements: ProblemStatementVersion[], provided: Record<string, boolean> = {}): ProposalFacts {
  const latest = statements[statements.length - 1];
  return {
    state: proposal.state,
    heldFromState: proposal.heldFromState,
    path: proposal.path,
    hasDraftProblemStatement: latest?.status === 'draft',
    hasAgreedProblemStatement: statements.some((s) => s.status === 'agreed'),
    provided,
  };
}

/** The facts the guards of the actions open now ask for, from the modules that provide them. */
async function gatherFacts(ctx: ServiceContext, proposal: Proposal, statements: ProblemStatementVersion[]): Promise<ProposalFacts> {
  return factsOf(proposal, statements, await readFacts(ctx, proposal));
}

/** Finds a change by DP092, MP092, MP102A or a legacy reference such as SECMP0032. */
export async function findProposal(ctx: ServiceContext, ex: Executor, ref: string): Promise<Proposal> {
  const parsed = parseReference(ctx.profile.references, ref);
  if (!parsed) throw notFound(`Proposal "${ref}"`);
  const proposal = parsed.inFamily
    ? await repo.findProposalByNumber(ex, ctx.profile.references.series, parsed.number, parsed.variant)
    : await repo.findProposalByReference(ex, ref.trim().toUpperCase());
  if (!proposal) throw notFound(`Proposal ${ref.trim().toUpperCase()}`);
  return proposal;
}

/** What a change's rendered answers depend on, by DP092, MP092 or a legacy reference: one narrow query. */
export async function stampOf(ctx: ServiceContext, ref: string): Promise<repo.ChangeStamp> {
  const parsed = parseReference(ctx.profile.references, ref);
  const stamp = !parsed ? null : parsed.inFamily
    ? await repo.findStamp(executor(ctx), { series: ctx.profile.references.series, number: parsed.number, variant: parsed.variant })
    : await repo.findStamp(executor(ctx), { reference: ref.trim().toUpperCase() });
  if (!stamp) throw notFound(`Proposal ${ref.trim().toUpperCase()}`);
  return stamp;
}

/** The same by a slug the change has or had; `withPosition` reads the stream's last position with it. */
export async function stampBySlug(ctx: ServiceContext, slug: string, options: { withPosition?: boolean } = {}): Promise<repo.ChangeStamp | null> {
  return repo.findStamp(executor(ctx), { slug, withPosition: options.withPosition });
}

export async function getProposal(ctx: ServiceContext, ref: string): Promise<Proposal> {
  return findProposal(ctx, executor(ctx), ref);
}

/** A change with everything its page shows; `withEvents: false` skips the timeline (the API's detail leaves it to /events). */
export interface DetailOptions {
  /** Skip the timeline (the API's detail leaves it to /events). */
  withEvents?: boolean;
  /** Whose page it is: the timeline shows only what they may read (the public when absent). */
  viewer?: Actor;
}

export async function getProposalDetail(ctx: ServiceContext, ref: string, options: DetailOptions = {}): Promise<ProposalDetail> {
  const ex = executor(ctx);
  const proposal = await findProposal(ctx, ex, ref);
  return detailOf(ctx, ex, proposal, options);
}

export async function getProposalDetailBySlug(ctx: ServiceContext, slug: string, options: DetailOptions = {}): Promise<ProposalDetail | null> {
  const ex = executor(ctx);
  const proposal = await repo.findProposalBySlug(ex, slug);
  return proposal ? detailOf(ctx, ex, proposal, options) : null;
}

async function detailOf(ctx: ServiceContext, ex: Executor, proposal: Proposal, options: DetailOptions): Promise<ProposalDetail> {
  const [problemStatements, events] = await Promise.all([
    repo.listProblemStatementVersions(ex, proposal.id),
    options.withEvents === false ? Promise.resolve([]) : timelineOf(ctx, ex, proposal.id, options.viewer ?? PUBLIC),
  ]);
  const actions = actionsFrom(ctx.profile, await gatherFacts(ctx, proposal, problemStatements));
  return { proposal, problemStatements, events, actions };
}

/** The stream filtered to one change: its own events and those of meetings, views and papers about it. */
async function timelineOf(ctx: ServiceContext, ex: Executor, proposalId: string, viewer: Actor): Promise<StoredEvent[]> {
  const shown = ctx.catalog.types.filter((t) => ctx.catalog.definition(t)?.timeline !== false);
  return readAbout(ex, readerFilter(viewer), { proposalId }, { types: shown });
}

export async function listProposals(ctx: ServiceContext, query: ListQuery) {
  const filters = parseListQuery(ctx.profile, query);
  const result = await repo.listProposals(executor(ctx), filters);
  return { ...result, limit: filters.limit, offset: filters.offset };
}

/** Every change the list's filters match (no page: for downloads), in the list's order. */
export async function listAllProposals(ctx: ServiceContext, query: ListQuery): Promise<Proposal[]> {
  const filters = parseListQuery(ctx.profile, { ...query, limit: undefined, offset: undefined });
  const { items } = await repo.listProposals(executor(ctx), { ...filters, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
  return items;
}

export async function listEventsOf(ctx: ServiceContext, ref: string, viewer: Actor = PUBLIC): Promise<StoredEvent[]> {
  const ex = executor(ctx);
  const proposal = await findProposal(ctx, ex, ref);
  return timelineOf(ctx, ex, proposal.id, viewer);
}

function checkBusinessDate(
  ctx: ServiceContext, given: string | undefined, notBefore?: { date: string; what: string }, field = 'businessDate',
): string {
  const result = parseBusinessDate(given, ctx.clock());
  if (typeof result !== 'string') throw validationError([{ ...result, field }]);
  if (notBefore && result < notBefore.date) {
    throw validationError([{ field, message: `cannot be before ${notBefore.what} (${formatDate(notBefore.date)}).` }]);
  }
  return result;
}

const sinceRaised = (p: Proposal) => ({ date: p.raisedOn, what: 'the change was raised' });

const LIFECYCLE_STEPS: EventType[] = ['proposal.raised', 'proposal.action-taken'];

/** The business date of the change's latest lifecycle step (raising it, or an action of the profile). */
async function lastStepDate(ex: Executor, proposalId: string): Promise<string> {
  return (await lastBusinessDate(ex, proposalId, LIFECYCLE_STEPS)) ?? '0000-01-01';
}

/**
 * The one door through which the register changes: the row is updated only if it is still at the
 * version read (so two writers never both win) and the event is appended in the same transaction.
 */
async function commitChange<T extends EventType>(
  ctx: ServiceContext, current: Proposal, patch: Partial<ProposalsTable>, event: Omit<EventInput<T>, 'subject'> & { subject?: EventInput<T>['subject'] },
): Promise<void> {
  if (!await repo.updateProposal(executor(ctx), current.id, current.version, patch)) {
    throw new RaceLost('VERSION_CONFLICT', conflict(current).message, { currentVersion: current.version });
  }
  await record(ctx, { ...event, subject: event.subject ?? { id: current.id, ref: current.reference } });
}

const fieldNames = (fields: string[]) => fields.map((f) => PROPOSAL_FIELD_LABELS[f] ?? f).join(', ');

/** The release a user named, found (or refused, in its own words) by the module that keeps releases. */
async function findTargetRelease(ctx: ServiceContext, given: string, businessDate: string): Promise<Referenced> {
  const provider = ctx.references.get('targetRelease');
  if (!provider) throw validationError([{ field: 'targetRelease', message: 'cannot be set: no module keeps releases.' }]);
  return provider.resolve(ctx, given, businessDate);
}

/** Tells the module that keeps releases, in the command's transaction, that a change's target moved. */
async function targetReleaseMoved(ctx: ServiceContext, change: ReferenceChange): Promise<void> {
  if (change.from?.id === change.to?.id) return;
  await ctx.references.get('targetRelease')?.changed(ctx, change);
}

/** Whether what the user typed names the release the change already has (its id or its name). */
function sameRelease(current: Proposal['targetRelease'], given: string): boolean {
  return !!current && (given === current.id || nameKey(given) === nameKey(current.name));
}

async function uniqueSlug(ex: Executor, title: string): Promise<string> {
  const base = slugify(title);
  let slug = base;
  for (let n = 2; await repo.slugTaken(ex, slug, null); n += 1) slug = `${base}-${n}`;
  return slug;
}

/** Raise a Draft Proposal: the number is assigned and its timeline starts. */
export async function raiseProposal(ctx: ServiceContext, actor: Actor, raw: RaiseInput): Promise<Proposal> {
  const input = parseRaise(ctx.profile, raw);
  const raisedOn = checkBusinessDate(ctx, input.raisedOn, undefined, 'raisedOn');
  const { series, prefixes } = ctx.profile.references;
  return inTransaction(ctx, async (trx, tx) => {
    const parties = await resolveParties(trx, input, now(ctx));
    // Two raises at once must not take the same number: numbering is serialised per series.
    await serialise(trx, ctx.db.dialect, `proposal-number:${series}`);
    const number = input.number ?? await repo.nextNumber(trx, series);
    if (await repo.findProposalByNumber(trx, series, number, '')) {
      throw new DomainError('ALREADY_EXISTS', `A change numbered ${number} already exists.`, { fields: [{ field: 'number', message: 'This number is taken.' }] });
    }
    if (input.slug && await repo.slugTaken(trx, input.slug, null)) {
      throw validationError([{ field: 'slug', message: `The address "${input.slug}" is already used.` }]);
    }
    const at = now(ctx);
    const row: ProposalsTable = {
      id: newId(), series, number, variant: '', prefix: prefixes[0],
      reference: formatReference(ctx.profile.references, prefixes[0], number, ''),
      title: input.title, slug: input.slug ?? await uniqueSlug(trx, input.title),
      state: ctx.profile.initialState, held_from_state: null,
      proposer_id: parties.proposerId, organisation_id: parties.organisationId, lead_analyst_id: parties.leadAnalystId,
      raised_on: raisedOn, path: null, fast_track: 0, urgent: input.urgent ? 1 : 0,
      target_release_id: null, target_release: null, implementation_date: null,
      latest_update: input.latestUpdate ?? '', summary: input.summary ?? '', solution: '',
      impacted_categories: JSON.stringify(input.impactedCategories ?? []),
      documents_affected: JSON.stringify(input.documentsAffected ?? []),
      version: 1, created_at: at, updated_at: at,
    };
    await repo.insertProposal(trx, row);
    await record(tx, {
      type: 'proposal.raised', subject: { id: row.id, ref: row.reference }, label: ctx.profile.words.raised,
      actor, businessDate: raisedOn,
      payload: {
        reference: row.reference, title: row.title, state: row.state,
        changes: diff({}, { reference: row.reference, title: row.title, proposer: parties.proposerName,
          organisation: parties.organisationName, leadAnalyst: parties.leadAnalystName, summary: row.summary }),
      },
    });
    // The raise form sends the blank template; only a statement with content becomes draft v0.1.
    if (input.problemStatement && !isBlankProblemStatement(input.problemStatement)) {
      await repo.insertProblemStatementVersion(trx, row.id, {
        id: newId(), seq: 1, label: nextProblemStatementLabel(null, false), status: 'draft',
        body: input.problemStatement, businessDate: raisedOn, createdAt: at, createdBy: actor.name,
      });
    }
    return (await repo.findProposalById(trx, row.id))!;
  });
}

function registerValues(p: Proposal) {
  return {
    title: p.title, slug: p.slug, summary: p.summary, solution: p.solution, latestUpdate: p.latestUpdate,
    proposer: p.proposer?.name ?? null, organisation: p.organisation?.name ?? null,
    leadAnalyst: p.leadAnalyst?.name ?? null, urgent: p.urgent, targetRelease: p.targetRelease?.name ?? null,
    impactedCategories: p.impactedCategories, documentsAffected: p.documentsAffected,
  };
}

/** Edit register fields. Refused with VERSION_CONFLICT when the change moved on since `expectedVersion`. */
export async function editProposal(
  ctx: ServiceContext, actor: Actor, ref: string, expectedVersion: number, raw: EditInput,
): Promise<Proposal> {
  const input = parseEdit(ctx.profile, raw);
  return inTransaction(ctx, async (trx, tx) => {
    const current = await findProposal(ctx, trx, ref);
    assertVersion(current, expectedVersion);
    const businessDate = checkBusinessDate(ctx, input.businessDate, sinceRaised(current));
    const at = now(ctx);
    const parties = await resolveParties(trx, {
      proposer: input.proposer !== undefined ? input.proposer : current.proposer?.name ?? null,
      organisation: input.organisation !== undefined ? input.organisation : current.organisation?.name ?? null,
      leadAnalyst: input.leadAnalyst !== undefined ? input.leadAnalyst : current.leadAnalyst?.name ?? null,
    }, at);
    const target = input.targetRelease === undefined || (input.targetRelease !== null && sameRelease(current.targetRelease, input.targetRelease))
      ? current.targetRelease
      : input.targetRelease === null ? null : await findTargetRelease(tx, input.targetRelease, businessDate);
    const newSlug = input.slug && input.slug !== current.slug ? input.slug : null;
    if (newSlug && await repo.slugTaken(trx, newSlug, current.id)) {
      throw validationError([{ field: 'slug', message: `The address "${newSlug}" is already used by another change.` }]);
    }
    const patch: Partial<ProposalsTable> = {
      title: input.title ?? current.title,
      slug: input.slug ?? current.slug,
      summary: input.summary ?? current.summary,
      solution: input.solution ?? current.solution,
      latest_update: input.latestUpdate ?? current.latestUpdate,
      urgent: (input.urgent ?? current.urgent) ? 1 : 0,
      target_release_id: target?.id ?? null,
      target_release: target?.name ?? null,
      impacted_categories: JSON.stringify(input.impactedCategories ?? current.impactedCategories),
      documents_affected: JSON.stringify(input.documentsAffected ?? current.documentsAffected),
      proposer_id: parties.proposerId, organisation_id: parties.organisationId, lead_analyst_id: parties.leadAnalystId,
    };
    const before = registerValues(current);
    const after = {
      ...before,
      title: patch.title, slug: patch.slug, summary: patch.summary, solution: patch.solution,
      latestUpdate: patch.latest_update, urgent: patch.urgent === 1, targetRelease: target?.name ?? null,
      impactedCategories: JSON.parse(patch.impacted_categories!), documentsAffected: JSON.parse(patch.documents_affected!),
      proposer: parties.proposerName, organisation: parties.organisationName, leadAnalyst: parties.leadAnalystName,
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length === 0) return current;
    await commitChange(tx, current, { ...patch, updated_at: at }, {
      type: 'proposal.edited', label: `Register entry edited: ${fieldNames(Object.keys(changes))}`, actor, businessDate,
      payload: { reference: current.reference, changes, note: input.note ?? '' },
    });
    if (newSlug) await repo.moveSlug(trx, current.id, current.slug, newSlug, at);
    await targetReleaseMoved(tx, { actor, change: current, from: current.targetRelease, to: target, action: null, businessDate });
    return (await repo.findProposalById(trx, current.id))!;
  });
}

/** The conditional update found the change moved on since it was read: another writer won. Nothing was written. */
class RaceLost extends DomainError {}

/**
 * Runs a command's body again when another writer changed the change between its read and its
 * conditional update, and the caller named no version (no If-Match): the body reads and decides
 * again, so the command is judged against what is there now (and refused, if it no longer fits).
 * The body's first write must be commitChange, so a lost race has written nothing.
 */
async function againOnRace<T>(expectedVersion: number | undefined, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof RaceLost) || expectedVersion !== undefined) throw error;
      if (attempt >= 3) {
        throw new DomainError('WRITE_CONFLICT', 'Others kept changing this change at the same moment; nothing was saved. Try again.');
      }
    }
  }
}

function assertVersion(current: Proposal, expected: number | undefined): void {
  if (expected !== undefined && expected !== current.version) throw conflict(current);
}

function conflict(current: Proposal): DomainError {
  return new DomainError('VERSION_CONFLICT',
    `${current.reference} was changed by someone else since you loaded it. Reload to see the current version.`,
    { currentVersion: current.version });
}

/** Take a lifecycle action: the engine decides, then the change and its event are written together. */
export async function actOnProposal(ctx: ServiceContext, actor: Actor, ref: string, request: ActionRequest): Promise<Proposal> {
  return inTransaction(ctx, (trx, tx) => againOnRace(request.expectedVersion, async () => {
    const current = await findProposal(ctx, trx, ref);
    const statements = await repo.listProblemStatementVersions(trx, current.id);
    const decision = decide(ctx.profile, await gatherFacts(tx, current, statements), request.action, request.inputs ?? {});
    if (!decision.ok) {
      const { code, message, ...details } = decision.refusal;
      throw new DomainError(code, message, details);
    }
    assertVersion(current, request.expectedVersion);
    // The lifecycle reads in date order: a step cannot be dated before the step it follows.
    const lastStep = await lastStepDate(trx, current.id);
    const businessDate = checkBusinessDate(ctx, request.businessDate, { date: lastStep, what: 'the last step of this change' });
    const { outcome } = decision;
    const at = now(ctx);
    const prefix = outcome.changes.prefix ?? current.prefix;
    const patch: Partial<ProposalsTable> = {
      state: outcome.toState,
      prefix,
      reference: formatReference(ctx.profile.references, prefix, current.number, current.variant,
        current.reference.length - current.prefix.length - current.variant.length),
      updated_at: at,
    };
    if (outcome.changes.path !== undefined) patch.path = outcome.changes.path;
    const target = outcome.changes.targetRelease !== undefined
      ? await findTargetRelease(tx, outcome.changes.targetRelease, businessDate) : current.targetRelease;
    patch.target_release_id = target?.id ?? null;
    patch.target_release = target?.name ?? null;
    if (outcome.changes.fastTrack) patch.fast_track = 1;
    if (outcome.changes.urgent) patch.urgent = 1;
    if (outcome.changes.heldFromState !== undefined) patch.held_from_state = outcome.changes.heldFromState;
    if (outcome.setImplementationDate) patch.implementation_date = businessDate;
    const latest = statements[statements.length - 1];
    const agreed = outcome.agreeProblemStatement ? nextProblemStatementLabel(latest.label, true) : null;
    const changes = diff(
      { state: current.state, reference: current.reference, path: current.path, targetRelease: current.targetRelease?.name ?? null,
        fastTrack: current.fastTrack, heldFromState: current.heldFromState, implementationDate: current.implementationDate,
        ...(agreed ? { problemStatement: `v${latest.label}` } : {}) },
      { state: patch.state, reference: patch.reference, path: patch.path ?? current.path,
        targetRelease: target?.name ?? null, fastTrack: patch.fast_track === 1 || current.fastTrack,
        heldFromState: patch.held_from_state !== undefined ? patch.held_from_state : current.heldFromState,
        implementationDate: patch.implementation_date ?? current.implementationDate,
        ...(agreed ? { problemStatement: `v${agreed}` } : {}) },
    );
    await commitChange(tx, current, patch, {
      type: 'proposal.action-taken', subject: { id: current.id, ref: patch.reference! },
      action: outcome.action.id, meetingId: request.source?.meetingId ?? null,
      label: request.source ? `${outcome.action.eventLabel}, at ${request.source.label}` : outcome.action.eventLabel,
      actor, businessDate,
      payload: {
        reference: patch.reference!, action: outcome.action.id, fromState: current.state, toState: outcome.toState,
        inputs: outcome.inputs, changes, note: request.note?.trim() ?? '', meetingId: request.source?.meetingId ?? null,
      },
    });
    await targetReleaseMoved(tx, {
      actor, change: { id: current.id, reference: patch.reference! }, from: current.targetRelease, to: target, action: outcome.action.id, businessDate,
    });
    if (agreed) {
      await repo.insertProblemStatementVersion(trx, current.id, {
        id: newId(), seq: latest.seq + 1, label: agreed, status: 'agreed', body: latest.body, businessDate, createdAt: at, createdBy: actor.name,
      });
      await record(tx, {
        type: 'problem-statement.agreed', subject: { id: current.id, ref: patch.reference! }, label: `Problem statement v${agreed} agreed`,
        actor, businessDate, payload: { reference: patch.reference!, version: agreed, basedOn: latest.label, action: outcome.action.id },
      });
    }
    return (await repo.findProposalById(trx, current.id))!;
  }));
}

/** A closed change's problem statement is history: it can no longer change. */
export function canChangeProblemStatement(ctx: ServiceContext, proposal: Pick<Proposal, 'state'>): boolean {
  return !findState(ctx.profile, proposal.state).terminal;
}

/** Save a new version of the problem statement (a draft); versions are never rewritten. */
export async function saveProblemStatement(
  ctx: ServiceContext, actor: Actor, ref: string,
  input: { body: string; businessDate?: string; expectedVersion?: number; note?: string },
): Promise<ProblemStatementVersion> {
  const body = typeof input.body === 'string' ? input.body.replace(/\r\n/g, '\n').trim() : '';
  if (isBlankProblemStatement(body)) {
    throw validationError([{ field: 'body', message: 'Write at least one section; the headings alone are not a problem statement.' }]);
  }
  if (body.length > 100_000) throw validationError([{ field: 'body', message: 'The problem statement is too long (100,000 characters at most).' }]);
  return inTransaction(ctx, (trx, tx) => againOnRace(input.expectedVersion, async () => {
    const current = await findProposal(ctx, trx, ref);
    assertVersion(current, input.expectedVersion);
    if (!canChangeProblemStatement(ctx, current)) {
      throw new DomainError('ACTION_NOT_ALLOWED', `${current.reference} is closed; its problem statement can no longer change.`, { allowed: [] });
    }
    const businessDate = checkBusinessDate(ctx, input.businessDate, sinceRaised(current));
    const statements = await repo.listProblemStatementVersions(trx, current.id);
    const latest = statements[statements.length - 1];
    if (latest && latest.body === body) return latest;
    const at = now(ctx);
    const version: ProblemStatementVersion = {
      id: newId(), seq: (latest?.seq ?? 0) + 1, label: nextProblemStatementLabel(latest?.label ?? null, false),
      status: 'draft', body, businessDate, createdAt: at, createdBy: actor.name,
    };
    await commitChange(tx, current, { updated_at: at }, {
      type: 'problem-statement.saved', label: `Problem statement v${version.label} saved`, actor, businessDate,
      payload: { reference: current.reference, version: version.label, previous: latest?.label ?? null, note: input.note?.trim() ?? '' },
    });
    await repo.insertProblemStatementVersion(trx, current.id, version);
    return version;
  }));
}

export type RaiseBody = RaiseInput;
export type EditBody = EditInput;
