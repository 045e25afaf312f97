// Plain JSON shapes of the register for the API, the CLI and exports.
import type { ServiceContext } from '../context.js';
import { bodyName, findState } from '../../process/workflow.js';
import type { Proposal } from './proposals.js';
import type { ProposalDetail } from './service.js';

export function publicPath(p: Pick<Proposal, 'slug'>): string {
  return `/modifications/${p.slug}/`;
}

/** The address of the page of the release a change targets (kept by the module that keeps releases). */
export function targetReleasePath(ctx: ServiceContext, target: { id: string }): string | null {
  return ctx.references.get('targetRelease')?.path(target.id) ?? null;
}

export function summaryView(ctx: ServiceContext, p: Proposal) {
  const { id: _id, series: _series, ...rest } = p;
  const releasePath = p.targetRelease && targetReleasePath(ctx, p.targetRelease);
  return {
    ...rest,
    targetRelease: p.targetRelease && { ...p.targetRelease, url: releasePath ? `${ctx.publicBaseUrl}${releasePath}` : null },
    url: `${ctx.publicBaseUrl}${publicPath(p)}`,
    stateLabel: findState(ctx.profile, p.state).label,
  };
}

export function detailView(ctx: ServiceContext, d: ProposalDetail) {
  const latest = d.problemStatements[d.problemStatements.length - 1] ?? null;
  return {
    ...summaryView(ctx, d.proposal),
    actions: d.actions.map(({ action, blockedBy }) => ({
      id: action.id,
      label: action.label,
      body: action.body,
      bodyName: bodyName(ctx.profile, action.body),
      available: blockedBy === null,
      blockedBy,
      inputs: action.inputs.map((i) => ({ name: i.name, label: i.label, required: i.required, ...(i.options ? { options: i.options } : {}) })),
    })),
    problemStatement: latest && {
      label: latest.label, status: latest.status, body: latest.body,
      businessDate: latest.businessDate, createdAt: latest.createdAt, createdBy: latest.createdBy,
    },
    problemStatementVersions: d.problemStatements.map((v) => ({ label: v.label, status: v.status, businessDate: v.businessDate })),
  };
}
