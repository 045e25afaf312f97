// All SQL of the dashboard: changes by stage, the moves between stages by month (read from the
// register's public events), and when each live change entered its stage.
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import type { Executor } from '../database.js';
import type { StageMove } from './dashboard.js';

const MOVE_TYPES = ['proposal.raised', 'proposal.action-taken'];

/** A text field of an event's payload, as SQL on either database. */
const field = (dialect: Dialect, name: 'fromState' | 'toState' | 'state'): RawBuilder<string | null> => (dialect === 'postgres'
  ? sql<string | null>`(payload::jsonb ->> ${sql.lit(name)})`
  : sql<string | null>`json_extract(payload, ${sql.lit(`$.${name}`)})`);

/** How many changes are in each stage. */
export async function countsByState(ex: Executor): Promise<Map<string, number>> {
  const rows = await ex.selectFrom('proposals').select(['state', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('state').execute();
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}

/** The moves between stages recorded on or after `since` (an ISO date), counted by month. */
export async function movesSince(ex: Executor, dialect: Dialect, since: string): Promise<StageMove[]> {
  const month = sql<string>`substr(business_date, 1, 7)`;
  const from = field(dialect, 'fromState');
  const to = sql<string>`coalesce(${field(dialect, 'toState')}, ${field(dialect, 'state')})`;
  const rows = await ex.selectFrom('events')
    .select([month.as('month'), from.as('from_state'), to.as('to_state'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('type', 'in', MOVE_TYPES).where('business_date', '>=', since)
    .groupBy([month, from, to])
    .execute();
  return rows.map((r) => ({ month: r.month, fromState: r.from_state, toState: r.to_state, count: Number(r.n) }));
}

export interface LiveChange {
  id: string;
  reference: string;
  title: string;
  slug: string;
  state: string;
  path: string | null;
  raisedOn: string;
}

/** The changes in the given stages, oldest first. */
export async function changesIn(ex: Executor, states: readonly string[]): Promise<LiveChange[]> {
  if (!states.length) return [];
  const rows = await ex.selectFrom('proposals').select(['id', 'reference', 'title', 'slug', 'state', 'path', 'raised_on'])
    .where('state', 'in', [...states]).orderBy('number').execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, title: r.title, slug: r.slug, state: r.state, path: r.path, raisedOn: r.raised_on }));
}

/** The day each change entered its present stage: its last move to another stage, or its raising. */
export async function enteredStage(ex: Executor, dialect: Dialect, ids: readonly string[]): Promise<Map<string, string>> {
  const entered = new Map<string, string>();
  // In slices, so a register of thousands of changes stays within every engine's parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await ex.selectFrom('events')
      .select(['proposal_id', (eb) => eb.fn.max('business_date').as('day')])
      .where('proposal_id', 'in', slice).where('type', 'in', MOVE_TYPES)
      .where((eb) => eb.or([
        eb('type', '=', 'proposal.raised'),
        eb(field(dialect, 'fromState'), '<>', field(dialect, 'toState')),
      ]))
      .groupBy('proposal_id').execute();
    for (const r of rows) if (r.proposal_id) entered.set(r.proposal_id, r.day);
  }
  return entered;
}
