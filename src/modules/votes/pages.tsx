// Pages of votes: the change page's "Change Board vote and decision" section (votes with their
// tally to those who may see it, the member's ballot form while a vote is open, the Authority's
// decisions and appeals), the vote's own page with the live tally and what is still needed, the
// ballot and close forms (CSRF-checked), and the frozen HTML record of a closed vote.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { FormBody, formRefusal, html, many, one, type Form } from '../../platform/http/form.js';
import { CsrfField, ErrorSummary, TextArea, TextInput, type FormErrors } from '../../platform/http/forms.js';
import { renderPage } from '../../platform/http/layout.js';
import { formatDate } from '../../process/dates.js';
import { PUBLIC, type Actor } from '../accounts/accounts.js';
import { formActor } from '../accounts/http.js';
import { can } from '../accounts/permissions.js';
import type { ServiceContext } from '../context.js';
import { documentPath } from '../documents/api.js';
import type { ChangePageContext } from '../manifest.js';
import { getProposalDetailBySlug, type ProposalDetail } from '../proposals/service.js';
import { notFound } from '../../platform/errors.js';
import { publicPath } from '../proposals/views.js';
import * as service from './service.js';
import { CHOICE_LABELS, POSITION_LABELS, neededText, votePath } from './votes.js';

function Tally({ ctx, detail }: { ctx: ServiceContext; detail: service.VoteDetail }) {
  if (!detail.tallyVisible) return <p>The tally and the ballots are published when the vote closes.</p>;
  const labels = new Map(ctx.profile.voting.groups.map((g) => [g.id, g.label]));
  return (
    <>
      {detail.result.options.map((o) => (
        <div class="vote-option">
          <h3>{o.title}: {o.passes ? 'passes' : 'does not pass'}</h3>
          {o.description && <p>{o.description}</p>}
          <table>
            <caption>{o.approving} of {o.counted} counted voting groups approve; {o.needed} needed.</caption>
            <thead><tr><th scope="col">Voting group</th><th scope="col">Members</th><th scope="col">Approve</th><th scope="col">Reject</th><th scope="col">Abstain</th><th scope="col">Still to vote</th><th scope="col">Position</th></tr></thead>
            <tbody>
              {o.groups.map((g) => (
                <tr><th scope="row">{g.label}</th><td>{g.members}</td><td>{g.approve}</td><td>{g.reject}</td><td>{g.abstain}</td><td>{g.outstanding}</td><td>{POSITION_LABELS[g.position]}</td></tr>
              ))}
            </tbody>
          </table>
          {detail.vote.status === 'open' && <p class="meta">{o.passes ? neededText(o.toFail, labels, 'fail') : neededText(o.toPass, labels, 'pass')}</p>}
        </div>
      ))}
    </>
  );
}

function Ballots({ ctx, detail }: { ctx: ServiceContext; detail: service.VoteDetail }) {
  if (!detail.ballots) return null;
  if (detail.ballots.length === 0) return <p>No ballots yet.</p>;
  const group = (id: string) => ctx.profile.voting.groups.find((g) => g.id === id)?.label ?? id;
  const objective = (id: string) => ctx.profile.objectives.find((o) => o.id === id)?.label ?? id;
  return (
    <ul class="ballots">
      {detail.ballots.map((b) => (
        <li>
          <strong>{b.voter}</strong>{b.organisation ? `, ${b.organisation}` : ''} ({group(b.group)})
          <ul>
            {b.choices.map((c) => (
              <li>
                {detail.vote.options.find((o) => o.key === c.option)?.title ?? c.option}: <strong>{CHOICE_LABELS[c.choice]}</strong>
                {c.objectives.length > 0 && ` (${c.objectives.map(objective).join('; ')})`}
                {c.rationale && `: ${c.rationale}`}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function BallotForm({ ctx, detail, csrf, values, errors = {} }: {
  ctx: ServiceContext; detail: service.VoteDetail; csrf: string; values?: Form; errors?: FormErrors;
}) {
  const mine = (key: string) => detail.mine?.choices.find((c) => c.option === key);
  return (
    <form method="post" action={`${votePath(detail.vote.id)}/ballot`} novalidate>
      <CsrfField token={csrf} />
      {detail.vote.options.map((o, i) => {
        const choice = values ? one(values[`choice-${o.key}`]) : mine(o.key)?.choice ?? '';
        const rationale = values ? one(values[`rationale-${o.key}`]) : mine(o.key)?.rationale ?? '';
        const chosen = values ? many(values[`objectives-${o.key}`]) : mine(o.key)?.objectives ?? [];
        const err = (f: string) => errors[`choices.${i}.${f}`];
        return (
          <fieldset>
            <legend>{o.title}</legend>
            {err('choice') && <p class="error" id={`err-choice-${o.key}`}>{err('choice')}</p>}
            {(['approve', 'reject', 'abstain'] as const).map((c) => (
              <label class="inline"><input type="radio" name={`choice-${o.key}`} value={c} checked={choice === c} /> {CHOICE_LABELS[c]}</label>
            ))}
            <fieldset>
              <legend>Objectives your rationale is about</legend>
              {err('objectives') && <p class="error">{err('objectives')}</p>}
              {ctx.profile.objectives.map((obj) => (
                <label class="inline"><input type="checkbox" name={`objectives-${o.key}`} value={obj.id} checked={chosen.includes(obj.id)} /> {obj.label}</label>
              ))}
            </fieldset>
            <label for={`rationale-${o.key}`}>Rationale</label>
            {err('rationale') && <p class="error">{err('rationale')}</p>}
            <textarea id={`rationale-${o.key}`} name={`rationale-${o.key}`} rows={4}>{rationale}</textarea>
          </fieldset>
        );
      })}
      <button type="submit">{detail.mine ? 'Change my ballot' : 'Cast my ballot'}</button>
    </form>
  );
}

function VoteSummary({ ctx, detail }: { ctx: ServiceContext; detail: service.VoteDetail }) {
  const v = detail.vote;
  const carried = v.options.find((o) => o.key === v.carried);
  return (
    <p>
      {v.status === 'open' ? `Open since ${formatDate(v.openedOn)}.` : `Closed ${formatDate(v.closedOn)}: ${carried ? `"${carried.title}" carried` : 'no option carried'}`}
      {v.status === 'counted' && v.action && `; ${ctx.profile.actions.find((a) => a.id === v.action)?.eventLabel ?? v.action}.`}
      {' '}<a href={votePath(v.id)}>The vote{v.status === 'open' ? ' and its live tally' : ' and its record'}</a>
      {v.status === 'counted' && <> · <a href={`${votePath(v.id)}/record.html`}>Frozen record (HTML)</a></>}
      {detail.documentIds.map((id, i) => <> · <a href={`${documentPath(v.reference, id)}/file`}>{i === 0 ? 'PDF' : 'Markdown'}</a></>)}
    </p>
  );
}

const OPEN_LABELS: Record<string, string> = {
  'alternatives': 'Alternatives, one title a line (optional)', 'businessDate': 'Date opened (optional, default today)',
};

/** The alternatives typed one a line, as the API takes them. */
const alternativesOf = (text: string) => text.split(/\r?\n/).map((t) => t.trim()).filter(Boolean).map((title) => ({ title }));

function OpenForm({ detail, csrf, values = {}, errors = {} }: { detail: ProposalDetail; csrf: string; values?: Form; errors?: FormErrors }) {
  // A refusal on one alternative's title is shown on the one field they are typed in.
  const fieldErrors = { ...errors, alternatives: errors.alternatives ?? Object.entries(errors).find(([k]) => k.startsWith('alternatives.'))?.[1] };
  return (
    <form method="post" action={`${publicPath(detail.proposal)}votes`} novalidate>
      <CsrfField token={csrf} />
      <TextArea name="alternatives" label={OPEN_LABELS.alternatives} value={one(values.alternatives)} errors={fieldErrors} rows={3} />
      <TextInput name="businessDate" label={OPEN_LABELS.businessDate} type="date" value={one(values.businessDate)} errors={errors} />
      <button type="submit">Open the vote</button>
    </form>
  );
}

/** The change page's section: votes, the Authority's decisions and appeals, as the viewer may see them. */
export async function votesSection(ctx: ServiceContext, detail: ProposalDetail, viewer: Actor, page: ChangePageContext) {
  const p = detail.proposal;
  const [votes, decisions, appeals] = await Promise.all([
    service.votesOfChange(ctx, viewer, p.id), service.decisionsOfChange(ctx, p.id), service.appealsOfChange(ctx, p.id),
  ]);
  const canOpen = can(viewer, 'votes.manage') && service.changeBoardStates(ctx).includes(p.state) && !votes.some((v) => v.vote.status === 'open');
  if (votes.length + decisions.length + appeals.length === 0 && !canOpen) return null;
  return (
    <section aria-labelledby="h-votes">
      <h2 id="h-votes">Change Board vote and decisions</h2>
      {votes.map((d) => (
        <div class="vote">
          <VoteSummary ctx={ctx} detail={d} />
          {d.vote.status === 'open' && d.voter && (
            <details class="ballot">
              <summary>{d.mine ? 'Change your ballot' : 'Cast your ballot'}</summary>
              <BallotForm ctx={ctx} detail={d} csrf={page.csrf} />
            </details>
          )}
        </div>
      ))}
      {canOpen && (
        <details class="open-vote">
          <summary>Open a Change Board vote</summary>
          <OpenForm detail={detail} csrf={page.csrf} />
        </details>
      )}
      {decisions.map((x) => (
        <p>Authority decision of {formatDate(x.decided_on)}: <strong>{service.DECISION_LABELS[x.decision]}</strong>
          {' '}(<a href={`${documentPath(x.reference, x.document_id)}/file`}>decision letter</a>){x.note && `. ${x.note}`}</p>
      ))}
      {appeals.map((a) => (
        <p>Appeal by {a.organisation}, raised {formatDate(a.raisedOn)} (window closed {formatDate(a.windowClosesOn)}):{' '}
          <strong>{a.status === 'open' ? 'open: the change is held until the Authority decides it' : `${a.status} on ${formatDate(a.decidedOn)}`}</strong>
          {a.decisionNote && `. ${a.decisionNote}`}</p>
      ))}
    </section>
  );
}

function VotePage({ ctx, detail, csrf, viewer, failed }: {
  ctx: ServiceContext; detail: service.VoteDetail; csrf: string; viewer: Actor; failed?: { values: Form; errors: FormErrors; message: string };
}) {
  const v = detail.vote;
  return (
    <>
      <p class="kicker">{v.reference}</p>
      <h1>Change Board vote on {v.reference}</h1>
      <VoteSummary ctx={ctx} detail={detail} />
      <section aria-labelledby="h-tally">
        <h2 id="h-tally">{v.status === 'open' ? 'Live tally' : 'Result'}</h2>
        <Tally ctx={ctx} detail={detail} />
      </section>
      {detail.ballots && (
        <section aria-labelledby="h-ballots">
          <h2 id="h-ballots">Ballots</h2>
          <Ballots ctx={ctx} detail={detail} />
        </section>
      )}
      {v.status === 'open' && detail.voter && (
        <section aria-labelledby="h-ballot">
          <h2 id="h-ballot">{detail.mine ? 'Change your ballot' : 'Cast your ballot'}</h2>
          <ErrorSummary message={failed?.message} errors={failed?.errors ?? {}} />
          <BallotForm ctx={ctx} detail={detail} csrf={csrf} values={failed?.values} errors={failed?.errors} />
        </section>
      )}
      {v.status === 'open' && can(viewer, 'votes.manage') && (
        <section aria-labelledby="h-close">
          <h2 id="h-close">Close the vote</h2>
          <p>Closing takes the result as it stands to the change's lifecycle and publishes the record.</p>
          <form method="post" action={`${votePath(v.id)}/close`}>
            <CsrfField token={csrf} />
            <button type="submit">Close the vote</button>
          </form>
        </section>
      )}
    </>
  );
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 300 }) });

export function registerVotePages(app: HttpServer, ctx: ServiceContext): void {
  app.post('/modifications/:slug/votes', { config: { permission: 'votes.manage' }, preValidation: app.csrfProtection, schema: { params: SlugParams, body: FormBody } },
    async (request, reply) => {
      const detail = await getProposalDetailBySlug(ctx, request.params.slug, { withEvents: false });
      if (!detail) throw notFound(`A change at /modifications/${request.params.slug}/`);
      const form = request.body;
      try {
        const opened = await service.openVote(ctx, formActor(request), detail.proposal.reference, {
          alternatives: alternativesOf(one(form.alternatives)), businessDate: one(form.businessDate) || undefined,
        });
        return reply.redirect(votePath(opened.vote.id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        const p = detail.proposal;
        return html(reply, refused.status, renderPage({ title: `Open a Change Board vote on ${p.reference}`, section: 'register',
          crumbs: [{ href: '/modifications/', label: 'Register' }, { href: publicPath(p), label: p.reference }],
          children: (
            <>
              <p class="kicker">{p.reference}</p>
              <h1>Open a Change Board vote on {p.reference}</h1>
              <ErrorSummary message={Object.keys(refused.errors).length ? 'Check the fields marked below.' : refused.message} errors={refused.errors} labels={OPEN_LABELS} />
              <OpenForm detail={detail} csrf={reply.generateCsrf()} values={form} errors={refused.errors} />
              <p><a href={publicPath(p)}>Back to {p.reference}</a></p>
            </>
          ) }));
      }
    });

  async function votePage(reply: FastifyReply, viewer: Actor, id: string, status = 200, failed?: { values: Form; errors: FormErrors; message: string }) {
    const detail = await service.getVote(ctx, viewer, id);
    const proposalHref = publicPath((await ctx.db.kysely.selectFrom('proposals').select('slug').where('id', '=', detail.vote.proposalId).executeTakeFirstOrThrow()));
    const hasForm = detail.vote.status === 'open' && (detail.voter !== null || can(viewer, 'votes.manage'));
    return html(reply, status, renderPage({ title: `Change Board vote on ${detail.vote.reference}`, section: 'register',
      crumbs: [{ href: '/modifications/', label: 'Register' }, { href: proposalHref, label: detail.vote.reference }],
      children: <VotePage ctx={ctx} detail={detail} viewer={viewer} csrf={hasForm ? reply.generateCsrf() : ''} failed={failed} /> }));
  }

  app.get('/votes/:id', { config: { permission: 'site.read' }, schema: { params: IdParams } },
    async (request, reply) => votePage(reply, request.actor ?? PUBLIC, request.params.id));

  app.get('/votes/:id/record.html', { config: { permission: 'site.read' }, schema: { params: IdParams } }, async (request, reply) => {
    const record = await service.voteRecord(ctx, request.params.id);
    return reply.type('text/html; charset=utf-8').header('ETag', `"${record.sha256}"`)
      .header('Repr-Digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`).send(record.html);
  });

  app.post('/votes/:id/ballot', { config: { permission: 'votes.cast' }, preValidation: app.csrfProtection, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params;
      const form = request.body;
      const actor = formActor(request);
      try {
        const vote = await service.getVote(ctx, actor, id);
        await service.castBallot(ctx, actor, id, { choices: vote.vote.options.map((o) => ({
          option: o.key, choice: one(form[`choice-${o.key}`]), rationale: one(form[`rationale-${o.key}`]), objectives: many(form[`objectives-${o.key}`]),
        })) });
        return reply.redirect(votePath(id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        const message = Object.keys(refused.errors).length ? 'Check the choices marked below.' : refused.message;
        return votePage(reply, actor, id, refused.status, { values: form, errors: refused.errors, message });
      }
    });

  app.post('/votes/:id/close', { config: { permission: 'votes.manage' }, preValidation: app.csrfProtection, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params;
      const actor = formActor(request);
      try {
        await service.closeVote(ctx, actor, id, {});
        return reply.redirect(votePath(id), 303);
      } catch (error) {
        const refused = formRefusal(error);
        return votePage(reply, actor, id, refused.status, { values: {}, errors: refused.errors, message: refused.message });
      }
    });
}
