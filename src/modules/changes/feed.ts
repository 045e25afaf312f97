// The change feed: everything that happened, in order, as the reader may see it. One use case for
// the API (`GET /api/v1/changes`) and the CLI (`secretariat changes`).
import type { Actor } from '../accounts/accounts.js';
import { readerFilter } from '../accounts/permissions.js';
import { executor, type ServiceContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../../platform/events/cursor.js';
import { lastPosition, readStream, type StoredEvent } from '../../platform/events/stream.js';
import { Checker, type Loose } from '../../platform/validation.js';

export const FEED_LIMITS = { default: 100, max: 500 };

export interface ChangesQuery {
  after?: Loose;
  limit?: Loose;
  /** Event types, comma-separated. */
  type?: Loose;
}

export interface ChangesPage {
  items: StoredEvent[];
  /** Pass as `after` to read on: the last item's cursor, or the one given when nothing came. */
  next: string;
}

export async function readChanges(ctx: ServiceContext, viewer: Actor, raw: ChangesQuery): Promise<ChangesPage> {
  const ex = executor(ctx);
  const c = new Checker();
  const afterText = c.text('after', raw.after, { max: 100 });
  const limit = c.integer('limit', raw.limit ?? FEED_LIMITS.default, 1, FEED_LIMITS.max) ?? FEED_LIMITS.default;
  const types = c.list('type', raw.type, [...ctx.catalog.types]);
  c.done();
  let after = 0;
  if (afterText) {
    const position = decodeCursor(afterText);
    if (position === null) c.fail('after', 'is not a cursor of this feed: pass back the `cursor` or `next` of an earlier answer.');
    else if (position > await lastPosition(ex)) c.fail('after', 'is ahead of the feed: it was not given by this server.');
    else after = position;
    c.done();
  }
  const items = await readStream(ex, readerFilter(viewer), { after, limit, types: types?.length ? types : undefined });
  return { items, next: items.length ? encodeCursor(items[items.length - 1].position) : encodeCursor(after) };
}
