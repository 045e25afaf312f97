// The rules of webhooks, as pure functions: which addresses an endpoint may have, which event types
// it may ask for, the signing secret and the signature of the Standard Webhooks specification
// (https://www.standardwebhooks.com), when a failed delivery is tried again, and the excerpt of an
// answer that is kept.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { EventCatalog } from '../../platform/events/catalog.js';

export const WEBHOOK_POLICY = {
  /** Waits after the 1st, 2nd … failed attempt; after the last, the delivery is failed. */
  retryAfterSeconds: [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600] as readonly number[],
  /** An endpoint that has not answered (headers and the first kilobyte) within this long has timed out. */
  timeoutMs: 10_000,
  /** How long an instance's claim on a delivery lasts: well beyond the timeout. */
  leaseSeconds: 60,
  /** Deliveries one instance sends at once, so one slow endpoint never holds up the others. */
  concurrency: 8,
  /** How much of an answer is kept, in bytes. */
  excerptBytes: 1024,
  /** How often an instance looks for due deliveries (its own new ones wake it at once). */
  pollMs: 2000,
};

/** An endpoint that asks for every event the public may read. */
export const ALL_EVENTS = '*';

/** A new signing secret: `whsec_` and the base64 of 32 random bytes. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The bytes a secret stands for (the base64 after `whsec_`): the HMAC key. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * Seconds to wait before the next attempt after `attempts` failed ones, or null when there is no
 * next attempt (the delivery has failed).
 */
export function retryWait(attempts: number, schedule: readonly number[] = WEBHOOK_POLICY.retryAfterSeconds): number | null {
  return attempts >= 1 && attempts <= schedule.length ? schedule[attempts - 1] : null;
}

/** The first `bytes` of an answer as text, without the NUL characters no database keeps alike. */
export function excerpt(body: Buffer, bytes = WEBHOOK_POLICY.excerptBytes): string {
  return body.subarray(0, bytes).toString('utf8').replaceAll('\u0000', '');
}

/** Where this server is: the address people use (PUBLIC_BASE_URL) and the port it listens on, once known. */
export interface SelfAddress {
  publicBaseUrl: string;
  listeningPort?: number;
}

const defaultPort = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));
const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

/** localhost, 127.0.0.0/8, ::1, and the unspecified addresses (0.0.0.0, ::), which also reach this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = bare(hostname);
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::' || host === '0.0.0.0') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, which URLs normalise to ::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
  if (mapped) return parseInt(mapped[1], 16) >> 8 === 127;
  return /^::ffff:127\./.test(host);
}

/**
 * What is wrong with an endpoint's address, or null when it will do. It must be an absolute
 * http(s) address without credentials or fragment, and not this server itself: not the host and
 * port of PUBLIC_BASE_URL, and not a loopback address on the port of PUBLIC_BASE_URL or the port
 * this instance listens on (loopback on any other port is another service on this machine).
 */
export function urlProblem(text: string, self: SelfAddress): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a full web address, such as https://example.org/webhooks.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://.';
  if (!url.hostname) return 'must name a host.';
  if (url.username || url.password) return 'must not hold a user name or password (each delivery is signed instead).';
  if (url.hash) return 'must not have a #fragment.';
  const own = new URL(self.publicBaseUrl);
  const port = defaultPort(url);
  const ownPorts = [defaultPort(own), ...(self.listeningPort ? [self.listeningPort] : [])];
  const sameOrigin = bare(url.hostname) === bare(own.hostname) && port === defaultPort(own);
  if (sameOrigin || (isLoopbackHost(url.hostname) && ownPorts.includes(port))) {
    return `points at this server itself (${url.host}): a webhook must go to another service.`;
  }
  return null;
}

/** The event types an endpoint may ask for: those whose events the public may read (or may, for some). */
export function publicEventTypes(catalog: EventCatalog): string[] {
  return catalog.types.filter((type) => {
    const d = catalog.definition(type)!;
    return !d.retired && (d.audience === 'public' || typeof d.audience === 'function');
  });
}

/** What is wrong with a list of event types, or null; `*` stands for every public type. */
export function eventTypesProblem(types: readonly string[], catalog: EventCatalog): string | null {
  if (types.length === 0) return `must name at least one event type, or ${ALL_EVENTS} for every public one.`;
  const open = publicEventTypes(catalog);
  const unknown = types.filter((t) => t !== ALL_EVENTS && !catalog.definition(t));
  if (unknown.length) return `names unknown event types: ${unknown.join(', ')}.`;
  const closed = types.filter((t) => t !== ALL_EVENTS && !open.includes(t));
  if (closed.length) return `names event types the public never reads, so never sent to a webhook: ${closed.join(', ')}.`;
  return null;
}

/** Whether an endpoint asking for `types` wants an event of type `type`. */
export function wants(types: readonly string[], type: string): boolean {
  return types.includes(ALL_EVENTS) || types.includes(type);
}
