// Use cases of papers: preview a committee's paper for a meeting, edit its text before issuing,
// issue it (freeze every format with its SHA-256), and fetch frozen versions byte for byte.
import { createHash } from 'node:crypto';
import type { Actor } from '../accounts/accounts.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import { requireCommittee } from '../committees/service.js';
import { findMeetingOn, listMeetings, previousMeeting } from '../committees/repository.js';
import { findProposal } from '../proposals/service.js';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { diff } from '../../platform/events/changes.js';
import { Checker, MAX_DB_INTEGER, type Loose } from '../../platform/validation.js';
import { formatDate, londonDate } from '../../process/dates.js';
import type { CommitteeDef } from '../../process/profile.js';
import { diffOwnedLines, type LineChange } from './diff.js';
import { MEDIA_TYPES, PAPER_FORMATS, paperFilename, renderPaper, type PaperFormat } from './formats.js';
import { paperPeriod, selectPaper, type PaperContent } from './papers.js';
import { PAPER_FIELD_LABELS } from './events.js';
import { markdownLines } from './render-markdown.js';
import * as repo from './repository.js';
import type { PaperDraftsTable, PaperVersionsTable } from './tables.js';

export interface PaperRequest {
  committee?: Loose;
  date?: Loose;
}

function parseRequest(ctx: ServiceContext, raw: PaperRequest): { committee: CommitteeDef; date: string } {
  const committee = requireCommittee(ctx, raw.committee);
  const c = new Checker();
  const date = c.date('date', raw.date);
  if (!date) c.fail('date', 'is required (the meeting date, YYYY-MM-DD).');
  c.done();
  return { committee, date: date! };
}

export function parseFormat(value: Loose): PaperFormat {
  const c = new Checker();
  const format = c.oneOf('format', value ?? 'html', PAPER_FORMATS);
  c.done();
  return format!;
}

/** The paper as it would be issued now: the selection rules applied to the register. */
export async function buildPaper(ctx: ServiceContext, raw: PaperRequest): Promise<PaperContent> {
  const { committee, date } = parseRequest(ctx, raw);
  const ex = executor(ctx);
  const meeting = await findMeetingOn(ex, committee.code, date);
  if (!meeting) {
    const dates = (await listMeetings(ex, { committee: committee.code })).map((m) => m.date).sort();
    throw new DomainError('NOT_FOUND', `The ${committee.shortName} has no meeting on ${formatDate(date)}. Its meetings: ${dates.length ? dates.map(formatDate).join(', ') : 'none yet'}.`,
      { fields: [{ field: 'date', message: `no ${committee.code} meeting that day.` }], meetings: dates });
  }
  const previous = await previousMeeting(ex, committee.code, date);
  const draft = await repo.findDraft(ex, committee.code, date);
  const conversions = ctx.profile.actions.filter((a) => a.effects.prefix).map((a) => a.id);
  const period = paperPeriod(date, previous?.date ?? null);
  const changes = await repo.changesInPeriod(ex, ctx.profile.references, period, conversions, committee.impactArea?.id ?? null);
  return selectPaper({
    profile: ctx.profile, committee, date, previousMeeting: previous?.date ?? null, changes, publicBaseUrl: ctx.publicBaseUrl,
    defaultAuthor: 'Secretariat',
    text: draft ? {
      author: draft.author, team: draft.team, recommendation: draft.recommendation,
      purpose: draft.purpose ? JSON.parse(draft.purpose) as string[] : undefined,
    } : {},
  });
}

export async function previewPaper(ctx: ServiceContext, raw: PaperRequest & { format?: Loose }) {
  const format = parseFormat(raw.format);
  const paper = await buildPaper(ctx, raw);
  return { paper, format, mediaType: MEDIA_TYPES[format], filename: paperFilename(paper, format), body: await renderPaper(paper, format) };
}

export interface DraftTextInput {
  author?: Loose;
  team?: Loose;
  purpose?: Loose;
  recommendation?: Loose;
  expectedVersion?: number;
}

async function ensureDraft(ctx: ServiceContext, committee: CommitteeDef, date: string, actor: Actor): Promise<PaperDraftsTable> {
  const ex = executor(ctx);
  const existing = await repo.findDraft(ex, committee.code, date);
  if (existing) return existing;
  const at = ctx.clock().toISOString();
  const row: PaperDraftsTable = {
    id: newId(), committee_code: committee.code, date, author: actor.name, team: ctx.profile.paper.team,
    purpose: '', recommendation: '', version: 1, created_at: at, updated_at: at,
  };
  await repo.insertDraft(ex, row);
  return row;
}

/** The Secretariat edits the standing text (purpose, recommendation, author, team) before issuing. */
export async function saveDraftText(ctx: ServiceContext, actor: Actor, raw: PaperRequest & DraftTextInput): Promise<PaperDraftsTable> {
  const { committee, date } = parseRequest(ctx, raw);
  const c = new Checker();
  const author = c.text('author', raw.author, { max: 200 });
  const team = c.text('team', raw.team, { max: 200 });
  const purposeText = c.text('purpose', raw.purpose, { max: 10_000 });
  const recommendation = c.text('recommendation', raw.recommendation, { max: 5_000 });
  c.done();
  return inTransaction(ctx, async (trx, inner) => {
    if (!await findMeetingOn(trx, committee.code, date)) throw validationError([{ field: 'date', message: `no ${committee.code} meeting that day.` }]);
    const draft = await ensureDraft(inner, committee, date, actor);
    const expected = raw.expectedVersion ?? draft.version;
    // A version no row can hold (garbled, or past the database's integer) is stale, not a query.
    if (!Number.isInteger(expected) || expected < 1 || expected > MAX_DB_INTEGER) {
      throw new DomainError('VERSION_CONFLICT', 'The paper was changed by someone else since you loaded it.');
    }
    const purpose = purposeText === undefined ? draft.purpose
      : purposeText ? JSON.stringify(purposeText.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean)) : '';
    const patch = { author: author || draft.author, team: team || draft.team, purpose, recommendation: recommendation ?? draft.recommendation };
    const ok = await repo.updateDraft(trx, draft.id, expected, { ...patch, updated_at: ctx.clock().toISOString() });
    if (!ok) throw new DomainError('VERSION_CONFLICT', 'The paper was changed by someone else since you loaded it.');
    const text = (d: typeof patch) => ({ ...d, purpose: d.purpose ? (JSON.parse(d.purpose) as string[]).join('\n\n') : '' });
    const changes = diff(text(draft), text(patch));
    if (Object.keys(changes).length) {
      await record(inner, {
        type: 'paper.text-saved', subject: { id: draft.id, ref: `${committee.code} ${date}` },
        label: `${committee.shortName} paper for ${formatDate(date)} edited: ${Object.keys(changes).map((k) => PAPER_FIELD_LABELS[k] ?? k).join(', ')}`,
        actor, businessDate: londonDate(ctx.clock()), payload: { paperId: draft.id, committee: committee.code, date, changes },
      });
    }
    return (await repo.findDraftById(trx, draft.id))!;
  });
}

/** The Secretariat's "anticipated impacts" text for a change in a committee's area. */
export async function saveAnticipatedImpacts(ctx: ServiceContext, actor: Actor, ref: string, raw: { committee?: Loose; text?: Loose }): Promise<void> {
  const committee = requireCommittee(ctx, raw.committee);
  if (!committee.impactArea) throw validationError([{ field: 'committee', message: `the ${committee.shortName} has no impact area.` }]);
  const c = new Checker();
  const text = c.text('text', raw.text, { max: 5_000 }) ?? '';
  c.done();
  await inTransaction(ctx, async (trx, inner) => {
    const proposal = await findProposal(inner, trx, ref);
    const area = committee.impactArea!;
    await repo.upsertAnticipatedImpact(trx, {
      proposal_id: proposal.id, area: area.id, text, updated_at: ctx.clock().toISOString(), updated_by: actor.name,
    });
    await record(inner, {
      type: 'paper.impacts-saved', subject: { id: proposal.id, ref: proposal.reference },
      label: `${area.heading} written for the ${committee.shortName}`, actor, businessDate: londonDate(ctx.clock()),
      payload: { reference: proposal.reference, committee: committee.code, area: area.id, text },
    });
  });
}

export interface ImpactsInput {
  /** The anticipated impacts of each change the paper presents with them, by the reference the paper prints. */
  impacts?: unknown;
  expectedVersion?: number;
}

/**
 * The anticipated impacts of all the changes a paper presents, saved together: one check of the
 * paper's version (as its text is), one transaction, an event for each change whose text changed.
 * A change left out keeps its text; the committee's standard sentence, or nothing, means none written.
 * Field errors name `impacts.<reference>`.
 */
export async function saveAllAnticipatedImpacts(ctx: ServiceContext, actor: Actor, raw: PaperRequest & ImpactsInput): Promise<PaperDraftsTable> {
  const { committee, date } = parseRequest(ctx, raw);
  const area = committee.impactArea;
  if (!area) throw validationError([{ field: 'committee', message: `the ${committee.shortName} has no impact area.` }]);
  const c = new Checker();
  const items: unknown[] = Array.isArray(raw.impacts) ? raw.impacts : [];
  if (!Array.isArray(raw.impacts)) c.fail('impacts', 'must be a list of changes with their text.');
  const paper = await buildPaper(ctx, { committee: committee.code, date });
  const entries = new Map(paper.newDrafts.map((e) => [e.reference, e]));
  const wanted = new Map<string, string>();
  for (const item of items) {
    const { reference, text } = (item && typeof item === 'object' ? item : {}) as { reference?: Loose; text?: Loose };
    const ref = typeof reference === 'string' ? reference.trim().toUpperCase() : '';
    const field = `impacts.${ref}`;
    if (!entries.has(ref)) { c.fail(ref ? field : 'impacts', `${ref || 'a change without a reference'} is not among the new Draft Proposals of this paper.`); continue; }
    if (wanted.has(ref)) { c.fail(field, `${ref} is listed twice.`); continue; }
    const checked = c.text(field, text, { max: 5_000 });
    if (checked === undefined) continue;
    // The standard sentence shown in an empty box is not text someone wrote.
    wanted.set(ref, checked === area.defaultText.trim() ? '' : checked);
  }
  c.done();
  return inTransaction(ctx, async (trx, inner) => {
    const draft = await ensureDraft(inner, committee, date, actor);
    const expected = raw.expectedVersion ?? draft.version;
    if (!Number.isInteger(expected) || expected < 1 || expected > MAX_DB_INTEGER
      || !await repo.updateDraft(trx, draft.id, expected, { updated_at: ctx.clock().toISOString() })) {
      throw new DomainError('VERSION_CONFLICT', 'The paper was changed by someone else since you loaded it.');
    }
    for (const [ref, text] of wanted) {
      const e = entries.get(ref)!;
      const stored = await repo.findAnticipatedImpact(trx, e.proposalId, area.id);
      if ((stored ?? '') === text) continue;
      await repo.upsertAnticipatedImpact(trx, { proposal_id: e.proposalId, area: area.id, text, updated_at: ctx.clock().toISOString(), updated_by: actor.name });
      await record(inner, {
        type: 'paper.impacts-saved', subject: { id: e.proposalId, ref },
        label: `${area.heading} written for the ${committee.shortName}`, actor, businessDate: londonDate(ctx.clock()),
        payload: { reference: ref, committee: committee.code, area: area.id, text },
      });
    }
    return (await repo.findDraftById(trx, draft.id))!;
  });
}

export interface IssuedVersion {
  number: number;
  issuedAt: string;
  issuedBy: string;
  changes: LineChange[];
  files: { format: string; filename: string; mediaType: string; sha256: string; size: number }[];
}

/**
 * Issue the paper: render every format from one content snapshot and freeze the bytes with their
 * SHA-256. Issuing again makes the next version and records what changed since the last.
 */
export async function issuePaper(ctx: ServiceContext, actor: Actor, raw: PaperRequest): Promise<{ paperId: string; version: IssuedVersion }> {
  const { committee, date } = parseRequest(ctx, raw);
  // The draft (author, team) exists before the content is built, so every version reads the same text.
  if (!await repo.findDraft(executor(ctx), committee.code, date)) {
    await inTransaction(ctx, async (_trx, inner) => {
      if (!await findMeetingOn(executor(inner), committee.code, date)) return;
      await ensureDraft(inner, committee, date, actor);
    });
  }
  const paper = await buildPaper(ctx, raw);
  const rendered = await Promise.all(PAPER_FORMATS.map(async (format) => ({ format, bytes: await renderPaper(paper, format) })));
  return inTransaction(ctx, async (trx, inner) => {
    const draft = await ensureDraft(inner, committee, date, actor);
    const versions = await repo.listVersions(trx, draft.id);
    const previous = versions.at(-1);
    const number = (previous ? Number(previous.number) : 0) + 1;
    const changes = previous ? diffOwnedLines(markdownLines(JSON.parse(previous.content) as PaperContent), markdownLines(paper)) : [];
    const versionId = newId();
    const issuedAt = ctx.clock().toISOString();
    await repo.insertVersion(trx, {
      id: versionId, paper_id: draft.id, number, issued_at: issuedAt, issued_by: actor.name,
      content: JSON.stringify(paper), changes: JSON.stringify(changes),
    });
    const files = [];
    for (const { format, bytes } of rendered) {
      const file = {
        format, filename: paperFilename(paper, format, number), mediaType: MEDIA_TYPES[format],
        sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length,
      };
      await repo.insertFile(trx, {
        id: newId(), version_id: versionId, format, media_type: file.mediaType, filename: file.filename,
        content: bytes.toString('base64'), sha256: file.sha256, size: file.size,
      });
      files.push(file);
    }
    await record(inner, {
      type: 'paper.issued', subject: { id: draft.id, ref: `${committee.code} ${date}` },
      label: `${committee.shortName} paper for ${formatDate(date)} issued${number > 1 ? ` (version ${number})` : ''}`,
      actor, businessDate: londonDate(ctx.clock()),
      payload: {
        paperId: draft.id, committee: committee.code, date, version: number, changedLines: changes.length,
        files: files.map((f) => ({ format: f.format, filename: f.filename, sha256: f.sha256, size: f.size })),
        references: [...paper.newDrafts, ...paper.converted.noImpact, ...paper.converted.impact, ...paper.converted.notReviewed].map((e) => e.reference),
      },
    });
    return { paperId: draft.id, version: { number, issuedAt, issuedBy: actor.name, changes, files } };
  });
}

export async function getPaper(ctx: ServiceContext, id: string) {
  const ex = executor(ctx);
  const draft = await repo.findDraftById(ex, id);
  if (!draft) throw notFound(`Paper ${id}`);
  const versions = await repo.listVersions(ex, id);
  const out: IssuedVersion[] = [];
  for (const [index, v] of versions.entries()) {
    const files = await repo.listFiles(ex, v.id, PAPER_FORMATS);
    out.push({
      number: Number(v.number), issuedAt: v.issued_at, issuedBy: v.issued_by, changes: versionChanges(v, versions[index - 1]),
      // Named as they download now (versions issued before had longer names), whatever the row says.
      files: files.map((f) => ({ format: f.format, filename: paperFilename(paperKey(draft), f.format as PaperFormat, Number(v.number)), mediaType: f.media_type, sha256: f.sha256, size: Number(f.size) })),
    });
  }
  return { id: draft.id, committee: draft.committee_code, date: draft.date, author: draft.author, team: draft.team, version: Number(draft.version), versions: out };
}

/**
 * What changed in a version since the one before, each line with its change. Versions issued before
 * lines carried their change have it worked out again from the two frozen contents.
 */
function versionChanges(version: PaperVersionsTable, previous: PaperVersionsTable | undefined): LineChange[] {
  const stored = version.changes ? JSON.parse(version.changes) as (Omit<LineChange, 'change'> & { change?: string | null })[] : [];
  if (!previous || stored.every((c) => c.change !== undefined)) return stored.map((c) => ({ ...c, change: c.change ?? null }));
  return diffOwnedLines(markdownLines(JSON.parse(previous.content) as PaperContent), markdownLines(JSON.parse(version.content) as PaperContent));
}

const paperKey = (d: Pick<PaperDraftsTable, 'committee_code' | 'date'>) => ({ committee: { code: d.committee_code }, date: d.date });

export async function listPapers(ctx: ServiceContext) {
  return (await repo.listDrafts(executor(ctx))).map((d) => ({ id: d.id, committee: d.committee_code, date: d.date, author: d.author }));
}

/** A frozen file, exactly as issued. */
export async function downloadIssued(ctx: ServiceContext, id: string, number: number, format: string) {
  const ex = executor(ctx);
  const parsed = parseFormat(format);
  const draft = await repo.findDraftById(ex, id);
  if (!draft) throw notFound(`Paper ${id}`);
  const version = (await repo.listVersions(ex, id)).find((v) => Number(v.number) === number);
  if (!version) throw notFound(`Version ${number} of paper ${id}`);
  const file = await repo.findFile(ex, version.id, parsed);
  if (!file) throw notFound(`The ${parsed} file of version ${number}`);
  return { bytes: Buffer.from(file.content, 'base64'), format: parsed, mediaType: file.media_type, filename: paperFilename(paperKey(draft), parsed, number), sha256: file.sha256 };
}
