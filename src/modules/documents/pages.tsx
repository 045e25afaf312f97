// The documents of a change on its page (a section the register shows without knowing documents),
// the form that uploads one (a real multipart form, CSRF-checked), and the page that form comes
// back to when it is refused, keeping what was typed.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from 'typebox';
import { withDone } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody, formRefusal, html, one, type Form } from '../../platform/http/form.js';
import { CsrfField, ErrorSummary, Field, Select, TextInput, describedBy, type FormErrors } from '../../platform/http/forms.js';
import { readMultipart } from '../../platform/http/multipart.js';
import { renderPage } from '../../platform/http/layout.js';
import { notFound } from '../../platform/errors.js';
import { formatDate } from '../../process/dates.js';
import type { Actor } from '../accounts/accounts.js';
import { PUBLIC } from '../accounts/accounts.js';
import { formActor } from '../accounts/http.js';
import { can } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import type { ChangePageContext } from '../manifest.js';
import { getProposalDetailBySlug, type ProposalDetail } from '../proposals/service.js';
import { publicPath } from '../proposals/views.js';
import { documentPath } from './api.js';
import { VERSION_LABEL_HINT, kindLabel, sizeText, type ChangeDocument } from './documents.js';
import { ACCEPTED_TYPES_TEXT, FILE_TYPES } from './file-types.js';
import * as service from './service.js';

const LABELS: Record<string, string> = {
  file: 'File', kind: 'Kind of document', versionLabel: 'Version', title: 'Title', publishedOn: 'Date published (optional)',
  restricted: 'Restricted', audienceCommittee: 'Written for committee (optional)',
};

const ACCEPT = '.pdf,.docx,.xlsx,.odt,.md,.markdown,.txt';

function restrictedText(ctx: ServiceContext, d: ChangeDocument): string {
  const committee = ctx.profile.committees.find((c) => c.code === d.audienceCommittee);
  return committee ? `Restricted: the ${committee.shortName} and the Secretariat` : 'Restricted: the Secretariat';
}

function DocumentsTable({ ctx, detail, documents }: { ctx: ServiceContext; detail: ProposalDetail; documents: ChangeDocument[] }) {
  const p = detail.proposal;
  if (detail.problemStatements.length + documents.length === 0) return <p>No documents yet.</p>;
  return (
    <table>
      <caption class="visually-hidden">Documents of {p.reference}</caption>
      <thead><tr><th scope="col">Document</th><th scope="col">Kind</th><th scope="col">Version</th><th scope="col">Date</th><th scope="col">File</th></tr></thead>
      <tbody>
        {detail.problemStatements.map((v) => (
          <tr>
            <td><a href={`${publicPath(p)}problem-statement#v${v.label}`}>{`Problem statement (${v.status})`}</a></td>
            <td>Problem statement</td>
            <td>{`v${v.label}`}</td>
            <td>{formatDate(v.businessDate)}</td>
            <td>On the problem statement page</td>
          </tr>
        ))}
        {documents.map((d) => (
          <tr>
            <td>
              {d.file ? <a href={`${documentPath(p.reference, d.id)}/file`} download>{d.title}</a> : d.title}
              {d.restricted && <p class="meta">{restrictedText(ctx, d)}</p>}
            </td>
            <td>{kindLabel(ctx.profile, d.kind)}</td>
            <td>{d.versionLabel}</td>
            <td>{formatDate(d.publishedOn)}</td>
            <td>{d.file ? `${FILE_TYPES[d.file.type].label}, ${sizeText(d.file.size)}` : 'Listed only (no file kept)'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UploadForm({ ctx, detail, csrf, values = {}, errors = {} }: {
  ctx: ServiceContext; detail: ProposalDetail; csrf: string; values?: Form; errors?: FormErrors;
}) {
  const fileHint = `${ACCEPTED_TYPES_TEXT}; at most ${sizeText(ctx.maxUploadBytes)}.`;
  return (
    <form method="post" action={`${publicPath(detail.proposal)}documents`} enctype="multipart/form-data" novalidate>
      <CsrfField token={csrf} />
      <Field name="file" label={LABELS.file} hint={fileHint} error={errors.file}>
        <input id="f-file" name="file" type="file" accept={ACCEPT} aria-invalid={errors.file ? 'true' : undefined}
          aria-describedby={describedBy('file', fileHint, errors.file)} />
      </Field>
      <Select name="kind" label={LABELS.kind} value={one(values.kind)} errors={errors} blank="Choose…"
        options={ctx.profile.documentTypes.map((t) => ({ value: t.id, label: t.label }))} />
      <TextInput name="versionLabel" label={LABELS.versionLabel} value={one(values.versionLabel)} errors={errors} hint={VERSION_LABEL_HINT} />
      <TextInput name="title" label={LABELS.title} value={one(values.title)} errors={errors} />
      <TextInput name="publishedOn" label={LABELS.publishedOn} type="date" value={one(values.publishedOn)} errors={errors} hint="Leave empty for today." />
      <div class={errors.restricted ? 'field check field-error' : 'field check'}>
        <input type="checkbox" id="f-restricted" name="restricted" value="true" checked={one(values.restricted) === 'true'}
          aria-describedby="f-restricted-hint" />
        <label for="f-restricted">{LABELS.restricted}</label>
        <p class="hint" id="f-restricted-hint">Only the Secretariat, and the members of the committee chosen below, may see it.</p>
      </div>
      <Select name="audienceCommittee" label={LABELS.audienceCommittee} value={one(values.audienceCommittee)} errors={errors} blank="No committee"
        options={ctx.profile.committees.map((c) => ({ value: c.code, label: `${c.name} (${c.shortName})` }))} />
      <button type="submit">Add document</button>
    </form>
  );
}

/** The change page's "Documents": problem statement versions and the documents the viewer may read, and the upload form for those who may add one. */
export async function documentsSection(ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext): Promise<ComponentChildren> {
  const documents = await service.listReadable(ctx, viewer, detail.proposal.id);
  return (
    <section aria-labelledby="h-docs">
      <h2 id="h-docs">Documents</h2>
      <DocumentsTable ctx={ctx} detail={detail} documents={documents} />
      {can(viewer, 'proposals.write') && (
        <details class="upload">
          <summary>Add a document</summary>
          <UploadForm ctx={ctx} detail={detail} csrf={page.csrf} />
        </details>
      )}
    </section>
  );
}

function DocumentsPage({ ctx, detail, documents, csrf, canAdd, failed }: {
  ctx: ServiceContext; detail: ProposalDetail; documents: ChangeDocument[]; csrf: string; canAdd: boolean;
  failed?: { values: Form; errors: FormErrors; message: string };
}) {
  const p = detail.proposal;
  return (
    <>
      <p class="kicker">{p.reference}</p>
      <h1>Documents: {p.title}</h1>
      <DocumentsTable ctx={ctx} detail={detail} documents={documents} />
      {canAdd && (
        <section aria-labelledby="h-add">
          <h2 id="h-add">Add a document</h2>
          <ErrorSummary message={failed && `${failed.message} Choose the file again: a browser does not send it twice.`} errors={failed?.errors ?? {}} labels={LABELS} />
          <UploadForm ctx={ctx} detail={detail} csrf={csrf} values={failed?.values} errors={failed?.errors} />
        </section>
      )}
      <p><a href={publicPath(p)}>Back to {p.reference}</a></p>
    </>
  );
}

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 300 }) });

export function registerDocumentPages(app: HttpServer, ctx: ServiceContext): void {
  async function detailOf(slug: string): Promise<ProposalDetail> {
    const detail = await getProposalDetailBySlug(ctx, slug, { withEvents: false });
    if (!detail) throw notFound(`A change at /modifications/${slug}/`);
    return detail;
  }

  async function documentsPage(reply: FastifyReply, viewer: Actor, detail: ProposalDetail, status = 200, failed?: { values: Form; errors: FormErrors; message: string }) {
    const p = detail.proposal;
    const documents = await service.listReadable(ctx, viewer, p.id);
    return html(reply, status, renderPage({ title: `Documents of ${p.reference}`, section: 'register',
      crumbs: [{ href: '/modifications/', label: 'Register' }, { href: publicPath(p), label: p.reference }],
      children: <DocumentsPage ctx={ctx} detail={detail} documents={documents} csrf={reply.generateCsrf()} failed={failed}
        canAdd={can(viewer, 'proposals.write')} /> }));
  }

  app.get('/modifications/:slug/documents', { config: { permission: 'site.read' }, schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params;
    const detail = await detailOf(slug);
    if (detail.proposal.slug !== slug) return reply.redirect(`${publicPath(detail.proposal)}documents`, 301);
    return documentsPage(reply, request.actor ?? PUBLIC, detail);
  });

  app.post('/modifications/:slug/documents', {
    config: { permission: 'proposals.write' },
    // The form's fields are read from the multipart body before the CSRF check, which reads _csrf among them.
    preValidation: [readMultipart({ maxFileBytes: () => ctx.maxUploadBytes }), app.csrfProtection],
    schema: { params: SlugParams, body: FormBody },
  }, async (request, reply) => {
    const detail = await detailOf(request.params.slug);
    const form = request.body;
    try {
      await service.uploadDocument(ctx, formActor(request), detail.proposal.reference, {
        kind: one(form.kind), versionLabel: one(form.versionLabel), title: one(form.title), restricted: one(form.restricted) === 'true',
        audienceCommittee: one(form.audienceCommittee), publishedOn: one(form.publishedOn), file: request.uploads?.file ?? null,
      });
      return reply.redirect(withDone(`${publicPath(detail.proposal)}#h-docs`, 'document'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      const message = Object.keys(refused.errors).length ? 'Check the fields marked below.' : refused.message;
      return documentsPage(reply, formActor(request), detail, refused.status, { values: form, errors: refused.errors, message });
    }
  });
}
