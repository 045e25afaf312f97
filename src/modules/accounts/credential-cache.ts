// Who a bearer token or a session cookie stands for, kept in this instance so a signed-in read does
// not join tokens (or sessions), accounts and committees on every request. What is kept is checked
// on every request against the credential epoch: one row that every write which can take a right
// away (a token revoked, an account disabled or changed, a sign-out, a password reset) sets to a new
// random value in its own transaction, through triggers (accounts/migrations.ts), whoever writes
// (the server, the CLI, an import, SQL by hand). An instance reads that row (one primary-key read,
// no join) and uses its copy only while the value is the one read with the copy, so a revoked token
// or a disabled account is refused at once by every instance on the database.
// A copy is only ever a reason to say yes: anything it would say no to (expired, idle, not seen
// for a minute, so the credential's use is recorded as before) is looked up afresh.
import { compiledOnce } from '../../platform/db/compiled-once.js';
import type { Executor } from '../database.js';
import type { ServiceContext } from '../context.js';
import type { Actor, TokenScope } from './accounts.js';

export interface CachedToken {
  actor: Actor;
  scope: TokenScope;
  /** When its use was last recorded (ms): a copy older than a minute is looked up again, which records it. */
  lastUsed: number;
  epoch: string;
}

export interface CachedSession {
  actor: Actor;
  lastSeen: number;
  expires: number;
  epoch: string;
}

/** How many credentials an instance keeps; past it the least recently added go first. */
const MAX_ENTRIES = 10_000;

class Bounded<V> {
  readonly #entries = new Map<string, V>();

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

export interface CredentialCache {
  tokens: Bounded<CachedToken>;
  sessions: Bounded<CachedSession>;
}

// One cache per opened database, i.e. per app instance (two instances in one process keep their own).
const caches = new WeakMap<object, CredentialCache>();

export function credentialCache(ctx: ServiceContext): CredentialCache {
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = { tokens: new Bounded(), sessions: new Bounded() };
    caches.set(ctx.db, cache);
  }
  return cache;
}

// Read on every signed-in request: built once (platform/db/compiled-once.ts).
const epochQuery = compiledOnce((ex: Executor, id: number) => ex.selectFrom('credential_epoch').select('epoch').where('id', '=', id));

/** The credential epoch now. */
export async function currentEpoch(ex: Executor): Promise<string> {
  const { rows } = await epochQuery(ex, 1);
  return rows[0]?.epoch ?? '';
}
