// Single sign-on with an OpenID Connect provider: the authorisation code flow with PKCE, state and
// nonce. Each flow is kept in the database from its start to the provider's answer, so whichever app
// instance gets the answer can finish it; it lasts ten minutes and is good once. The provider only
// says who someone is: the active account with that (verified) email signs in, and no account is
// ever made here. Every refusal is audited and starts no session.
import type * as Client from 'openid-client';

/** openid-client, loaded when single sign-on is first used (it and jose take long to load). */
const openid = (): Promise<typeof Client> => import('openid-client');
import type { OidcConfig } from '../../config.js';
import { executor, inTransaction, type ServiceContext } from '../context.js';
import { DomainError, type ErrorCode } from '../../platform/errors.js';
import { audit, findAccountByEmail, hashToken, loadActor } from './service.js';
import { startSession, type SignInResult } from './sessions.js';

export const OIDC_POLICY = {
  /** A flow not finished this long after it started is refused. */
  flowMinutes: 10,
  /** Finished and expired flows are kept this long (so a replay is recognised as one), then deleted. */
  keepHours: 24,
  /** What is asked of the provider. */
  scope: 'openid email',
};

export const OIDC_CALLBACK_PATH = '/login/oidc/callback';

const minutes = (n: number) => n * 60_000;

/** One provider, discovered on first use (and again after a failed discovery). */
export interface OidcClient {
  settings: OidcConfig;
  configuration(): Promise<Client.Configuration>;
}

export function createOidcClient(settings: OidcConfig): OidcClient {
  let discovered: Promise<Client.Configuration> | undefined;
  const issuer = new URL(settings.issuer);
  return {
    settings,
    configuration() {
      discovered ??= openid().then((client) => client.discovery(issuer, settings.clientId, settings.clientSecret, client.ClientSecretBasic(settings.clientSecret), {
        timeout: 10,
        // Configuration allows plain http only for a provider on this machine (development, tests).
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      })).catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
      return discovered;
    },
  };
}

/** Starts a flow: remembers state, nonce, PKCE verifier and where to go next; returns the provider's URL. */
export async function startOidcLogin(
  ctx: ServiceContext, oidc: OidcClient, input: { next: string; redirectUri: string },
): Promise<{ url: string; state: string }> {
  const config = await oidc.configuration();
  const client = await openid();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const now = ctx.clock().getTime();
  await inTransaction(ctx, async (trx) => {
    await trx.deleteFrom('oidc_logins').where('created_at', '<', new Date(now - OIDC_POLICY.keepHours * 3_600_000).toISOString()).execute();
    await trx.insertInto('oidc_logins').values({
      id_hash: hashToken(state), verifier, nonce, next: input.next, created_at: new Date(now).toISOString(), used_at: null,
    }).execute();
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: OIDC_POLICY.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state };
}

export interface OidcCallbackInput {
  /** The query string the provider sent the browser back with. */
  params: URLSearchParams;
  /** The redirect URI registered with the provider (this site's callback). */
  redirectUri: string;
  /** The state this browser started, from its cookie. */
  browserState: string | undefined;
  ip: string;
}

/** Finishes a flow: checks state, code (with PKCE), nonce and email, then starts a session. */
export async function finishOidcLogin(ctx: ServiceContext, oidc: OidcClient, input: OidcCallbackInput): Promise<SignInResult & { next: string }> {
  const ex = executor(ctx);
  const now = ctx.clock().getTime();
  const at = new Date(now).toISOString();
  const provider = oidc.settings.displayName;
  /** Audits the refusal and returns the error to throw; `ended` says the flow is used up. */
  const refuse = async (code: ErrorCode, message: string, reason: string, extra: { accountId?: string; ended?: boolean } = {}) => {
    await audit(ex, { kind: 'sign-in-failed', accountId: extra.accountId ?? null, detail: `oidc: ${reason}`.slice(0, 500), ip: input.ip }, at);
    return new DomainError(code, message, { reason, flowEnded: extra.ended ?? false });
  };

  const state = input.params.get('state') ?? '';
  const idHash = state && state.length <= 200 ? hashToken(state) : '';
  /** Marks the flow used; false when it already was (a replay, or a race with another request). */
  const consume = async () => idHash
    ? Number((await ex.updateTable('oidc_logins').set({ used_at: at }).where('id_hash', '=', idHash).where('used_at', 'is', null)
      .executeTakeFirst()).numUpdatedRows) === 1
    : false;

  const error = input.params.get('error');
  if (error !== null) {
    await consume();
    const description = input.params.get('error_description');
    throw await refuse('FORBIDDEN', `${provider} did not sign you in (${error.slice(0, 100)}${description ? `: ${description.slice(0, 300)}` : ''}).`,
      `provider error ${error.slice(0, 100)}`, { ended: true });
  }
  if (!idHash) throw await refuse('VALIDATION_FAILED', 'This answer from the sign-in service carries no state, so it cannot be trusted. Start again from the sign-in page.', 'missing state');
  const flow = await ex.selectFrom('oidc_logins').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!flow) {
    throw await refuse('VALIDATION_FAILED', 'This answer from the sign-in service does not match a sign-in started here. Start again from the sign-in page.', 'unknown state');
  }
  if (flow.used_at || !(await consume())) {
    throw await refuse('VALIDATION_FAILED', 'This sign-in answer has already been used. Start again from the sign-in page.', 'replayed state', { ended: true });
  }
  if (Date.parse(flow.created_at) + minutes(OIDC_POLICY.flowMinutes) <= now) {
    throw await refuse('VALIDATION_FAILED', `This sign-in took longer than ${OIDC_POLICY.flowMinutes} minutes. Start again from the sign-in page.`, 'expired state', { ended: true });
  }
  if (input.browserState !== state) {
    // Someone else's answer, carried to this browser (login CSRF), or a flow started in another browser.
    throw await refuse('VALIDATION_FAILED', 'This sign-in was not started in this browser, or another was started since. Start again from the sign-in page.', 'state not from this browser', { ended: true });
  }

  let email: unknown;
  let verified: unknown;
  try {
    const config = await oidc.configuration();
    const currentUrl = new URL(input.redirectUri);
    currentUrl.search = input.params.toString();
    const client = await openid();
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: flow.verifier, expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    ({ email, email_verified: verified } = claims);
    if (email === undefined) {
      // Many providers put the email in the UserInfo answer only.
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      ({ email, email_verified: verified } = info);
    }
  } catch (failure) {
    throw await refuse('VALIDATION_FAILED', `The answer from ${provider} did not check out, so you are not signed in. Start again from the sign-in page.`,
      `answer refused: ${describeFailure(failure)}`, { ended: true });
  }

  if (typeof email !== 'string' || !email.includes('@')) {
    throw await refuse('FORBIDDEN', `${provider} did not give your email address, which is how this site knows its users.`, 'no email claim', { ended: true });
  }
  if (verified !== undefined && verified !== true && verified !== 'true') {
    throw await refuse('FORBIDDEN', `${provider} has not verified your email address ${email}, so it cannot sign you in here.`, `email not verified: ${email}`, { ended: true });
  }
  const account = await findAccountByEmail(ex, email);
  const actor = account ? await loadActor(ex, account.id) : null;
  if (!account || !actor) {
    throw await refuse('FORBIDDEN',
      `No active account here has the email ${email}. Single sign-on does not create accounts: ask an administrator to add you.`,
      `no active account for ${email}`, { accountId: account?.id, ended: true });
  }
  return inTransaction(ctx, async (trx) => {
    const { sessionToken, expiresAt } = await startSession(trx, account.id, now);
    await audit(trx, { kind: 'sign-in', accountId: account.id, detail: 'oidc', ip: input.ip }, at);
    return { sessionToken, actor, expiresAt, next: flow.next };
  });
}

/** A short reason for the audit log: which check failed (e.g. the nonce), never a token. */
function describeFailure(failure: unknown): string {
  if (!(failure instanceof Error)) return 'unknown error';
  // openid-client wraps oauth4webapi's error, whose cause names the claim that did not match.
  let claim: string | undefined;
  for (let cause: unknown = failure.cause, depth = 0; cause && typeof cause === 'object' && depth < 3; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    const named = (cause as { claim?: unknown }).claim;
    if (typeof named === 'string') { claim = named; break; }
  }
  if (claim === 'nonce') return 'nonce mismatch';
  const code = (failure as { code?: unknown }).code;
  const error = (failure as { error?: unknown }).error;
  return [typeof code === 'string' ? code : failure.name, typeof error === 'string' ? error : undefined, claim ? `claim ${claim}` : undefined]
    .filter(Boolean).join(' ').slice(0, 200);
}
