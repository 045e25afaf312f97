// Search ranks one text per change and audience (search_docs), on each database: the words of a
// query may come from different texts of one change, but never from texts of different audiences,
// so restricted text neither finds nor shuts out a change for a reader who may not see it; a page
// past the end still gives the count; deleting entries takes their change's documents with them;
// and the migrations build the documents of an index that existed before them.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { addUser, createToken } from '../../src/modules/accounts/service.js';
import { searchMigrations } from '../../src/modules/search/migrations.js';
import { replaceEntry } from '../../src/modules/search/repository.js';
import { catchUpSearch } from '../../src/modules/search/service.js';
import { describeEachDatabase } from '../support/databases.js';
import { multipartBody } from '../support/multipart.js';
import { sampleDocx } from '../support/sample-files.js';
import { seedDirectory, startApi, type Api } from './helpers.js';

describeEachDatabase('search: one text per change and audience', ({ ctx, dialect }) => {
  let api: Api;
  let member = '';
  const refs = { meters: '', other: '' };

  const search = async (q: string, token: string | null = null, extra = '') => {
    const res = await api.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ total: number; items: { reference: string; matches: { kind: string; heading: string; snippet: string }[] }[] }>();
  };
  const found = async (q: string, token: string | null = null) => (await search(q, token)).items.map((h) => h.reference);

  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
    refs.meters = (await api.raise({ title: 'Wombat meter readings', summary: 'Readings sent by the numbat gateway.', raisedOn: '2025-01-10' })).reference;
    refs.other = (await api.raise({ title: 'Numbat tariffs', summary: 'Nothing about readings here.', raisedOn: '2025-02-10' })).reference;
    const { payload, contentType } = await multipartBody({ kind: 'other', versionLabel: 'v1.0', title: 'Members briefing', restricted: 'true', audienceCommittee: 'OPSG' },
      { file: { name: 'briefing.docx', bytes: await sampleDocx('Confidential bandicoot arrangements for wombat readings') } });
    const upload = await api.app.inject({ method: 'POST', url: `/api/v1/proposals/${refs.meters}/documents`, payload,
      headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` } });
    expect(upload.statusCode, upload.body).toBe(201);
    await addUser(ctx(), SYSTEM_ACCOUNT, { email: 'opsg@docs.example', name: 'An OPSG member', password: 'a password long enough', role: 'member', committee: ['OPSG'] });
    member = (await createToken(ctx(), { name: 'opsg', userEmail: 'opsg@docs.example', scope: 'read' })).token;
    await catchUpSearch(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  it('finds a change by words from different texts of it, and marks each text that holds one', async () => {
    // "wombat" is in the title only, "gateway" in the summary only.
    const hits = (await search('wombat gateway')).items;
    expect(hits.map((h) => h.reference)).toEqual([refs.meters]);
    expect(hits[0].matches.map((m) => m.kind).sort()).toEqual(['summary', 'title']);
    expect(await found('numbat')).toHaveLength(2);
    expect(await found('numbat -wombat')).toEqual([refs.other]);
  });

  it('never lets restricted text find or shut out a change for a reader who may not see it', async () => {
    expect(await found('bandicoot')).toEqual([]);
    expect(await found('bandicoot gateway')).toEqual([]);
    expect(await found('bandicoot', member)).toEqual([refs.meters]);
    // A public text without the word still finds the change, for the public and for the member alike.
    expect(await found('wombat -bandicoot')).toEqual([refs.meters]);
    expect(await found('wombat -bandicoot', member)).toEqual([refs.meters]);
    const publicHit = (await search('wombat readings')).items.find((h) => h.reference === refs.meters)!;
    expect(JSON.stringify(publicHit)).not.toMatch(/bandicoot|Members briefing/i);
    const memberHit = (await search('wombat readings', member)).items.find((h) => h.reference === refs.meters)!;
    expect(memberHit.matches.map((m) => m.heading)).toContain('Document: Members briefing');
  });

  it('counts every match on a page past the end', async () => {
    const first = await search('numbat', null, '&limit=1');
    expect(first.total).toBe(2);
    expect(first.items).toHaveLength(1);
    const past = await search('numbat', null, '&offset=5');
    expect(past.total).toBe(2);
    expect(past.items).toEqual([]);
  });

  it('pages through changes with several documents each, showing each change once and counting changes', async () => {
    // For the member "readings" is in three documents: both changes' public texts and the committee's document of one.
    const all = await search('readings', member);
    expect(all.total).toBe(2);
    const pages = [await search('readings', member, '&limit=1'), await search('readings', member, '&limit=1&offset=1')];
    expect(pages.map((p) => p.total)).toEqual([2, 2]);
    expect(pages.flatMap((p) => p.items.map((h) => h.reference))).toEqual(all.items.map((h) => h.reference));
    expect(new Set(all.items.map((h) => h.reference))).toEqual(new Set([refs.meters, refs.other]));
  });

  it('keeps one public document per change, whatever organisation or committee a public text came from', async () => {
    const ex = ctx().db.kysely;
    const id = (await sql<{ id: string }>`select id from proposals where reference = ${refs.other}`.execute(ex)).rows[0].id;
    const org = (await sql<{ id: string }>`select id from organisations limit 1`.execute(ex)).rows[0].id;
    const entry = { proposalId: id, kind: 'note', label: 'Quokka note', body: 'A quokka said so.', audience: 'public', organisationId: org, committeeCode: 'OPSG' };
    await replaceEntry(ex, dialect, 'note:test-quokka', { key: 'note:test-quokka', ...entry }, new Date().toISOString());
    const publicDocs = await sql<{ n: number | string }>`select count(*) as n from search_docs where proposal_id = ${id} and audience = 'public'`.execute(ex);
    expect(Number(publicDocs.rows[0].n)).toBe(1);
    expect(await found('quokka')).toEqual([refs.other]);
    expect(await found('quokka numbat')).toEqual([refs.other]);
    await replaceEntry(ex, dialect, 'note:test-quokka', null, new Date().toISOString());
    expect(await found('quokka')).toEqual([]);
    expect(await found('numbat')).toHaveLength(2);
  });

  it('deletes a change\'s documents with its entries, and the migrations build them for an index made before them', async () => {
    const docs = () => sql<{ proposal_id: string; audience: string; committee_code: string | null }>`
      select proposal_id, audience, committee_code from search_docs order by proposal_id, audience`.execute(ctx().db.kysely).then((r) => r.rows);
    const before = await docs();
    expect(before.filter((d) => d.committee_code === 'OPSG')).toHaveLength(1);
    const results = [await search('numbat'), await search('bandicoot', member)];

    await sql`delete from search_entries where proposal_id = (select id from proposals where reference = ${refs.other})`.execute(ctx().db.kysely);
    expect(await found('numbat')).toEqual([refs.meters]);
    await sql`update event_subscribers set position = 0 where name = 'search'`.execute(ctx().db.kysely);
    await catchUpSearch(ctx());
    expect(await docs()).toEqual(before);

    // The index as it was before the migration: entries, and no documents of changes.
    const db = ctx().db.kysely;
    if (dialect === 'sqlite') {
      await sql`drop trigger search_entries_docs_delete`.execute(db);
      await sql`drop table search_docs_fts`.execute(db);
      await sql`drop table search_docs_text`.execute(db);
    } else {
      await sql`drop trigger search_entries_docs_delete on search_entries`.execute(db);
      await sql`drop function search_entries_docs_delete()`.execute(db);
    }
    await sql`drop table search_docs`.execute(db);
    for (const migration of searchMigrations.filter((m) => m.name > '2026-12-04-01-search')) await migration.up(db, dialect, ctx().profile, {});
    expect(await docs()).toEqual(before);
    expect([await search('numbat'), await search('bandicoot', member)]).toEqual(results);
  });
});
