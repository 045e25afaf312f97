// HTML pages of papers: choose a committee meeting, preview its paper, edit the text the
// Secretariat writes (purpose, recommendation, author, anticipated impacts), issue it, and
// download any issued version exactly as it was frozen.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { withDone, type DoneCode } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { CsrfField, ErrorSummary, Select, TextArea, TextInput, type FormErrors } from '../../platform/http/forms.js';
import { FormBody, formRefusal, formVersion, html, many, one, type Form } from '../../platform/http/form.js';
import { DomainError } from '../../platform/errors.js';
import { formatDate, formatDateTime } from '../../process/dates.js';
import { allows, formActor } from '../accounts/http.js';
import type { ServiceContext } from '../context.js';
import { executor } from '../context.js';
import { findDraft } from './repository.js';
import { PAPER_FORMATS } from './formats.js';
import type { PaperContent } from './papers.js';
import { PaperBody } from './render-html.js';
import { groupByChange, type LineChange } from './diff.js';
import { IssuedVersions, listIssuedPapers } from './published.js';
import * as service from './service.js';


interface PaperPageData {
  /** Whether the viewer may edit and issue (committee members may only preview). */
  canWrite: boolean;
  paper: PaperContent;
  paperId: string | null;
  draftVersion: number | null;
  versions: service.IssuedVersion[];
  csrf: string;
  message?: string;
  errors?: FormErrors;
  values?: Form;
}

const impactField = (reference: string) => `impacts.${reference}`;
const impactLabel = (heading: string, reference: string) => `${heading}: ${reference}`;

/** The labels of the page's fields, so the box at the top names each as its form does. */
function fieldLabels(paper: PaperContent): Record<string, string> {
  const labels: Record<string, string> = { author: 'Author', team: 'Team', purpose: 'Purpose', recommendation: 'Recommendation', confirm: 'Confirmation', impacts: 'Anticipated impacts' };
  if (paper.impactHeading) for (const e of paper.newDrafts) labels[impactField(e.reference)] = impactLabel(paper.impactHeading, e.reference);
  return labels;
}

/** What changed since the version before, line by line under the change each line belongs to. */
function VersionChanges({ changes }: { changes: LineChange[] }) {
  return (
    <>
      {groupByChange(changes).map((g) => (
        <div class="diff-group">
          <h3>{g.change ?? 'Paper text'}</h3>
          <ul class="diff">{g.lines.map((c) => <li class={c.kind}>{`${c.kind === 'added' ? '+ ' : '− '}${c.line}`}</li>)}</ul>
        </div>
      ))}
    </>
  );
}

function PaperPage({ d }: { d: PaperPageData }) {
  const { paper } = d;
  const key = `committee=${paper.committee.code}&date=${paper.date}`;
  const base = `/papers/${paper.committee.code}/${paper.date}`;
  const errors = d.errors ?? {};
  const v = d.values ?? {};
  const entries = [...paper.newDrafts];
  return (
    <>
      <p class="kicker">{`${paper.committee.name}, ${formatDate(paper.date)}`}</p>
      <h1>{paper.title}</h1>
      <ErrorSummary message={d.message} errors={errors} labels={fieldLabels(paper)} />
      <section aria-labelledby="h-formats" class="paper-tools">
        <h2 id="h-formats">Preview in each format</h2>
        <ul class="inline-list">
          {PAPER_FORMATS.map((f) => <li><a href={`/api/v1/papers/preview?${key}&format=${f}`}>{f.toUpperCase()}</a></li>)}
        </ul>
        <p class="hint">{`Covers changes raised or converted after ${formatDate(paper.period.after)} up to ${formatDate(paper.period.upTo)}.`}</p>
      </section>
      {d.canWrite && <section aria-labelledby="h-text" class="paper-tools">
        <h2 id="h-text">Edit before issuing</h2>
        <form method="post" action={`${base}/text`} novalidate>
          <CsrfField token={d.csrf} />
          {d.draftVersion !== null && <input type="hidden" name="version" value={String(d.draftVersion)} />}
          <TextInput name="author" label="Author" value={one(v.author) || paper.author} errors={errors} />
          <TextInput name="team" label="Team" value={one(v.team) || paper.team} errors={errors} />
          <TextArea name="purpose" label="Purpose" hint="Paragraphs separated by a blank line." value={one(v.purpose) || paper.purpose.join('\n\n')} errors={errors} rows={6} />
          <TextArea name="recommendation" label="Recommendation" value={one(v.recommendation) || paper.recommendation} errors={errors} rows={3} />
          <button type="submit">Save text</button>
        </form>
        {paper.impactHeading && entries.length > 0 && (
          <form method="post" action={`${base}/impacts`} class="impact-form" novalidate>
            <CsrfField token={d.csrf} />
            {d.draftVersion !== null && <input type="hidden" name="version" value={String(d.draftVersion)} />}
            <fieldset>
              <legend>{`${paper.impactHeading} of each new Draft Proposal`}</legend>
              <p class="hint">Leave the standard sentence, or empty a box, to print the standard sentence.</p>
              {entries.map((e) => {
                const name = impactField(e.reference);
                return (
                  <>
                    <input type="hidden" name="ref" value={e.reference} />
                    <TextArea name={name} label={impactLabel(paper.impactHeading!, e.reference)} value={v[name] !== undefined ? one(v[name]) : e.anticipatedImpacts ?? ''} errors={errors} rows={3} />
                  </>
                );
              })}
            </fieldset>
            <button type="submit" class="secondary">Save the anticipated impacts</button>
          </form>
        )}
      </section>}
      {d.canWrite && <section aria-labelledby="h-issue" class="paper-tools">
        <h2 id="h-issue">Issue</h2>
        <p>Issuing freezes this paper in every format with a SHA-256 of each file. Issuing again makes the next version.</p>
        <form method="post" action={`${base}/issue`} novalidate>
          <CsrfField token={d.csrf} />
          {/* The confirmation is the form's own field, checked on the server: it works without scripts. */}
          <div class={errors.confirm ? 'field field-error check' : 'field check'}>
            <input type="checkbox" id="f-confirm" name="confirm" value="yes" aria-invalid={errors.confirm ? 'true' : undefined}
              aria-describedby={errors.confirm ? 'f-confirm-error' : undefined} />
            <label for="f-confirm">{`I have checked the preview below: issue version ${d.versions.length + 1} now. An issued version cannot be changed.`}</label>
          </div>
          {errors.confirm && <p class="error-message" id="f-confirm-error"><span class="visually-hidden">Error: </span>{errors.confirm}</p>}
          <button type="submit">{d.versions.length ? `Issue version ${d.versions.length + 1}` : 'Issue version 1'}</button>
        </form>
        {d.versions.length > 0 && (
          <ol class="versions">
            {d.versions.map((ver) => (
              <li>
                <strong>{`Version ${ver.number}`}</strong>{`, issued ${formatDateTime(ver.issuedAt)} by ${ver.issuedBy}: `}
                {ver.files.map((f, i) => (
                  <>{i > 0 ? ', ' : ''}<a href={`/api/v1/papers/${d.paperId}/versions/${ver.number}/${f.format}`}>{f.format.toUpperCase()}</a></>
                ))}
                <details>
                  <summary>{`SHA-256 and changes${ver.number > 1 ? ` since version ${ver.number - 1}` : ''}`}</summary>
                  <ul>{ver.files.map((f) => <li><code>{`${f.filename} ${f.sha256}`}</code></li>)}</ul>
                  {ver.number > 1 && (ver.changes.length === 0 ? <p>No change in the text.</p> : <VersionChanges changes={ver.changes} />)}
                </details>
              </li>
            ))}
          </ol>
        )}
      </section>}
      <section aria-labelledby="h-preview">
        <h2 id="h-preview">Preview</h2>
        <div class="paper-preview"><PaperBody paper={paper} shift={2} /></div>
      </section>
    </>
  );
}

export function registerPaperPages(app: HttpServer, ctx: ServiceContext): void {
  const csrfCheck = { preValidation: app.csrfProtection };

  // Everyone reads the issued papers here; committee members and the Secretariat also see the papers
  // in preparation and open any meeting's paper to preview it.
  app.get('/papers/', { config: { permission: 'site.read' }, schema: { querystring: FormBody } }, async (request, reply) => {
    const query: Form = request.query;
    const canPreview = allows(request, 'papers.preview');
    if (canPreview && one(query.committee) && one(query.date)) return reply.redirect(`/papers/${encodeURIComponent(one(query.committee).toUpperCase())}/${encodeURIComponent(one(query.date))}`, 303);
    const [issued, drafts] = await Promise.all([listIssuedPapers(ctx), canPreview ? service.listPapers(ctx) : Promise.resolve([])]);
    const issuedIds = new Set(issued.map((p) => p.id));
    const rows = [
      ...issued.map((p) => ({ id: p.id, committee: p.committee, date: p.date, issued: p })),
      ...drafts.filter((d) => !issuedIds.has(d.id)).map((d) => ({ id: d.id, committee: d.committee, date: d.date, issued: undefined })),
    ].sort((a, b) => b.date.localeCompare(a.date) || a.committee.localeCompare(b.committee));
    const committees = ctx.profile.committees.filter((c) => c.impactArea || c.kind === 'sub-committee');
    return html(reply, 200, renderPage({ title: 'Papers', section: 'papers', children: (
      <>
        <h1>Committee papers</h1>
        <p class="lead">{canPreview
          ? 'Papers issued to the committees, in every version and format, and papers in preparation (drafts, seen only by committee members and the Secretariat).'
          : 'Papers issued to the committees, in every version and format. HTML and PDF open in the browser; Word and Markdown download.'}</p>
        {canPreview && (
          <form method="get" action="/papers/" class="filters">
            <Select name="committee" label="Committee" value={ctx.profile.paper.defaultCommittee} errors={{}} options={committees.map((c) => ({ value: c.code, label: `${c.name} (${c.shortName})` }))} />
            <TextInput name="date" label="Meeting date" type="date" errors={{}} />
            <button type="submit">Open the paper</button>
          </form>
        )}
        <h2>{canPreview ? 'Papers issued or in preparation' : 'Issued papers'}</h2>
        {rows.length === 0 ? <p>{canPreview ? 'None yet.' : 'No paper has been issued yet.'}</p> : (
          <ul class="papers">{rows.map((r) => {
            const label = `${r.committee}, ${formatDate(r.date)}`;
            return (
              <li>
                {canPreview ? <a href={`/papers/${r.committee}/${r.date}`}>{label}</a> : <strong>{label}</strong>}
                {r.issued
                  ? <>{` — Issued (${r.issued.versions.length === 1 ? 'version 1' : `${r.issued.versions.length} versions`})`}<IssuedVersions paper={r.issued} label={label} /></>
                  : ' — Draft, not issued'}
              </li>
            );
          })}</ul>
        )}
      </>
    ) }));
  });

  async function paperPage(reply: FastifyReply, code: string, date: string, status = 200, extra: Partial<PaperPageData> = {}) {
    const paper = await service.buildPaper(ctx, { committee: code, date });
    const draft = await findDraft(executor(ctx), paper.committee.code, date);
    const versions = draft ? (await service.getPaper(ctx, draft.id)).versions : [];
    return html(reply, status, renderPage({ title: `${paper.committee.shortName} paper ${formatDate(date)}`, crumbs: [{ href: '/papers/', label: 'Papers' }],
      children: <PaperPage d={{ paper, paperId: draft?.id ?? null, draftVersion: draft ? Number(draft.version) : null, versions, csrf: reply.generateCsrf(),
        canWrite: allows(reply.request, 'papers.write'), ...extra }} /> }));
  }

  const PaperParams = Type.Object({ code: Type.String({ maxLength: 40 }), date: Type.String({ maxLength: 40 }) });

  app.get('/papers/:code/:date', { config: { permission: 'papers.preview' }, schema: { params: PaperParams } }, async (request, reply) => {
    const { code, date } = request.params;
    try {
      return await paperPage(reply, code, date);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') throw new DomainError('NOT_FOUND', error.message);
      throw error;
    }
  });

  const PAPER_DONE: Record<string, DoneCode> = { issue: 'paper-issued', text: 'paper-text', impacts: 'impacts' };
  const post = (path: string, run: (code: string, date: string, form: Form, request: Parameters<typeof formActor>[0]) => Promise<unknown>) => {
    app.post(`/papers/:code/:date/${path}`, { ...csrfCheck, config: { permission: 'papers.write' }, schema: { params: PaperParams, body: FormBody } }, async (request, reply) => {
      const { code, date } = request.params;
      const form: Form = request.body;
      try {
        await run(code, date, form, request);
        return reply.redirect(withDone(`/papers/${code}/${date}`, PAPER_DONE[path]), 303);
      } catch (error) {
        const { status, message, errors } = formRefusal(error);
        return paperPage(reply, code, date, status, { message, errors, values: form });
      }
    });
  };
  post('issue', (code, date, form, request) => {
    // Issuing freezes the files for good: the form asks for a confirmation first.
    if (one(form.confirm) !== 'yes') {
      throw new DomainError('VALIDATION_FAILED', 'Confirm that you have checked the paper before issuing it.',
        { fields: [{ field: 'confirm', message: 'Tick the box to confirm that you have checked the paper; nothing was issued.' }] });
    }
    return service.issuePaper(ctx, formActor(request), { committee: code, date });
  });
  post('text', (code, date, form, request) => {
    // A form without a version saves over the current text; a garbled or out-of-range one is stale.
    return service.saveDraftText(ctx, formActor(request), {
      committee: code, date, author: one(form.author), team: one(form.team), purpose: one(form.purpose), recommendation: one(form.recommendation),
      expectedVersion: one(form.version) === '' ? undefined : formVersion(form),
    });
  });
  post('impacts', (code, date, form, request) => {
    // One form holds every change's box: the references say which boxes it sent.
    return service.saveAllAnticipatedImpacts(ctx, formActor(request), {
      committee: code, date, impacts: many(form.ref).map((reference) => ({ reference, text: one(form[impactField(reference)]) })),
      expectedVersion: one(form.version) === '' ? undefined : formVersion(form),
    });
  });
}
