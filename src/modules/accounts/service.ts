// API tokens: created once and shown once, stored as a SHA-256 hash, looked up by that hash.
import { createHash, randomBytes } from 'node:crypto';
import { newId, type ServiceContext } from '../context.js';
import { validationError } from '../../platform/errors.js';
import { SYSTEM_ACCOUNT, type Actor, type TokenScope } from './accounts.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreatedToken {
  id: string;
  name: string;
  scope: TokenScope;
  /** The secret itself: shown once, never stored. */
  token: string;
}

export async function createToken(
  ctx: ServiceContext, input: { name: string; scope?: TokenScope; accountId?: string },
): Promise<CreatedToken> {
  const name = (input.name ?? '').trim();
  if (!name) throw validationError([{ field: 'name', message: 'is required.' }]);
  if (name.length > 100) throw validationError([{ field: 'name', message: 'must be at most 100 characters.' }]);
  const scope = input.scope ?? 'write';
  if (scope !== 'read' && scope !== 'write') throw validationError([{ field: 'scope', message: 'must be read or write.' }]);
  const token = `sec_${randomBytes(32).toString('base64url')}`;
  const id = newId();
  await ctx.db.kysely.insertInto('api_tokens').values({
    id, account_id: input.accountId ?? SYSTEM_ACCOUNT.id, name, token_hash: hashToken(token), scope,
    created_at: ctx.clock().toISOString(), last_used_at: null, revoked_at: null,
  }).execute();
  return { id, name, scope, token };
}

/** The account a bearer token acts for, or null for an unknown or revoked token. */
export async function authenticateToken(ctx: ServiceContext, token: string): Promise<{ actor: Actor; scope: TokenScope } | null> {
  if (!token.startsWith('sec_') || token.length > 200) return null;
  const row = await ctx.db.kysely.selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.scope', 't.revoked_at', 'a.id as account_id', 'a.name', 'a.role'])
    .where('t.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  try {
    await ctx.db.kysely.updateTable('api_tokens').set({ last_used_at: ctx.clock().toISOString() }).where('id', '=', row.id).execute();
  } catch {
    // A read-only database must not stop reads made with a token.
  }
  return { actor: { id: row.account_id, name: row.name, role: row.role }, scope: row.scope as TokenScope };
}
