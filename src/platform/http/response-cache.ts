// Rendered answers kept by a key that names everything they depend on (a change's version, the last
// event about it, the day, who may read what). The key is read from the database on every request,
// so a write on any instance changes it and the next read renders afresh: nothing is ever served
// stale, and nothing needs telling when to forget. Bounded by bytes; least recently used go first.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedAnswer {
  text: string;
  /** The text as bytes, made once, so a hit is sent without encoding it again. */
  body: Buffer;
  contentType: string;
  /** A validator of this exact answer, for If-None-Match. */
  etag: string;
}

export class ResponseCache {
  readonly #answers = new Map<string, CachedAnswer>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes = 32 * 1024 * 1024) {}

  get(key: string): CachedAnswer | undefined {
    const answer = this.#answers.get(key);
    if (!answer) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Re-inserted, so the Map's order stays least recently used first.
    this.#answers.delete(key);
    this.#answers.set(key, answer);
    return answer;
  }

  set(key: string, text: string, contentType: string, etag = weakTag(key)): CachedAnswer {
    const body = Buffer.from(text, 'utf8');
    const answer = { text, body, contentType, etag };
    // Text and bytes: about three bytes per byte of UTF-8 kept.
    const size = body.length * 3;
    if (size > this.maxBytes / 8) return answer; // too big to be worth keeping
    const old = this.#answers.get(key);
    if (old) {
      this.#bytes -= old.body.length * 3;
      this.#answers.delete(key);
    }
    this.#answers.set(key, answer);
    this.#bytes += size;
    while (this.#bytes > this.maxBytes) {
      const [oldest, value] = this.#answers.entries().next().value!;
      this.#answers.delete(oldest);
      this.#bytes -= value.body.length * 3;
    }
    return answer;
  }

  get size(): number {
    return this.#answers.size;
  }
}

/** A weak validator from a cache key: the same key, the same answer. */
export function weakTag(key: string): string {
  return `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
}

/** Whether If-None-Match names this validator (or *). Weak comparison, as for GET. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** What a render gave: a body to keep, or a refusal (another status) to send once and not keep. */
export type Rendered = string | { status: number; body: string };

export interface SendOptions {
  /** The validator to send instead of the answer's own (a register entry's version). */
  etag?: string;
  /**
   * Finishes the kept text for this reader (a page's header) before it is sent. Without it the
   * kept bytes are sent as they are, past the hooks that fill a page's slots: so a page kept
   * without `finish` is kept with its slots filled for every reader it is kept for.
   */
  finish?: (text: string) => string;
}

/**
 * Answers from the cache when it holds `key`, else renders, keeps and sends. A matching
 * If-None-Match gets 304.
 */
export async function sendCached(
  cache: ResponseCache, request: FastifyRequest, reply: FastifyReply,
  key: string, contentType: string, render: () => Promise<Rendered>, options: SendOptions = {},
): Promise<FastifyReply> {
  let answer = cache.get(key);
  if (!answer) {
    const rendered = await render();
    if (typeof rendered !== 'string') return reply.code(rendered.status).type(contentType).send(rendered.body);
    answer = cache.set(key, rendered, contentType, options.etag ?? weakTag(key));
  }
  const tag = options.etag ?? answer.etag;
  reply.header('ETag', tag);
  if (notModified(request.headers['if-none-match'], tag)) return reply.code(304).send();
  return reply.type(contentType).send(options.finish ? options.finish(answer.text) : answer.body);
}
