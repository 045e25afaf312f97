// All SQL of notifications: watches, what was delivered for which event, unsubscribe links and the
// days a digest was claimed.
import type { Executor } from '../database.js';
import type { Delivery, WatchKind, WatchesTable } from './tables.js';

export type Watch = WatchesTable;

export async function findWatch(ex: Executor, id: string): Promise<Watch | undefined> {
  return ex.selectFrom('watches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findWatchOf(ex: Executor, accountId: string, kind: WatchKind, target: string): Promise<Watch | undefined> {
  return ex.selectFrom('watches').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).where('target', '=', target).executeTakeFirst();
}

export async function watchesOf(ex: Executor, accountId: string): Promise<Watch[]> {
  return ex.selectFrom('watches').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
}

/** Watches of changes or committees among the targets, and every saved search (matched one by one). */
export async function candidateWatches(ex: Executor, position: number, changeIds: string[], committees: string[]): Promise<Watch[]> {
  return ex.selectFrom('watches').selectAll().where('since_position', '<', position).where((eb) => eb.or([
    eb('kind', '=', 'search'),
    ...(changeIds.length ? [eb.and([eb('kind', '=', 'change'), eb('target', 'in', changeIds)])] : []),
    ...(committees.length ? [eb.and([eb('kind', '=', 'committee'), eb('target', 'in', committees)])] : []),
  ])).orderBy('created_at').orderBy('id').execute();
}

export async function insertWatch(ex: Executor, row: Watch): Promise<void> {
  await ex.insertInto('watches').values(row).execute();
}

export async function setSince(ex: Executor, id: string, position: number): Promise<void> {
  await ex.updateTable('watches').set({ since_position: position }).where('id', '=', id).execute();
}

export async function updateDelivery(ex: Executor, id: string, delivery: Delivery): Promise<void> {
  await ex.updateTable('watches').set({ delivery }).where('id', '=', id).execute();
}

/** Removes a watch with its unsent digest items and its unsubscribe links. */
export async function deleteWatch(ex: Executor, id: string): Promise<boolean> {
  await ex.deleteFrom('watch_deliveries').where('watch_id', '=', id).where('digest_day', 'is', null).where('delivery', '=', 'digest').execute();
  await ex.deleteFrom('unsubscribe_tokens').where('watch_id', '=', id).execute();
  const r = await ex.deleteFrom('watches').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Records that an account hears of an event; false when it already has (delivery is at least once). */
export async function claimDelivery(ex: Executor, row: { account_id: string; event_position: number; watch_id: string; delivery: Delivery; created_at: string }): Promise<boolean> {
  const r = await ex.insertInto('watch_deliveries').values({ ...row, mail_id: null, digest_day: null })
    .onConflict((oc) => oc.columns(['account_id', 'event_position']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setDeliveryMail(ex: Executor, accountId: string, position: number, mailId: string): Promise<void> {
  await ex.updateTable('watch_deliveries').set({ mail_id: mailId }).where('account_id', '=', accountId).where('event_position', '=', position).execute();
}

export async function insertToken(ex: Executor, row: { token_hash: string; account_id: string; watch_id: string | null; created_at: string }): Promise<void> {
  await ex.insertInto('unsubscribe_tokens').values(row).execute();
}

export async function findToken(ex: Executor, hash: string) {
  return ex.selectFrom('unsubscribe_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function deleteToken(ex: Executor, hash: string): Promise<void> {
  await ex.deleteFrom('unsubscribe_tokens').where('token_hash', '=', hash).execute();
}

/** Accounts with digest items waiting whose digest of the day has not gone out. */
export async function accountsWaiting(ex: Executor, day: string): Promise<string[]> {
  const rows = await ex.selectFrom('watch_deliveries').select('account_id').distinct()
    .where('delivery', '=', 'digest').where('digest_day', 'is', null)
    .where('account_id', 'not in', (eb) => eb.selectFrom('digest_runs').select('account_id').where('day', '=', day))
    .orderBy('account_id').execute();
  return rows.map((r) => r.account_id);
}

/** Claims an account's digest of a day: true for the one instance whose insert wins. */
export async function claimDigestDay(ex: Executor, accountId: string, day: string, at: string): Promise<boolean> {
  const r = await ex.insertInto('digest_runs').values({ account_id: accountId, day, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'day']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function waitingItems(ex: Executor, accountId: string) {
  return ex.selectFrom('watch_deliveries as d').innerJoin('watches as w', 'w.id', 'd.watch_id')
    .innerJoin('events as e', 'e.position', 'd.event_position')
    .select(['d.event_position', 'w.kind', 'w.label', 'w.target', 'w.id as watch_id'])
    .where('d.account_id', '=', accountId).where('d.delivery', '=', 'digest').where('d.digest_day', 'is', null)
    .orderBy('d.event_position').execute();
}

export async function markDigested(ex: Executor, accountId: string, positions: number[], day: string): Promise<void> {
  if (!positions.length) return;
  await ex.updateTable('watch_deliveries').set({ digest_day: day })
    .where('account_id', '=', accountId).where('event_position', 'in', positions).where('digest_day', 'is', null).execute();
}

export async function accountEmail(ex: Executor, accountId: string): Promise<string | null> {
  const row = await ex.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirst();
  return row?.email ?? null;
}
