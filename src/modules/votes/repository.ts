// All SQL of votes, Authority decisions and appeals. The roll of voting members is read from the
// accounts' committees and organisations; the decision an appeal is against, from the change's events.
import type { Executor } from '../database.js';
import type { Ballot, BallotChoice, Vote, VoteOption } from './votes.js';
import type { AppealsTable, AuthorityDecisionsTable, VoteBallotsTable, VoteOptionsTable, VotesTable } from './tables.js';

function toVote(r: VotesTable, options: VoteOptionsTable[]): Vote {
  return {
    id: r.id, proposalId: r.proposal_id, reference: r.reference, committee: r.committee_code, status: r.status,
    openedOn: r.opened_on, closedOn: r.closed_on, outcome: r.outcome as Vote['outcome'], carried: r.carried_option, action: r.action,
    recordSha256: r.record_sha256, version: Number(r.version),
    options: options.filter((o) => o.vote_id === r.id).sort((a, b) => Number(a.position) - Number(b.position))
      .map((o): VoteOption => ({ key: o.key, title: o.title, description: o.description })),
  };
}

export async function findVote(ex: Executor, id: string): Promise<Vote | null> {
  const r = await ex.selectFrom('votes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  const options = await ex.selectFrom('vote_options').selectAll().where('vote_id', '=', id).execute();
  return toVote(r, options);
}

export async function votesOf(ex: Executor, proposalId: string): Promise<Vote[]> {
  const rows = await ex.selectFrom('votes').selectAll().where('proposal_id', '=', proposalId).orderBy('opened_on').orderBy('created_at').execute();
  if (rows.length === 0) return [];
  const options = await ex.selectFrom('vote_options').selectAll().where('vote_id', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => toVote(r, options));
}

export async function recordHtml(ex: Executor, id: string): Promise<string | null> {
  const r = await ex.selectFrom('votes').select('record_html').where('id', '=', id).executeTakeFirst();
  return r?.record_html ?? null;
}

export async function insertVote(ex: Executor, row: VotesTable, options: VoteOptionsTable[]): Promise<void> {
  await ex.insertInto('votes').values(row).execute();
  await ex.insertInto('vote_options').values(options).execute();
}

export async function closeVote(ex: Executor, id: string, expectedVersion: number, patch: Partial<VotesTable>): Promise<boolean> {
  const r = await ex.updateTable('votes').set({ ...patch, status: 'counted', version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function toBallot(r: VoteBallotsTable): Ballot {
  return {
    accountId: r.account_id, voter: r.voter_name, organisation: r.organisation_name, group: r.group_id,
    choices: JSON.parse(r.choices_json) as BallotChoice[], castAt: r.cast_at, updatedAt: r.updated_at,
  };
}

export async function ballotsOf(ex: Executor, voteId: string): Promise<Ballot[]> {
  const rows = await ex.selectFrom('vote_ballots').selectAll().where('vote_id', '=', voteId).orderBy('voter_name').orderBy('account_id').execute();
  return rows.map(toBallot);
}

export async function findBallot(ex: Executor, voteId: string, accountId: string): Promise<(Ballot & { id: string; version: number }) | null> {
  const r = await ex.selectFrom('vote_ballots').selectAll().where('vote_id', '=', voteId).where('account_id', '=', accountId).executeTakeFirst();
  return r ? { ...toBallot(r), id: r.id, version: Number(r.version) } : null;
}

export async function insertBallot(ex: Executor, row: VoteBallotsTable): Promise<void> {
  await ex.insertInto('vote_ballots').values(row).execute();
}

export async function updateBallot(ex: Executor, id: string, expectedVersion: number, patch: Partial<VoteBallotsTable>): Promise<boolean> {
  const r = await ex.updateTable('vote_ballots').set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Active member accounts of the committee, with their organisation and its party category (null: not a Party; undefined: no organisation). */
export async function committeeAccounts(ex: Executor, committee: string, accountId?: string) {
  let q = ex.selectFrom('accounts as a')
    .innerJoin('account_committees as c', 'c.account_id', 'a.id')
    .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.id as id', 'a.name as name', 'o.id as organisationId', 'o.name as organisation', 'o.party_category as partyCategory'])
    .where('c.committee_code', '=', committee).where('a.role', '=', 'member').where('a.status', '=', 'active');
  if (accountId) q = q.where('a.id', '=', accountId);
  return q.orderBy('a.name').execute();
}

/** The last decision among `actions` on the change: its action and business date. */
export async function lastDecision(ex: Executor, proposalId: string, actions: string[]): Promise<{ action: string; date: string } | null> {
  if (actions.length === 0) return null;
  const r = await ex.selectFrom('events').select(['action', 'business_date']).where('type', '=', 'proposal.action-taken')
    .where('proposal_id', '=', proposalId).where('action', 'in', actions).orderBy('position', 'desc').limit(1).executeTakeFirst();
  return r?.action ? { action: r.action, date: r.business_date } : null;
}

export async function insertDecision(ex: Executor, row: AuthorityDecisionsTable): Promise<void> {
  await ex.insertInto('authority_decisions').values(row).execute();
}

export async function decisionsOf(ex: Executor, proposalId: string): Promise<AuthorityDecisionsTable[]> {
  return ex.selectFrom('authority_decisions').selectAll().where('proposal_id', '=', proposalId).orderBy('decided_on').orderBy('created_at').execute();
}

export async function insertAppeal(ex: Executor, row: AppealsTable): Promise<void> {
  await ex.insertInto('appeals').values(row).execute();
}

export async function findAppeal(ex: Executor, id: string): Promise<AppealsTable | null> {
  return (await ex.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function appealsOf(ex: Executor, proposalId: string): Promise<AppealsTable[]> {
  return ex.selectFrom('appeals').selectAll().where('proposal_id', '=', proposalId).orderBy('raised_on').orderBy('created_at').execute();
}

export async function hasOpenAppeal(ex: Executor, proposalId: string): Promise<boolean> {
  const r = await ex.selectFrom('appeals').select('id').where('proposal_id', '=', proposalId).where('status', '=', 'open').executeTakeFirst();
  return !!r;
}

export async function decideAppeal(ex: Executor, id: string, expectedVersion: number, patch: Partial<AppealsTable>): Promise<boolean> {
  const r = await ex.updateTable('appeals').set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id).where('version', '=', expectedVersion).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
