// HTML routes of the register. Handlers parse the form, call one service function and render;
// a refused form comes back with the user's values and the messages beside the fields.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from 'typebox';
import { withDone } from '../../platform/http/flash.js';
import type { HttpServer } from '../../platform/http/server.js';
import { renderPage } from '../../platform/http/layout.js';
import { FormBody, formRefusal, formVersion, html, many, one, type Form } from '../../platform/http/form.js';
import { sendCached } from '../../platform/http/response-cache.js';
import { lastPosition } from '../../platform/events/stream.js';
import { londonDate } from '../../process/dates.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { allows, formActor } from '../accounts/http.js';
import { executor, type ServiceContext } from '../context.js';
import type { ChangePageSection } from '../manifest.js';
import { PUBLIC } from '../accounts/accounts.js';
import { listAnalysts, listOrganisations } from '../directory/repository.js';
import { CompareView } from './compare-view.js';
import { DetailView, type ActionFormState } from './detail-view.js';
import { EditForm, ProblemStatementPage, RaiseForm, type FormValues } from './form-views.js';
import { ListView, listHref } from './list-view.js';
import { assembleProblemStatement, problemStatementTemplate, sectionField, type Proposal } from './proposals.js';
import * as service from './service.js';
import { publicPath } from './views.js';
import { changeAlternates, registerAlternates } from '../feed-paths.js';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const HTML = 'text/html; charset=utf-8';

function lines(v: string | string[] | undefined): string[] {
  return one(v).split('\n').map((s) => s.trim()).filter(Boolean);
}

/**
 * Sections that modules above proposals add to each change's page (committee views, later
 * consultations and votes) come in as functions, so proposals never imports those modules.
 */
/**
 * Where a change page kept for one signed-in reader holds its forms' CSRF token: the page is kept
 * with this in their place and each copy sent gets a token made for its request. Random for each
 * process (as the kept pages are), so no text a user writes on a change can stand for it.
 */
const CSRF_SLOT = `csrf-slot-${randomBytes(16).toString('hex')}`;

export function registerProposalPages(app: HttpServer, ctx: ServiceContext, sections: readonly ChangePageSection[] = []): void {
  /**
   * The page, and whether it holds a form (its CSRF token was asked for). `csrf` makes the token:
   * the request's own by default, or a slot filled in as a kept page is sent.
   */
  const renderDetail = async (request: FastifyRequest, reply: FastifyReply, detail: service.ProposalDetail, failed?: ActionFormState,
    csrf: () => string = () => reply.generateCsrf()) => {
    let token: string | undefined;
    const page = { get csrf() { return (token ??= csrf()); } };
    const canWrite = allows(request, 'proposals.write');
    const extra = await Promise.all(sections.map((section) => section(ctx, detail, request.actor ?? PUBLIC, page)));
    const body = renderDetailPage(ctx, detail, canWrite ? page.csrf : '', failed, extra, canWrite);
    return { body, withForm: token !== undefined };
  };
  const detailPage = async (request: FastifyRequest, reply: FastifyReply, detail: service.ProposalDetail, failed?: ActionFormState) =>
    (await renderDetail(request, reply, detail, failed)).body;
  const csrfCheck = { preValidation: app.csrfProtection };
  const choices = async () => ({
    organisations: await listOrganisations(ctx.db.kysely),
    analysts: await listAnalysts(ctx.db.kysely),
  });

  async function loadBySlug(slug: string, request: FastifyRequest, reply: FastifyReply): Promise<service.ProposalDetail | null> {
    const detail = await service.getProposalDetailBySlug(ctx, slug, { viewer: request.actor });
    if (!detail) throw notFound(`A change at /modifications/${slug}/`);
    if (detail.proposal.slug !== slug) {
      const [path, query] = request.url.split('?');
      const rest = path.replace(`/modifications/${slug}`, '').replace(/^\/+/, '');
      reply.redirect(`${publicPath(detail.proposal)}${rest}${query !== undefined ? `?${query}` : ''}`, 301);
      return null;
    }
    return detail;
  }


  app.get('/modifications/', { config: { permission: 'site.read' }, schema: { querystring: FormBody } }, async (request, reply) => {
    const known = ['q', 'stage', 'path', 'partyCategory', 'leadAnalyst', 'sort', 'order', 'offset', 'limit'];
    const given = Object.entries(request.query).map(([k, v]) => [k, one(v)] as const);
    const query = Object.fromEntries(given.filter(([k, v]) => v !== '' && known.includes(k)));
    // The filter form sends every field, most of them empty: answer with the short address that
    // says only what is filtered, so it can be bookmarked and shared.
    if (given.some(([k, v]) => v === '' && known.includes(k))) {
      return reply.redirect(listHref(query), 303);
    }
    // The list has no form but the filters: one rendering serves every reader, whose header is
    // filled as it is sent. Any write may change it.
    const viewer = request.actor ?? PUBLIC;
    const finish = (text: string) => app.fillPageHeader(text, viewer, request.url, () => reply.generateCsrf());
    const key = `page-list:${await lastPosition(executor(ctx))}:${listHref(query)}`;
    return sendCached(app.responseCache, request, reply, key, HTML, async () => {
      const { organisations, analysts } = await choices();
      try {
        const result = await service.listProposals(ctx, query);
        return renderPage({ title: 'Change register', section: 'register', alternates: registerAlternates(ctx.profile.name),
          children: <ListView ctx={ctx} data={{ ...result, query, analysts, organisations }} /> });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
        return { status: 400, body: renderPage({ title: 'Change register', section: 'register',
          children: <ListView ctx={ctx} data={{ items: [], total: 0, limit: 25, offset: 0, query, analysts, organisations, error: error.message }} /> }) };
      }
    }, { finish });
  });

  app.get('/modifications/new', { config: { permission: 'proposals.write' } }, async (_request, reply) => {
    const values = {};
    return html(reply, 200, renderPage({ title: ctx.profile.words.navigation.raise, section: 'raise', crumbs: [{ href: '/modifications/', label: 'Register' }],
      children: <RaiseForm ctx={ctx} values={values} errors={{}} csrf={reply.generateCsrf()} choices={await choices()} /> }));
  });

  app.post('/modifications/new', { ...csrfCheck, config: { permission: 'proposals.write' }, schema: { body: FormBody } }, async (request, reply) => {
    const form: Form = request.body;
    try {
      const created = await service.raiseProposal(ctx, formActor(request), {
        title: one(form.title), summary: one(form.summary), proposer: one(form.proposer) || null,
        organisation: one(form.organisation) || null, leadAnalyst: one(form.leadAnalyst) || null,
        raisedOn: one(form.raisedOn) || undefined, impactedCategories: many(form.impactedCategories),
        documentsAffected: lines(form.documentsAffected),
        // One text per section of the profile, assembled under the headings.
        problemStatement: assembleProblemStatement(ctx.profile, ctx.profile.problemStatementSections.map((_, i) => one(form[sectionField(i)]))),
      });
      return reply.redirect(withDone(publicPath(created), 'raised'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      return html(reply, refused.status, renderPage({ title: ctx.profile.words.navigation.raise, section: 'raise', crumbs: [{ href: '/modifications/', label: 'Register' }],
        children: <RaiseForm ctx={ctx} values={form} errors={refused.errors} message={refused.message}
          csrf={reply.generateCsrf()} choices={await choices()} /> }));
    }
  });

  app.get('/modifications/:slug', { config: { permission: 'site.read' }, schema: { params: SlugParams } }, async (request, reply) => {
    const viewer = request.actor ?? PUBLIC;
    // A signed-in reader's page is kept by the stream's last position: read in the same round trip.
    const s = await service.stampBySlug(ctx, request.params.slug, { withPosition: viewer.role !== 'public' });
    if (!s || s.slug !== request.params.slug) {
      // Unknown (404) or an old address (301): as every page of the change answers it.
      await loadBySlug(request.params.slug, request, reply);
      return reply;
    }
    // A page is kept by what it shows and for whom. The public's: by the change, what happened to
    // it, renames and the day, with its header filled in (a public page with a form is not kept).
    // A signed-in reader's is their own (sections show a reader their own things: a watch, a
    // ballot, a response, the forms their role may use), kept by the last event of the whole stream,
    // since their sections read more than the change's own events, and by the day; its forms'
    // CSRF token and its header are filled in for each request.
    const day = londonDate(ctx.clock());
    if (viewer.role === 'public') {
      const key = `page-change:${s.id}:${s.version}:${s.lastEvent}:${s.directory}:${day}:public`;
      return sendCached(app.responseCache, request, reply, key, HTML, async () => {
        const detail = (await service.getProposalDetailBySlug(ctx, s.slug, { viewer }))!;
        const { body, withForm } = await renderDetail(request, reply, detail);
        if (withForm) return { status: 200, body };
        return app.fillPageHeader(body, viewer, publicPath(s), () => reply.generateCsrf());
      });
    }
    const reader = `${viewer.id}:${viewer.role}:${viewer.organisationId ?? ''}:${(viewer.committees ?? []).join(',')}`;
    const key = `page-change:${s.id}:${s.position ?? await lastPosition(executor(ctx))}:${day}:${reader}`;
    const finish = (text: string) => {
      let token: string | undefined;
      const csrf = () => (token ??= reply.generateCsrf());
      return app.fillPageHeader(text.includes(CSRF_SLOT) ? text.replaceAll(CSRF_SLOT, csrf()) : text, viewer, request.url, csrf);
    };
    return sendCached(app.responseCache, request, reply, key, HTML, async () => {
      const detail = (await service.getProposalDetailBySlug(ctx, s.slug, { viewer }))!;
      return (await renderDetail(request, reply, detail, undefined, () => CSRF_SLOT)).body;
    }, { finish });
  });

  app.get('/modifications/:slug/edit', { config: { permission: 'proposals.write' }, schema: { params: SlugParams } }, async (request, reply) => {
    const detail = await loadBySlug(request.params.slug, request, reply);
    if (!detail) return reply;
    return html(reply, 200, editPage(ctx, detail.proposal, valuesOf(detail.proposal), {}, undefined, reply.generateCsrf(), await choices()));
  });

  app.post('/modifications/:slug/edit', { ...csrfCheck, config: { permission: 'proposals.write' }, schema: { params: SlugParams, body: FormBody } }, async (request, reply) => {
    const detail = await loadBySlug(request.params.slug, request, reply);
    if (!detail) return reply;
    const form: Form = request.body;
    try {
      const updated = await service.editProposal(ctx, formActor(request), detail.proposal.reference, formVersion(form), {
        title: one(form.title), slug: one(form.slug), summary: one(form.summary), solution: one(form.solution),
        latestUpdate: one(form.latestUpdate), proposer: one(form.proposer) || null, organisation: one(form.organisation) || null,
        leadAnalyst: one(form.leadAnalyst) || null, targetRelease: one(form.targetRelease) || null,
        urgent: one(form.urgent) === 'true', impactedCategories: many(form.impactedCategories),
        documentsAffected: lines(form.documentsAffected), businessDate: one(form.businessDate) || undefined, note: one(form.note),
      });
      return reply.redirect(withDone(publicPath(updated), 'edited'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      return html(reply, refused.status, editPage(ctx, detail.proposal, form, refused.errors, refused.message, reply.generateCsrf(), await choices()));
    }
  });

  app.get('/modifications/:slug/problem-statement', { config: { permission: 'site.read' }, schema: { params: SlugParams } }, async (request, reply) => {
    const detail = await loadBySlug(request.params.slug, request, reply);
    if (!detail) return reply;
    const latest = detail.problemStatements[detail.problemStatements.length - 1];
    const values = { version: String(detail.proposal.version), body: latest?.body ?? problemStatementTemplate(ctx.profile) };
    return html(reply, 200, problemStatementPage(ctx, detail, values, {}, undefined, reply.generateCsrf(), allows(request, 'proposals.write')));
  });

  app.get('/modifications/:slug/problem-statement/compare', { config: { permission: 'site.read' }, schema: {
    params: SlugParams, querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })), to: Type.Optional(Type.String({ maxLength: 20 })) }),
  } }, async (request, reply) => {
    const detail = await loadBySlug(request.params.slug, request, reply);
    if (!detail) return reply;
    const p = detail.proposal;
    const versions = detail.problemStatements;
    const find = (label: string | undefined, fallback: number) => {
      if (label === undefined || label === '') return versions[fallback];
      const version = versions.find((v) => v.label === label.trim().replace(/^v/i, ''));
      if (!version) throw notFound(`Version ${label} of the problem statement of ${p.reference}`);
      return version;
    };
    const to = find(request.query.to, versions.length - 1);
    const from = find(request.query.from, Math.max(0, versions.indexOf(to) - 1));
    return html(reply, 200, renderPage({ title: `Compare problem statement versions ${p.reference}`, crumbs: crumbsFor(p),
      children: <CompareView proposal={p} versions={versions} from={from} to={to} /> }));
  });

  app.post('/modifications/:slug/problem-statement', { ...csrfCheck, config: { permission: 'proposals.write' }, schema: { params: SlugParams, body: FormBody } }, async (request, reply) => {
    const detail = await loadBySlug(request.params.slug, request, reply);
    if (!detail) return reply;
    const form: Form = request.body;
    try {
      await service.saveProblemStatement(ctx, formActor(request), detail.proposal.reference, {
        body: one(form.body), businessDate: one(form.businessDate) || undefined, expectedVersion: formVersion(form),
      });
      return reply.redirect(withDone(`${publicPath(detail.proposal)}problem-statement`, 'problem-statement'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      return html(reply, refused.status, problemStatementPage(ctx, detail, form, refused.errors, refused.message, reply.generateCsrf(), true));
    }
  });

  app.post('/modifications/:slug/actions', { ...csrfCheck, config: { permission: 'proposals.write' }, schema: { params: SlugParams, body: FormBody } }, async (request, reply) => {
    const detail = await loadBySlug(request.params.slug, request, reply);
    if (!detail) return reply;
    const form: Form = request.body;
    const { action = '', businessDate = '', note = '', version: _version, _csrf, ...inputs } = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, one(v)]));
    try {
      const updated = await service.actOnProposal(ctx, formActor(request), detail.proposal.reference, {
        action, businessDate: businessDate || undefined, note, inputs, expectedVersion: formVersion(form),
      });
      return reply.redirect(withDone(`${publicPath(updated)}#h-timeline`, 'action'), 303);
    } catch (error) {
      const refused = formRefusal(error);
      const fresh = await service.getProposalDetail(ctx, detail.proposal.reference, { viewer: request.actor });
      const failed: ActionFormState = {
        action, values: { businessDate, note, ...inputs }, errors: refused.errors, message: refused.message, allowed: refused.allowed,
      };
      return html(reply, refused.status, await detailPage(request, reply, fresh, failed));
    }
  });
}

function valuesOf(p: Proposal): FormValues {
  return {
    version: String(p.version), title: p.title, slug: p.slug, summary: p.summary, solution: p.solution,
    latestUpdate: p.latestUpdate, proposer: p.proposer?.name, organisation: p.organisation?.name,
    leadAnalyst: p.leadAnalyst?.name, targetRelease: p.targetRelease?.name ?? '', urgent: p.urgent ? 'true' : 'false',
    impactedCategories: p.impactedCategories, documentsAffected: p.documentsAffected.join('\n'),
  };
}

function crumbsFor(p: Proposal) {
  return [{ href: '/modifications/', label: 'Register' }, { href: publicPath(p), label: p.reference }];
}

function renderDetailPage(ctx: ServiceContext, detail: service.ProposalDetail, csrf: string, failed: ActionFormState | undefined,
  extra: ComponentChildren[], canWrite: boolean): string {
  return renderPage({ title: `${detail.proposal.reference} ${detail.proposal.title}`, crumbs: [{ href: '/modifications/', label: 'Register' }],
    section: 'register', alternates: changeAlternates(detail.proposal.slug, detail.proposal.reference),
    children: <DetailView ctx={ctx} detail={detail} csrf={csrf} failed={failed} extra={extra} canWrite={canWrite} /> });
}

function editPage(ctx: ServiceContext, p: Proposal, values: FormValues, errors: Record<string, string>, message: string | undefined,
  csrf: string, choices: Parameters<typeof EditForm>[0]['choices']): string {
  return renderPage({ title: `Edit ${p.reference}`, crumbs: crumbsFor(p),
    children: <EditForm ctx={ctx} proposal={p} values={values} errors={errors} message={message} csrf={csrf} choices={choices} /> });
}

function problemStatementPage(ctx: ServiceContext, detail: service.ProposalDetail, values: FormValues,
  errors: Record<string, string>, message: string | undefined, csrf: string, canWrite: boolean): string {
  const p = detail.proposal;
  const editable = canWrite && service.canChangeProblemStatement(ctx, p);
  return renderPage({ title: `Problem statement ${p.reference}`, crumbs: crumbsFor(p),
    children: <ProblemStatementPage proposal={p} versions={detail.problemStatements} values={values} errors={errors}
      closed={!service.canChangeProblemStatement(ctx, p)}
      message={message} csrf={csrf} editable={editable} /> });
}
