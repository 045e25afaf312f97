// All SQL of the home page: a few short, indexed reads, each limited, so the most visited page stays
// quick however large the register grows.
import type { Executor } from '../database.js';

/** Changes raised on or after a day (newest first), at most `limit`. */
export async function raisedSince(ex: Executor, from: string | null, limit: number) {
  let q = ex.selectFrom('proposals').select(['reference', 'title', 'slug', 'raised_on']);
  if (from) q = q.where('raised_on', '>=', from);
  return q.orderBy('raised_on', 'desc').orderBy('number', 'desc').limit(limit).execute();
}

/** Public lifecycle steps taken on or after a day (latest recorded first), at most `limit`. */
export async function movedSince(ex: Executor, type: string, from: string | null, limit: number) {
  let q = ex.selectFrom('events as e').innerJoin('proposals as p', 'p.id', 'e.proposal_id')
    .select(['e.label', 'e.business_date', 'p.reference', 'p.title', 'p.slug'])
    .where('e.type', '=', type).where('e.audience', '=', 'public');
  if (from) q = q.where('e.business_date', '>=', from);
  return q.orderBy('e.position', 'desc').limit(limit).execute();
}

/** Meetings still to come (not cancelled), soonest first, at most `limit`. */
export async function nextMeetings(ex: Executor, from: string, limit: number) {
  return ex.selectFrom('meetings').select(['id', 'committee_code', 'date', 'start_time', 'location'])
    .where('date', '>=', from).where('status', '!=', 'cancelled').orderBy('date').orderBy('committee_code').limit(limit).execute();
}
