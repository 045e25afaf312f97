// Open consultations as deadlines (see deadline-sources.ts): each is due on its closing day. The
// Secretariat sees every open one; a Party user those its organisation may answer and has not yet.
// A consultation is public (its opening and close are public events), so its closing day is a public
// date too: the day it closed, once it has.
import type { Actor } from '../accounts/accounts.js';
import { executor } from '../context.js';
import type { DeadlineSource } from '../deadline-sources.js';
import { consultationPath, eligibility, findKind, kindLabel, seesAllResponses } from './consultations.js';
import * as repo from './repository.js';

export const consultationDeadlines: DeadlineSource = {
  name: 'consultations',
  async read(ctx, viewer: Actor, window) {
    const party = viewer.role === 'party' && viewer.organisationId;
    if (!seesAllResponses(viewer) && !party) return [];
    const ex = executor(ctx);
    const org = party ? await repo.findOrganisation(ex, viewer.organisationId!) : null;
    const { label, from } = ctx.profile.deadlines.consultationClose;
    const out = [];
    for (const { consultation: c, reference } of await repo.listOpenWithChange(ex)) {
      if (c.closesOn >= window.dueBefore) continue;
      if (party) {
        const kind = findKind(ctx.profile, c.kind);
        if (!kind || !eligibility(ctx.profile, kind, org).ok || c.opensOn > window.today) continue;
        if (await repo.findResponse(ex, c.id, org!.id)) continue;
      }
      out.push({
        kind: 'consultation-close', label, from, subject: { type: 'consultation', id: c.id, ref: c.title },
        title: `${reference}: ${c.title}`, href: consultationPath(c.id), since: c.opensOn, dueOn: c.closesOn,
      });
    }
    return out;
  },
  async publicDates(ctx, range) {
    const { label, from } = ctx.profile.deadlines.consultationClose;
    return (await repo.listClosingFrom(executor(ctx), range.from)).map(({ consultation: c, reference }) => ({
      key: `consultation-close:${c.id}`, kind: 'consultation-close', label, from,
      subject: { type: 'consultation', id: c.id, ref: c.title }, title: `${reference}: ${c.title}`,
      href: consultationPath(c.id), since: c.opensOn, dueOn: c.closedOn ?? c.closesOn, proposalIds: [c.proposalId],
      note: c.closedOn
        ? `${kindLabel(ctx.profile, c.kind)}: open from ${c.opensOn}, closed on ${c.closedOn}.`
        : `${kindLabel(ctx.profile, c.kind)}: open from ${c.opensOn} to ${c.closesOn}.`,
    }));
  },
};
