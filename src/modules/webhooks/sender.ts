// The webhook sender: works due deliveries outside any request. Each instance claims a delivery with
// a conditional update and a lease (so several instances on one PostgreSQL send each attempt once),
// POSTs the event signed as the Standard Webhooks specification says, with a timeout, logs the
// attempt, and either marks it delivered or sets the time of the next attempt (backing off, then
// failed). Deliveries go side by side, so one endpoint that hangs holds up only its own.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { workerName } from '../../platform/events/dispatch.js';
import { startPoller } from '../../platform/events/poller.js';
import { toStored } from '../../platform/events/stream.js';
import { eventView } from '../../platform/events/view.js';
import { newId, type ServiceContext } from '../context.js';
import * as repo from './repository.js';
import { onDeliveriesDue } from './signal.js';
import type { AttemptOutcome } from './tables.js';
import { WEBHOOK_POLICY, excerpt, retryWait, signature } from './webhooks.js';
import { unseal } from '../../platform/crypto/secret-box.js';

export interface SendOptions {
  /** How long an endpoint has to answer (default WEBHOOK_POLICY.timeoutMs). */
  timeoutMs?: number;
  /** Waits after each failed attempt, in seconds (default WEBHOOK_POLICY.retryAfterSeconds). */
  retryAfterSeconds?: readonly number[];
  /** This instance's name, for claims. */
  worker?: string;
}

export type SendOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

class Timeout extends Error {}
class Stopped extends Error {}

interface Answer {
  statusCode: number;
  body: Buffer;
}

/** One POST; resolves with the status and the first bytes of the answer, or rejects (timeout, network). */
function post(target: string, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(target);
    const client = url.protocol === 'https:' ? https : http;
    let done = false;
    const finish = (error: Error | null, answer?: Answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      request.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const abort = () => finish(new Stopped('The sender stopped.'));
    const timer = setTimeout(() => finish(new Timeout(`No answer within ${timeoutMs} ms.`)), timeoutMs);
    const request = client.request(url, {
      method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () => ({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks) });
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= WEBHOOK_POLICY.excerptBytes) finish(null, answer());
      });
      response.on('end', () => finish(null, answer()));
      response.on('error', (error) => finish(error));
    });
    request.on('error', (error) => finish(error));
    signal?.addEventListener('abort', abort);
    request.end(body);
  });
}

const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();

/** Claims up to `limit` due deliveries for this worker; returns each with its claim's token. */
export async function claimDue(ctx: ServiceContext, worker: string, limit: number): Promise<{ id: string; token: string }[]> {
  const now = ctx.clock();
  const ids = await repo.dueDeliveries(ctx.db.kysely, now.toISOString(), limit);
  const claimed: { id: string; token: string }[] = [];
  for (const id of ids) {
    const token = `${worker}#${randomUUID().slice(0, 8)}`;
    if (await repo.claimDelivery(ctx.db.kysely, id, token, now.toISOString(), plus(now, WEBHOOK_POLICY.leaseSeconds))) claimed.push({ id, token });
  }
  return claimed;
}

/** Makes one attempt at a claimed delivery and records it. */
/** The secrets that sign now: the current one, and the one it replaced while its grace period lasts. */
function signatures(ctx: ServiceContext, endpoint: { secret: string | null; previous_secret: string | null; previous_secret_until: string | null }, at: Date): string[] {
  const out = [unseal(ctx.secretKey, endpoint.secret!)];
  if (endpoint.previous_secret && endpoint.previous_secret_until && endpoint.previous_secret_until > at.toISOString()) {
    out.push(unseal(ctx.secretKey, endpoint.previous_secret));
  }
  return out;
}

export async function attemptDelivery(
  ctx: ServiceContext, claim: { id: string; token: string }, options: SendOptions = {}, signal?: AbortSignal,
): Promise<SendOutcome> {
  const ex = ctx.db.kysely;
  const delivery = await repo.findDeliveryRow(ex, claim.id);
  if (!delivery) return 'skipped';
  const endpoint = await repo.findEndpointRow(ex, delivery.endpoint_id);
  const eventRow = await ex.selectFrom('events').selectAll().where('id', '=', delivery.event_id).executeTakeFirst();
  const attempts = Number(delivery.attempts) + 1;
  const keep = { status: delivery.status, attempts: Number(delivery.attempts), next_attempt_at: delivery.next_attempt_at,
    last_status_code: delivery.last_status_code, last_error: delivery.last_error };
  if (!endpoint || endpoint.status !== 'active' || !endpoint.secret) {
    // Disabled (or never given a secret) since it was claimed: it waits, untried.
    await repo.settleDelivery(ex, claim.id, claim.token, keep, ctx.clock().toISOString());
    return 'skipped';
  }
  const event = eventRow ? toStored(eventRow) : undefined;
  if (!event || event.audience !== 'public') {
    await repo.settleDelivery(ex, claim.id, claim.token, { ...keep, status: 'failed', attempts, last_error: 'The event is not public.' }, ctx.clock().toISOString());
    return 'failed';
  }
  const body = JSON.stringify({ type: event.type, timestamp: event.recordedAt, data: eventView(event) });
  const startedAt = ctx.clock();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const headers = {
    'content-type': 'application/json', 'user-agent': 'Secretariat-Webhooks/1',
    'webhook-id': event.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures(ctx, endpoint, startedAt).map((secret) => signature(secret, event.id, timestamp, body)).join(' '),
  };
  const t0 = performance.now();
  let outcome: AttemptOutcome;
  let statusCode: number | null = null;
  let text: string | null = null;
  let error: string | null = null;
  try {
    const answer = await post(endpoint.url, headers, body, options.timeoutMs ?? WEBHOOK_POLICY.timeoutMs, signal);
    statusCode = answer.statusCode;
    text = excerpt(answer.body);
    outcome = statusCode >= 200 && statusCode < 300 ? 'delivered' : 'refused';
    if (outcome === 'refused') error = `The endpoint answered ${statusCode}.`;
  } catch (e) {
    // This instance is stopping: the claim lapses and the delivery is tried again, unrecorded.
    if (e instanceof Stopped) return 'skipped';
    outcome = e instanceof Timeout ? 'timeout' : 'error';
    error = ((e as Error).message || String(e)).slice(0, 1000);
  }
  const durationMs = Math.round(performance.now() - t0);
  await repo.insertAttempt(ex, {
    id: newId(), delivery_id: claim.id, endpoint_id: endpoint.id, started_at: startedAt.toISOString(), duration_ms: durationMs,
    status_code: statusCode, outcome, response_excerpt: text, error,
  });
  const now = ctx.clock();
  if (outcome === 'delivered') {
    await repo.settleDelivery(ex, claim.id, claim.token, {
      status: 'delivered', attempts, next_attempt_at: delivery.next_attempt_at, last_status_code: statusCode, last_error: null, delivered_at: now.toISOString(),
    }, now.toISOString());
    return 'delivered';
  }
  const wait = retryWait(attempts, options.retryAfterSeconds);
  await repo.settleDelivery(ex, claim.id, claim.token, {
    status: wait === null ? 'failed' : 'pending', attempts, next_attempt_at: wait === null ? delivery.next_attempt_at : plus(now, wait),
    last_status_code: statusCode, last_error: error,
  }, now.toISOString());
  return wait === null ? 'failed' : 'retrying';
}

export interface SendResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/** Sends every delivery due now, side by side, and waits for them: for tests and the command line. */
export async function sendDue(ctx: ServiceContext, options: SendOptions = {}): Promise<SendResult> {
  const result: SendResult = { delivered: 0, retrying: 0, failed: 0 };
  const claimed = await claimDue(ctx, options.worker ?? workerName(), 100);
  for (const outcome of await Promise.all(claimed.map((c) => attemptDelivery(ctx, c, options)))) {
    if (outcome !== 'skipped') result[outcome] += 1;
  }
  return result;
}

export interface Sender {
  kick: () => void;
  /** Stops claiming; deliveries in flight are abandoned (their claims lapse and they are tried again). */
  stop: () => Promise<void>;
}

/** This instance's sender: looks for due deliveries every pollMs and whenever some are queued here. */
export function startSender(ctx: ServiceContext, options: SendOptions & { intervalMs?: number; onError?: (error: unknown) => void } = {}): Sender {
  const worker = options.worker ?? workerName();
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  const report = (error: unknown) => options.onError?.(error);
  // A turn claims what there is room for; each delivery that ends asks for another turn.
  const poller = startPoller(async () => {
    const room = WEBHOOK_POLICY.concurrency - inFlight.size;
    if (room <= 0) return;
    for (const claim of await claimDue(ctx, worker, room)) {
      const sending: Promise<void> = attemptDelivery(ctx, claim, options, stopping.signal).then(() => undefined, report).finally(() => {
        inFlight.delete(sending);
        poller.kick();
      });
      inFlight.add(sending);
    }
  }, { intervalMs: options.intervalMs ?? WEBHOOK_POLICY.pollMs, wakeOn: (kick) => onDeliveriesDue(ctx.db, kick), onError: report });
  return {
    kick: poller.kick,
    async stop() {
      stopping.abort();
      await poller.stop();
      await Promise.all(inFlight);
    },
  };
}
