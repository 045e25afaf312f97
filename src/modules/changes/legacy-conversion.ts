// Moves the rows of the old per-change timelines (`events_v1`) and submission histories
// (`submission_events`) into the event stream, once, in the order they were recorded. Each row
// becomes an event of today's catalog with the payload its schema asks for; what the old rows did
// not keep (the reference at the time) is taken from the change as it is now.
import type { Kysely } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import { tableExists } from '../../platform/db/migrate.js';

type Row = Record<string, unknown>;
function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
const json = (v: unknown): Record<string, unknown> => {
  try {
    const parsed: unknown = JSON.parse(text(v) || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
  } catch {
    return {};
  }
};
const after = (changes: Record<string, unknown>, field: string): unknown => (Array.isArray(changes[field]) ? (changes[field] as unknown[])[1] : undefined);
const before = (changes: Record<string, unknown>, field: string): unknown => (Array.isArray(changes[field]) ? (changes[field] as unknown[])[0] : undefined);
const pairs = (changes: Record<string, unknown>) => Object.fromEntries(Object.entries(changes).filter(([, v]) => Array.isArray(v) && v.length === 2));

interface Converted {
  recordedAt: string;
  order: number;
  row: Omit<Row, 'position' | 'seq'> & { subject_type: string; subject_id: string };
}

export async function convertLegacyTimelines(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const hasTimelines = await tableExists(db, dialect, 'events_v1');
  const hasSubmissions = await tableExists(db, dialect, 'submission_events');
  if (!hasTimelines && !hasSubmissions) return;
  const proposals = new Map(((await db.selectFrom('proposals').select(['id', 'reference', 'title']).execute()) as Row[]).map((p) => [text(p.id), p]));
  const out: Converted[] = [];

  if (hasTimelines) {
    const views = (await db.selectFrom('committee_views').selectAll().execute()) as Row[];
    const documents = (await db.selectFrom('documents').selectAll().execute()) as Row[];
    const rows = (await db.selectFrom('events_v1').selectAll().orderBy('recorded_at').orderBy('seq').execute()) as Row[];
    rows.forEach((r, i) => {
      const proposal = proposals.get(text(r.proposal_id));
      const changes = pairs(json(r.changes));
      const reference = text(after(changes, 'reference') ?? proposal?.reference);
      const base = {
        id: text(r.id), subject_type: 'proposal', subject_id: text(r.proposal_id), subject_ref: reference,
        proposal_id: text(r.proposal_id), meeting_id: r.meeting_id ?? null, action: null as string | null, audience: 'public',
        organisation_id: null, label: text(r.label), actor_id: text(r.actor_id), actor_name: text(r.actor_name),
        business_date: text(r.business_date), recorded_at: text(r.recorded_at),
      };
      let type: string;
      let payload: Record<string, unknown>;
      switch (r.type) {
        case 'raised':
          type = 'proposal.raised';
          payload = { reference, title: text(after(changes, 'title') ?? proposal?.title), state: text(r.to_state), changes };
          break;
        case 'edited':
          type = 'proposal.edited';
          payload = { reference, changes, note: text(r.note) };
          break;
        case 'problem-statement-saved': {
          type = 'problem-statement.saved';
          const previous = before(changes, 'problemStatement');
          payload = { reference, version: text(after(changes, 'problemStatement')).replace(/^v/, ''),
            previous: previous ? text(previous).replace(/^v/, '') : null, note: text(r.note) };
          break;
        }
        case 'document-published': {
          type = 'document.published';
          const doc = documents.find((d) => d.proposal_id === r.proposal_id && d.created_at === r.recorded_at);
          payload = { reference, documentId: text(doc?.id), kind: text(doc?.kind ?? 'other'), title: text(doc?.title ?? r.label),
            versionLabel: text(doc?.version_label), publishedOn: text(doc?.published_on ?? r.business_date) };
          break;
        }
        case 'committee-view': {
          type = 'view.recorded';
          const view = views.find((v) => v.proposal_id === r.proposal_id && v.recorded_at === r.recorded_at);
          payload = { viewId: text(view?.id), reference: text(view?.proposal_reference ?? reference), committee: text(view?.committee_code),
            impact: text(view?.impact ?? 'not-assessed'), furtherInput: Number(view?.further_input ?? 0) === 1, comments: text(view?.comments ?? r.note),
            meetingId: (view?.meeting_id) ?? null, proposalState: text(view?.proposal_state ?? r.to_state) };
          break;
        }
        default:
          // Every other type was a lifecycle action of the profile, named by its id.
          type = 'proposal.action-taken';
          base.action = text(r.type);
          payload = { reference, action: text(r.type), fromState: text(r.from_state), toState: text(r.to_state),
            inputs: Object.fromEntries(Object.entries(json(r.inputs)).map(([k, v]) => [k, text(v)])), changes, note: text(r.note),
            meetingId: (r.meeting_id) ?? null };
      }
      out.push({ recordedAt: base.recorded_at, order: i, row: { ...base, type, payload: JSON.stringify(payload) } });
    });
  }

  if (hasSubmissions) {
    const submissions = new Map(((await db.selectFrom('submissions as s').innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .select(['s.id', 's.title', 's.organisation_id', 'o.name as organisation']).execute()) as Row[]).map((s) => [text(s.id), s]));
    const rows = (await db.selectFrom('submission_events').selectAll().orderBy('recorded_at').orderBy('seq').execute()) as Row[];
    rows.forEach((r, i) => {
      const s = submissions.get(text(r.submission_id));
      const toStatus = text(r.to_status);
      const payload = {
        submissionId: text(r.submission_id), organisationId: text(s?.organisation_id), organisation: text(s?.organisation), title: text(s?.title),
        fromStatus: r.from_status ?? null, toStatus, comments: text(r.comments), dueOn: r.due_on ?? null, reference: r.proposal_reference ?? null,
      };
      out.push({
        recordedAt: text(r.recorded_at), order: 1_000_000 + i,
        row: {
          id: text(r.id), type: `submission.${text(r.step)}`, subject_type: 'submission', subject_id: text(r.submission_id),
          subject_ref: text(s?.title).slice(0, 120), proposal_id: null, meeting_id: null, action: null,
          audience: toStatus === 'draft' ? 'organisation-only' : 'organisation', organisation_id: text(s?.organisation_id),
          label: stepLabel(text(r.step)), actor_id: text(r.actor_id), actor_name: text(r.actor_name),
          business_date: text(r.business_date), recorded_at: text(r.recorded_at), payload: JSON.stringify(payload),
        },
      });
    });
  }

  out.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.order - b.order);
  const start = Number(((await db.selectFrom('events').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst()) as Row | undefined)?.p ?? 0);
  const seqs = new Map<string, number>();
  const values = out.map((c, i) => {
    const key = `${c.row.subject_type}:${c.row.subject_id}`;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    return { ...c.row, position: start + i + 1, seq };
  });
  for (let i = 0; i < values.length; i += 200) await db.insertInto('events').values(values.slice(i, i + 200)).execute();
}

function stepLabel(step: string): string {
  return ({
    created: 'Draft started', saved: 'Draft saved', submitted: 'Submitted to the Secretariat', returned: 'Returned with comments',
    resubmitted: 'Resubmitted to the Secretariat', raised: 'Raised as a Draft Proposal',
  } as Record<string, string>)[step] ?? step;
}
