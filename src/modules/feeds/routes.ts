// Feeds over HTTP: Atom for feed readers, iCalendar for calendar apps. Each answer is kept under
// the stream's last position and the day, so a reader polling every few minutes costs one narrow
// query until something happens; a matching If-None-Match gets 304.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { sendCached } from '../../platform/http/response-cache.js';
import { lastPosition } from '../../platform/events/stream.js';
import { notFound } from '../../platform/errors.js';
import { londonDate } from '../../process/dates.js';
import { executor, type ServiceContext } from '../context.js';
import { stampBySlug } from '../proposals/service.js';
import { renderAtom, type AtomFeed } from './atom.js';
import { renderCalendar, type Calendar } from './icalendar.js';
import * as paths from '../feed-paths.js';
import * as feeds from './service.js';
import type { DeadlineSource } from '../deadline-sources.js';

const ATOM = 'application/atom+xml; charset=utf-8';
const ICS = 'text/calendar; charset=utf-8';
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const tags = ['feeds'];

export function registerFeedRoutes(app: HttpServer, ctx: ServiceContext, sources: readonly DeadlineSource[]): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, type: string, render: () => Promise<string>) => {
    const key = `feed:${request.url}:${await lastPosition(executor(ctx))}:${londonDate(ctx.clock())}`;
    return sendCached(app.responseCache, request, reply, key, type, render);
  };
  const atom = (feed: () => Promise<AtomFeed>) => async () => renderAtom(await feed());
  const ics = (calendar: () => Promise<Calendar>) => async () => renderCalendar(await calendar());

  /** The change at the slug, or a 301 to its current address when the slug is an old one. */
  const changeAt = async (slug: string, reply: FastifyReply, path: (slug: string) => string) => {
    const s = await stampBySlug(ctx, slug);
    if (!s) throw notFound(`A change at /modifications/${slug}/`);
    if (s.slug !== slug) {
      reply.redirect(path(s.slug), 301);
      return null;
    }
    return s;
  };

  app.get(paths.REGISTER_FEED_PATH, { config: { permission: 'site.read' }, schema: { tags, summary: 'Atom feed: the newest public events of the whole register' } },
    (request, reply) => send(request, reply, ATOM, atom(() => feeds.registerFeed(ctx))));

  app.get('/modifications/:slug/feed.atom', { config: { permission: 'site.read' }, schema: { tags, summary: 'Atom feed: what happened to one change', params: SlugParams } },
    async (request, reply) => {
      const s = await changeAt(request.params.slug, reply, paths.changeFeedPath);
      return s ? send(request, reply, ATOM, atom(() => feeds.changeFeed(ctx, s.reference))) : reply;
    });

  app.get('/committees/:code/feed.atom', { config: { permission: 'site.read' }, schema: { tags, summary: "Atom feed: a committee's meetings, views and papers", params: CodeParams } },
    (request, reply) => send(request, reply, ATOM, atom(() => feeds.committeeFeed(ctx, request.params.code))));

  app.get(paths.MEETINGS_CALENDAR_PATH, { config: { permission: 'site.read' }, schema: { tags, summary: "iCalendar: every committee's meetings" } },
    (request, reply) => send(request, reply, ICS, ics(() => feeds.meetingsCalendar(ctx))));

  app.get('/committees/:code/meetings.ics', { config: { permission: 'site.read' }, schema: { tags, summary: "iCalendar: one committee's meetings", params: CodeParams } },
    (request, reply) => send(request, reply, ICS, ics(() => feeds.meetingsCalendar(ctx, request.params.code))));

  app.get(paths.RELEASES_CALENDAR_PATH, { config: { permission: 'site.read' }, schema: { tags, summary: 'iCalendar: releases planned and the release calendar' } },
    (request, reply) => send(request, reply, ICS, ics(() => feeds.releasesCalendar(ctx))));

  app.get('/modifications/:slug/calendar.ics', { config: { permission: 'site.read' }, schema: { tags, summary: "iCalendar: the meetings that discuss one change, and its release", params: SlugParams } },
    async (request, reply) => {
      const s = await changeAt(request.params.slug, reply, paths.changeCalendarPath);
      return s ? send(request, reply, ICS, ics(() => feeds.changeCalendar(ctx, s.reference))) : reply;
    });

  app.get(paths.DEADLINES_CALENDAR_PATH, { config: { permission: 'site.read' }, schema: { tags, summary: 'iCalendar: public deadlines of the whole register (consultations closing, appeal windows ending, releases)' } },
    (request, reply) => send(request, reply, ICS, ics(() => feeds.deadlinesCalendar(ctx, sources, { kind: 'all' }))));

  app.get('/committees/:code/deadlines.ics', { config: { permission: 'site.read' }, schema: { tags, summary: 'iCalendar: public deadlines of the changes a committee deals with', params: CodeParams } },
    (request, reply) => send(request, reply, ICS, ics(() => feeds.deadlinesCalendar(ctx, sources, { kind: 'committee', code: request.params.code }))));

  app.get('/modifications/:slug/deadlines.ics', { config: { permission: 'site.read' }, schema: { tags, summary: 'iCalendar: public deadlines of one change', params: SlugParams } },
    async (request, reply) => {
      const s = await changeAt(request.params.slug, reply, paths.changeDeadlinesPath);
      return s ? send(request, reply, ICS, ics(() => feeds.deadlinesCalendar(ctx, sources, { kind: 'change', ref: s.reference }))) : reply;
    });
}
