// Use cases of notifications. Other modules call none of them: the module sits above them all and
// reads the register, committees and accounts through their services.
//
// - watch / setDelivery / unwatch: a signed-in user's own watches (each write with its event).
// - unsubscribeTarget / unsubscribe: what an unsubscribe link ends, and ending it (no sign-in).
// - notify: the subscriber's work for one event (at least once: one delivery per account and event).
// - sendDigests: the daily digest of every account with items waiting (once per account and day).
import { createHash, randomBytes } from 'node:crypto';
import { DomainError, notFound, validationError } from '../../platform/errors.js';
import { toStored, type StoredEvent } from '../../platform/events/stream.js';
import { Checker, type Loose } from '../../platform/validation.js';
import { londonDate } from '../../process/dates.js';
import type { Actor } from '../accounts/accounts.js';
import { mayRead } from '../accounts/permissions.js';
import { loadActor } from '../accounts/service.js';
import { findCommittee } from '../committees/committees.js';
import { getMeeting } from '../committees/service.js';
import { executor, inTransaction, newId, record, type ServiceContext } from '../context.js';
import { enqueueMail } from '../mail/outbox.js';
import { findProposalById } from '../proposals/repository.js';
import { getProposal } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { changesMatching, parseSearchRequest } from '../search/service.js';
import {
  committeeOfEvent, describeSearch, digestMessage, immediateMessage, isTrigger, parseSearchKey, reason,
  referencesOfEvent, searchKey, type NoticeItem, type SavedSearch,
} from './notifications.js';
import * as repo from './repository.js';
import type { Delivery, WatchKind } from './tables.js';

export const DELIVERIES: readonly Delivery[] = ['immediate', 'digest'];
/** Who writes the messages in the outbox's events. */
const NOTIFIER = { id: 'notifications', name: 'Notifications' };

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface WatchView {
  id: string;
  kind: WatchKind;
  /** How it is named now: a change's current reference, a committee's code, the search in words. */
  label: string;
  /** Site-relative address of what is watched. */
  path: string;
  delivery: Delivery;
  reason: string;
  createdAt: string;
  /** The change's reference, the committee's code or the search's query string. */
  target: string;
}

export interface WatchInput {
  change?: Loose;
  committee?: Loose;
  search?: {
    q?: Loose; stage?: Loose; path?: Loose; partyCategory?: Loose; leadAnalyst?: Loose; committee?: Loose; raisedFrom?: Loose; raisedTo?: Loose;
  } | null;
  delivery?: Loose;
}

function describe(ctx: ServiceContext, search: SavedSearch): string {
  return describeSearch(search, {
    stage: (id) => ctx.profile.states.find((s) => s.id === id)?.label ?? id,
    path: (v) => ctx.profile.paths.find((p) => p.value === v)?.label ?? v,
    category: (id) => ctx.profile.partyCategories.find((c) => c.id === id)?.label ?? id,
  });
}

async function viewOf(ctx: ServiceContext, w: repo.Watch): Promise<WatchView> {
  let label = w.label;
  let path = '/modifications/';
  let target = w.target;
  if (w.kind === 'change') {
    const p = await findProposalById(executor(ctx), w.target);
    if (p) {
      label = p.reference;
      path = publicPath(p);
      target = p.reference;
    }
  } else if (w.kind === 'committee') {
    path = `/committees/${encodeURIComponent(w.target)}/`;
  } else {
    // Words are searched at /search; filters alone list the register.
    path = new URLSearchParams(w.target).get('q') ? `/search?${w.target}` : `/modifications/${w.target ? `?${w.target}` : ''}`;
  }
  return { id: w.id, kind: w.kind, label, path, delivery: w.delivery, reason: reason(w.kind, label), createdAt: w.created_at, target };
}

async function requireAccount(ctx: ServiceContext, actor: Actor): Promise<void> {
  if (actor.role === 'public' || !(await repo.accountEmail(executor(ctx), actor.id))) {
    throw new DomainError('FORBIDDEN', 'Only a user with an email address can watch: messages go to that address.');
  }
}

/** What the input names: exactly one of a change, a committee or a search. */
async function targetOf(ctx: ServiceContext, input: WatchInput): Promise<{ kind: WatchKind; target: string; label: string }> {
  const given = (['change', 'committee', 'search'] as const).filter((k) => input[k] !== undefined && input[k] !== null && input[k] !== '');
  if (given.length !== 1) {
    throw validationError([{ field: given.length ? given[1] : 'change', message: 'name exactly one of a change, a committee or a search.' }]);
  }
  if (given[0] === 'change') {
    const c = new Checker();
    const ref = c.text('change', input.change, { required: true, max: 40 });
    c.done();
    try {
      const p = await getProposal(ctx, ref!);
      return { kind: 'change', target: p.id, label: p.reference };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') throw validationError([{ field: 'change', message: `no change is called "${ref}".` }]);
      throw error;
    }
  }
  if (given[0] === 'committee') {
    const code = typeof input.committee === 'string' ? input.committee.trim().toUpperCase() : input.committee;
    const committee = findCommittee(ctx.profile, String(code ?? ''));
    if (!committee) throw validationError([{ field: 'committee', message: `unknown committee. Committees: ${ctx.profile.committees.map((x) => x.code).join(', ')}.` }]);
    return { kind: 'committee', target: committee.code, label: committee.code };
  }
  const raw = input.search;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationError([{ field: 'search', message: 'must be an object of search words and filters.' }]);
  // The search page's own reading of the words and filters: one parser, so a watch finds what the search finds.
  const { text, filters: f } = parseSearchRequest(ctx.profile, {
    q: raw.q, stage: raw.stage, path: raw.path, partyCategory: raw.partyCategory, leadAnalyst: raw.leadAnalyst,
    committee: raw.committee, raisedFrom: raw.raisedFrom, raisedTo: raw.raisedTo,
  });
  const search: SavedSearch = {
    q: text.trim() || undefined, stage: f.state, path: f.path, partyCategory: f.partyCategory, leadAnalyst: f.leadAnalyst,
    committee: f.committee, raisedFrom: f.raisedFrom, raisedTo: f.raisedTo,
  };
  return { kind: 'search', target: searchKey(search), label: describe(ctx, search) };
}

function deliveryOf(value: Loose, field = 'delivery'): Delivery | undefined {
  const c = new Checker();
  const d = c.oneOf(field, value, DELIVERIES);
  c.done();
  return d;
}

/** Starts watching (or, for something already watched, sets its delivery when one is given). */
export async function watch(ctx: ServiceContext, actor: Actor, input: WatchInput): Promise<{ watch: WatchView; created: boolean }> {
  await requireAccount(ctx, actor);
  const delivery = deliveryOf(input.delivery);
  const t = await targetOf(ctx, input);
  const result = await inTransaction(ctx, async (trx, tx) => {
    const existing = await repo.findWatchOf(trx, actor.id, t.kind, t.target);
    if (existing) {
      if (delivery && delivery !== existing.delivery) {
        await repo.updateDelivery(trx, existing.id, delivery);
        await record(tx, { type: 'watch.changed', subject: { id: existing.id, ref: existing.label }, label: `${actor.name} chose ${delivery} delivery for ${existing.label}`,
          actor, businessDate: londonDate(ctx.clock()), payload: { watchId: existing.id, accountId: actor.id, label: existing.label, delivery } });
        return { row: { ...existing, delivery }, created: false };
      }
      return { row: existing, created: false };
    }
    const row: repo.Watch = { id: newId(), account_id: actor.id, kind: t.kind, target: t.target, label: t.label.slice(0, 500), delivery: delivery ?? 'immediate', since_position: 0, created_at: ctx.clock().toISOString() };
    await repo.insertWatch(trx, row);
    const added = await record(tx, { type: 'watch.added', subject: { id: row.id, ref: row.label }, label: `${actor.name} watches ${row.label}`,
      actor, businessDate: londonDate(ctx.clock()), payload: { watchId: row.id, accountId: actor.id, kind: row.kind, label: row.label, delivery: row.delivery } });
    // Events up to its own (committed before it, in position order) are the past it never tells of.
    await repo.setSince(trx, row.id, added.position);
    return { row: { ...row, since_position: added.position }, created: true };
  });
  return { watch: await viewOf(ctx, result.row), created: result.created };
}

export async function listWatches(ctx: ServiceContext, actor: Actor): Promise<WatchView[]> {
  if (actor.role === 'public') return [];
  const rows = await repo.watchesOf(executor(ctx), actor.id);
  return Promise.all(rows.map((w) => viewOf(ctx, w)));
}

/** The viewer's watch of one change, if any (the change page's section). */
export async function watchOfChange(ctx: ServiceContext, actor: Actor, proposalId: string): Promise<WatchView | null> {
  if (actor.role === 'public') return null;
  const w = await repo.findWatchOf(executor(ctx), actor.id, 'change', proposalId);
  return w ? viewOf(ctx, w) : null;
}

async function ownWatch(ctx: ServiceContext, actor: Actor, id: string): Promise<repo.Watch> {
  const w = await repo.findWatch(executor(ctx), id);
  if (!w || w.account_id !== actor.id) throw notFound(`Watch ${id}`);
  return w;
}

export async function setDelivery(ctx: ServiceContext, actor: Actor, id: string, value: Loose): Promise<WatchView> {
  const delivery = deliveryOf(value ?? '', 'delivery') ?? (() => { throw validationError([{ field: 'delivery', message: 'is required.' }]); })();
  const w = await ownWatch(ctx, actor, id);
  if (w.delivery !== delivery) {
    await inTransaction(ctx, async (trx, tx) => {
      await repo.updateDelivery(trx, w.id, delivery);
      await record(tx, { type: 'watch.changed', subject: { id: w.id, ref: w.label }, label: `${actor.name} chose ${delivery} delivery for ${w.label}`,
        actor, businessDate: londonDate(ctx.clock()), payload: { watchId: w.id, accountId: actor.id, label: w.label, delivery } });
    });
  }
  return viewOf(ctx, { ...w, delivery });
}

async function remove(ctx: ServiceContext, w: repo.Watch, actor: { id: string; name: string }, how: 'user' | 'unsubscribe-link'): Promise<void> {
  await inTransaction(ctx, async (trx, tx) => {
    if (!await repo.deleteWatch(trx, w.id)) return;
    await record(tx, { type: 'watch.removed', subject: { id: w.id, ref: w.label }, label: `${actor.name} no longer watches ${w.label}`,
      actor, businessDate: londonDate(ctx.clock()), payload: { watchId: w.id, accountId: w.account_id, kind: w.kind, label: w.label, how } });
  });
}

export async function unwatch(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  await remove(ctx, await ownWatch(ctx, actor, id), actor, 'user');
}

/** What an unsubscribe link ends, for its confirmation page; null for a link unknown or used. */
export async function unsubscribeTarget(ctx: ServiceContext, token: string): Promise<{ reasons: string[] } | null> {
  const row = token.length > 200 ? undefined : await repo.findToken(executor(ctx), hashOf(token));
  if (!row) return null;
  const watches = (await repo.watchesOf(executor(ctx), row.account_id)).filter((w) => (row.watch_id ? w.id === row.watch_id : w.delivery === 'digest'));
  if (!watches.length) return null;
  return { reasons: (await Promise.all(watches.map((w) => viewOf(ctx, w)))).map((v) => v.reason) };
}

/** Ends what the link names (RFC 8058: no sign-in, no CSRF); the reasons of the watches ended. */
export async function unsubscribe(ctx: ServiceContext, token: string): Promise<string[] | null> {
  const row = token.length > 200 ? undefined : await repo.findToken(executor(ctx), hashOf(token));
  if (!row) return null;
  const owner = await loadActor(executor(ctx), row.account_id);
  const who = { id: row.account_id, name: owner?.name ?? 'An unsubscribe link' };
  const watches = (await repo.watchesOf(executor(ctx), row.account_id)).filter((w) => (row.watch_id ? w.id === row.watch_id : w.delivery === 'digest'));
  const views = await Promise.all(watches.map((w) => viewOf(ctx, w)));
  for (const w of watches) await remove(ctx, w, who, 'unsubscribe-link');
  if (!row.watch_id) await repo.deleteToken(executor(ctx), hashOf(token));
  return views.map((v) => v.reason);
}

async function newUnsubscribeLink(ctx: ServiceContext, accountId: string, watchId: string | null): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await repo.insertToken(executor(ctx), { token_hash: hashOf(token), account_id: accountId, watch_id: watchId, created_at: ctx.clock().toISOString() });
  return `${ctx.publicBaseUrl}/unsubscribe/${token}`;
}

function listHeaders(link: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' };
}

/** Where to read about an event: the change's page, or the committee's. */
async function linkOf(ctx: ServiceContext, event: StoredEvent): Promise<string> {
  if (event.proposalId) {
    const p = await findProposalById(executor(ctx), event.proposalId);
    if (p) return `${ctx.publicBaseUrl}${publicPath(p)}`;
  }
  const committee = committeeOfEvent(event);
  return `${ctx.publicBaseUrl}${committee ? `/committees/${encodeURIComponent(committee)}/` : '/modifications/'}`;
}

const PRIORITY: Record<WatchKind, number> = { change: 0, committee: 1, search: 2 };

/**
 * For one event: every watcher whose watch matches and who may read it hears of it once, by mail
 * now or in the next digest. Run by the subscriber, at least once per event: the delivery row
 * (one per account and event) makes a repeat a no-op.
 */
export async function notify(ctx: ServiceContext, event: StoredEvent): Promise<number> {
  if (!isTrigger(event)) return 0;
  const ex = executor(ctx);
  const referenced = referencesOfEvent(event);
  const changeIds = [...new Set([...(event.proposalId ? [event.proposalId] : []),
    ...(referenced.length ? await idsOfReferences(ctx, referenced) : [])])];
  const committees = new Set<string>();
  const named = committeeOfEvent(event);
  if (named) committees.add(named);
  if (event.meetingId) {
    const meeting = await getMeeting(ctx, event.meetingId).catch(() => null);
    if (meeting) committees.add(meeting.committeeCode);
  }
  const candidates = await repo.candidateWatches(ex, event.position, changeIds, [...committees]);
  const change = event.proposalId ? await findProposalById(ex, event.proposalId) : null;
  const matching: repo.Watch[] = [];
  for (const w of candidates) {
    if (w.kind !== 'search') matching.push(w);
    else if (change && await searchFinds(ctx, w, change.id, event)) matching.push(w);
  }
  const byAccount = new Map<string, repo.Watch>();
  for (const w of matching.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind])) if (!byAccount.has(w.account_id)) byAccount.set(w.account_id, w);
  let told = 0;
  for (const [accountId, w] of byAccount) {
    if (accountId === event.actor.id) continue; // nobody is told of what they did themselves
    const watcher = await loadActor(ex, accountId);
    // Never tell a watcher what they may not read: the event's audience, by the permission table.
    if (!watcher || !mayRead(watcher, event)) continue;
    const email = await repo.accountEmail(ex, accountId);
    if (!email) continue;
    const view = await viewOf(ctx, w);
    const item: NoticeItem = { reason: view.reason, about: change?.reference ?? event.subject.ref, businessDate: event.businessDate, label: event.label, link: await linkOf(ctx, event) };
    await inTransaction(ctx, async (trx, tx) => {
      const fresh = await repo.claimDelivery(trx, { account_id: accountId, event_position: event.position, watch_id: w.id, delivery: w.delivery, created_at: ctx.clock().toISOString() });
      if (!fresh || w.delivery !== 'immediate') return;
      const link = await newUnsubscribeLink(tx, accountId, w.id);
      const message = immediateMessage(item, link, ctx.profile.name);
      const mailId = await enqueueMail(tx, NOTIFIER, 'notification', { to: email, ...message, headers: listHeaders(link), sensitive: true });
      await repo.setDeliveryMail(trx, accountId, event.position, mailId);
    });
    told += 1;
  }
  return told;
}

/**
 * Whether the watcher's saved search finds the change, as the search page would show it to them:
 * the search module matches (its parser, its index with the texts' audiences, its filters), with the
 * index first brought in step with the event. A search that no longer reads (the profile changed) finds nothing.
 */
async function searchFinds(ctx: ServiceContext, w: repo.Watch, proposalId: string, event: StoredEvent): Promise<boolean> {
  const watcher = await loadActor(executor(ctx), w.account_id);
  if (!watcher) return false;
  try {
    return (await changesMatching(ctx, watcher, parseSearchKey(w.target), [proposalId], event)).has(proposalId);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') return false;
    throw error;
  }
}

async function idsOfReferences(ctx: ServiceContext, refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs.slice(0, 200)) {
    try {
      ids.push((await getProposal(ctx, ref)).id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
    }
  }
  return ids;
}

/**
 * Sends each account's digest of what waits, once per account and London day: the claim (a row
 * keyed by account and day, inserted in the transaction that queues the mail) is won by one
 * instance only, and the items it carries are marked in that same transaction.
 */
export async function sendDigests(ctx: ServiceContext): Promise<number> {
  const day = londonDate(ctx.clock());
  let sent = 0;
  for (const accountId of await repo.accountsWaiting(executor(ctx), day)) {
    const done = await inTransaction(ctx, async (trx, tx) => {
      if (!await repo.claimDigestDay(trx, accountId, day, ctx.clock().toISOString())) return false;
      const rows = await repo.waitingItems(trx, accountId);
      const watcher = await loadActor(trx, accountId);
      const email = await repo.accountEmail(trx, accountId);
      await repo.markDigested(trx, accountId, rows.map((r) => Number(r.event_position)), day);
      if (!watcher || !email || !rows.length) return false;
      const events = await trx.selectFrom('events').selectAll().where('position', 'in', rows.map((r) => Number(r.event_position))).orderBy('position').execute();
      const items: NoticeItem[] = [];
      for (const e of events.map(toStored)) {
        if (!mayRead(watcher, e)) continue;
        const r = rows.find((x) => Number(x.event_position) === e.position)!;
        const w = await repo.findWatch(trx, r.watch_id);
        if (!w) continue;
        const about = e.proposalId ? (await findProposalById(trx, e.proposalId))?.reference ?? e.subject.ref : e.subject.ref;
        items.push({ reason: (await viewOf(tx, w)).reason, about, businessDate: e.businessDate, label: e.label, link: await linkOf(tx, e) });
      }
      if (!items.length) return false;
      const link = await newUnsubscribeLink(tx, accountId, null);
      const message = digestMessage(day, items, link, ctx.profile.name, `${ctx.publicBaseUrl}/account`);
      await enqueueMail(tx, NOTIFIER, 'notification-digest', { to: email, ...message, headers: listHeaders(link), sensitive: true });
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
}

/** The digest is due from this hour of the London day (DIGEST_HOUR, default 7). */
export function digestDue(ctx: ServiceContext): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(ctx.clock()));
  return hour >= (ctx.digestHour ?? 7);
}

