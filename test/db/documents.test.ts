// Documents in the database on each engine: a database made when documents were rows without files
// migrates with its rows and events intact; a file is kept before its row, and a command that
// rolls back leaves no row and no event; the register's export carries each file once and an import
// into the other engine serves the same bytes; an export made before files were kept still imports.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openContext } from '../../src/app.js';
import { secProfile } from '../../src/process/sec.js';
import { loadDemo } from '../../src/demo/load.js';
import { PUBLIC, SYSTEM_ACCOUNT } from '../../src/modules/accounts/accounts.js';
import { readChanges } from '../../src/modules/changes/feed.js';
import { inTransaction, type ServiceContext } from '../../src/modules/context.js';
import { listDocumentsFor, readDocumentFile, storeDocument } from '../../src/modules/documents/service.js';
import { exportRegister, importRegister } from '../../src/modules/register/service.js';
import { openDatabase, type Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { DomainError } from '../../src/platform/errors.js';
import { readStream } from '../../src/platform/events/stream.js';
import { DIALECTS, describeEachDatabase, freshDatabase, postgresReachable } from '../support/databases.js';
import { samplePdf } from '../support/sample-files.js';

const pgUp = await postgresReachable();
const FILES_ERA = '2026-12-03';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

for (const dialect of DIALECTS) {
  (dialect === 'sqlite' || pgUp ? describe : describe.skip)(`documents listed before files were kept [${dialect}]`, () => {
    let ctx: ServiceContext;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      const db: Db = await openDatabase(fresh.target);
      await migrate(db, migrations.filter((m) => m.name < FILES_ERA), secProfile);
      const k = db.kysely;
      const at = '2019-11-15T10:00:00.000Z';
      await k.insertInto('proposals').values({
        id: 'p-92', series: 'SEC', number: 92, variant: '', prefix: 'MP', reference: 'MP092', title: 'Planned maintenance', slug: 'planned-maintenance',
        state: 'refinement', held_from_state: null, proposer_id: null, organisation_id: null, lead_analyst_id: null, raised_on: '2019-08-19',
        path: '3', fast_track: 0, urgent: 0, target_release: null, implementation_date: null, latest_update: '', summary: '', solution: '',
        impacted_categories: '[]', documents_affected: '[]', version: 2, created_at: at, updated_at: at,
      }).execute();
      await k.insertInto('documents' as never).values([
        { id: 'd-1', proposal_id: 'p-92', kind: 'dcc-assessment', title: 'DCC Preliminary Assessment request', version_label: '1.0', published_on: '2019-11-15', created_at: at },
        { id: 'd-2', proposal_id: 'p-92', kind: 'other', title: 'Trial report', version_label: 'final', published_on: '2019-10-29', created_at: at },
      ] as never).execute();
      await k.insertInto('events' as never).values({
        position: 1, id: 'e-1', type: 'document.published', subject_type: 'proposal', subject_id: 'p-92', subject_ref: 'MP092', seq: 1,
        proposal_id: 'p-92', meeting_id: null, action: null, audience: 'public', organisation_id: null, label: 'Document published: DCC Preliminary Assessment request',
        actor_id: 'acc_administrator', actor_name: 'Administrator', business_date: '2019-11-15', recorded_at: at,
        payload: JSON.stringify({ reference: 'MP092', documentId: 'd-1', kind: 'dcc-assessment', title: 'DCC Preliminary Assessment request', versionLabel: '1.0', publishedOn: '2019-11-15' }),
      } as never).execute();
      await db.close();
      ctx = await openContext(fresh.target);
    });
    afterAll(async () => {
      await ctx?.db.close();
      await drop?.();
    });

    it('keeps the old rows as public documents without a file, their versions written as the register writes them now', async () => {
      const docs = await listDocumentsFor(ctx, PUBLIC, 'MP092');
      expect(docs.map((d) => [d.id, d.kind, d.versionLabel, d.restricted, d.audienceCommittee, d.file])).toEqual([
        ['d-2', 'other', 'final', false, null, null],
        ['d-1', 'dcc-assessment', 'v1.0', false, null, null],
      ]);
      const error = await refusal(readDocumentFile(ctx, PUBLIC, 'MP092', 'd-1'));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain('listed before files were kept');
    });

    it('keeps their events readable by everyone, fitting the retired type\'s schema', async () => {
      const [event] = await readStream(ctx.db.kysely, 'everything', { limit: 10 });
      expect(event).toMatchObject({ type: 'document.published', committeeCode: null });
      expect(await ctx.catalog.check(event.type, event.payload)).toEqual([]);
      expect(ctx.catalog.definition('document.published')?.retired).toBeTruthy();
      expect((await readChanges(ctx, PUBLIC, {})).items.map((e) => e.type)).toEqual(['document.published']);
    });

    it('takes new documents with files beside them', async () => {
      const pdf = samplePdf('After the migration');
      const doc = await storeDocument(ctx, SYSTEM_ACCOUNT, 'MP092', { kind: 'modification-report', versionLabel: 'v0.1', title: 'Draft report',
        restricted: false, filename: 'draft.pdf', bytes: pdf, publishedOn: '2019-12-02' });
      expect(Buffer.compare((await readDocumentFile(ctx, PUBLIC, 'MP092', doc.id)).bytes, pdf)).toBe(0);
    });
  });
}

describeEachDatabase('documents: crash order and the register export', ({ ctx, dialect }) => {
  beforeAll(async () => {
    ctx().clock = () => new Date('2020-03-02T10:00:00Z');
    await loadDemo(ctx());
  });

  it('writes no row and no event when the command around it rolls back, and keeps no file on PostgreSQL', async () => {
    const pdf = samplePdf('Rolled back');
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx().db.kysely)).rows[0].n);
    const before = { documents: await count('documents'), events: await count('events'), files: await count('document_files') };
    // Another module's command stores a generated file, then fails after it.
    await expect(inTransaction(ctx(), async (_trx, tx) => {
      await storeDocument(tx, SYSTEM_ACCOUNT, 'MP090', { kind: 'consultation', versionLabel: 'v1.0', title: 'Collated consultation',
        restricted: false, filename: 'consultation.pdf', bytes: pdf });
      throw new Error('the consultation could not be issued');
    })).rejects.toThrow('the consultation could not be issued');
    expect({ documents: await count('documents'), events: await count('events'), files: await count('document_files') }).toEqual(before);
    // The file is written before its row: on disk it may stay, unnamed by any row and harmless; in PostgreSQL it went with the transaction.
    if (dialect === 'postgres') expect(await ctx().files.get(sha256(pdf))).toBeNull();
    // The same bytes stored again are found or written, and read back whole.
    const doc = await storeDocument(ctx(), SYSTEM_ACCOUNT, 'MP090', { kind: 'consultation', versionLabel: 'v1.0', title: 'Collated consultation',
      restricted: false, filename: 'consultation.pdf', bytes: pdf });
    expect(Buffer.compare((await readDocumentFile(ctx(), PUBLIC, 'MP090', doc.id)).bytes, pdf)).toBe(0);
  });

  it('refuses a document dated before its change was raised, writing nothing', async () => {
    const error = await refusal(storeDocument(ctx(), SYSTEM_ACCOUNT, 'MP090', { kind: 'legal-text', versionLabel: 'v0.1', title: 'Too early',
      restricted: false, filename: 'legal.md', bytes: Buffer.from('# Legal text\n'), publishedOn: '2019-01-01' }));
    expect(error.details.fields).toEqual([{ field: 'publishedOn', message: 'cannot be before the change was raised (16 October 2019).' }]);
  });

  it('exports each file once with its bytes, and an import into either engine serves the same bytes', async () => {
    const restricted = await storeDocument(ctx(), SYSTEM_ACCOUNT, 'MP090', { kind: 'change-board-vote', versionLabel: 'v1.0', title: 'Vote record',
      restricted: true, audienceCommittee: 'CSC', filename: 'vote.txt', bytes: Buffer.from('Approve: 7, reject: 1.\n') });
    const text = await exportRegister(ctx());
    const doc = JSON.parse(text);
    const files = doc.tables.document_files as { sha256: string; content: string }[];
    expect(new Set(files.map((f) => f.sha256)).size).toBe(files.length);
    for (const f of files) expect(sha256(Buffer.from(f.content, 'base64'))).toBe(f.sha256);
    expect(doc.tables.documents.find((d: { id: string }) => d.id === restricted.id)).toMatchObject({ restricted: 1, audience_committee: 'CSC' });
    for (const kind of DIALECTS) {
      if (kind === 'postgres' && !pgUp) continue;
      const db = await freshDatabase(kind);
      const other = await openContext(db.target);
      try {
        await importRegister(other, text);
        for (const d of doc.tables.documents as { id: string; file_sha256: string }[]) {
          const file = await readDocumentFileAnywhere(other, d.id);
          expect(sha256(file.bytes), `${d.id} through ${kind}`).toBe(d.file_sha256);
        }
        expect(await exportRegister(other), `round trip through ${kind}`).toBe(text);
      } finally {
        await other.db.close();
        await db.drop();
      }
    }
  });

  it('refuses an export whose file does not match its SHA-256, importing nothing', async () => {
    const doc = JSON.parse(await exportRegister(ctx()));
    doc.tables.document_files[0].content = Buffer.from('not the file').toString('base64');
    const db = await freshDatabase(dialect);
    const other = await openContext(db.target);
    try {
      const error = await refusal(importRegister(other, JSON.stringify(doc)));
      expect(error.message).toContain('does not match its SHA-256');
      expect(Number((await sql<{ n: number }>`select count(*) as n from proposals`.execute(other.db.kysely)).rows[0].n)).toBe(0);
    } finally {
      await other.db.close();
      await db.drop();
    }
  });

  it('imports an export made before documents kept files (version 2)', async () => {
    const doc = JSON.parse(await exportRegister(ctx()));
    // What version 2 held: documents as rows of seven columns (versions without "v"), no files, no committee scope on events.
    doc.version = 2;
    delete doc.tables.document_files;
    doc.tables.documents = doc.tables.documents.filter((d: { restricted: number }) => d.restricted === 0).map((d: Record<string, unknown>) => ({
      created_at: d.created_at, id: d.id, kind: d.kind, proposal_id: d.proposal_id, published_on: d.published_on, title: d.title,
      version_label: String(d.version_label).replace(/^v/, ''),
    }));
    const kept = new Set(doc.tables.documents.map((d: { id: string }) => d.id));
    doc.tables.events = doc.tables.events.filter((e: { type: string; payload: string }) => e.type !== 'document.added' || kept.has(JSON.parse(e.payload).documentId))
      .map(({ committee_code: _, ...e }: Record<string, unknown>) => e);
    const db = await freshDatabase(dialect);
    const other = await openContext(db.target);
    try {
      await importRegister(other, JSON.stringify(doc));
      const docs = await listDocumentsFor(other, SYSTEM_ACCOUNT, 'MP092');
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) expect([d.versionLabel, d.file, d.restricted]).toEqual(['v1.0', null, false]);
      expect(JSON.parse(await exportRegister(other)).version).toBe(3);
    } finally {
      await other.db.close();
      await db.drop();
    }
  });
});

/** A document's file wherever it is, as the Secretariat (the change is found from the document). */
async function readDocumentFileAnywhere(ctx: ServiceContext, id: string) {
  const row = await ctx.db.kysely.selectFrom('documents').innerJoin('proposals', 'proposals.id', 'documents.proposal_id')
    .select('proposals.reference').where('documents.id', '=', id).executeTakeFirstOrThrow();
  return readDocumentFile(ctx, SYSTEM_ACCOUNT, row.reference, id);
}
