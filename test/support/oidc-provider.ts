// A real OpenID Connect provider (oidc-provider) on a random local port, for single sign-on tests.
// Its development interactions (a login form that takes any password, then a consent form) are
// driven over HTTP, the way a browser would: follow redirects, keep cookies, post the forms.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestUser {
  email?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Opens the authorisation URL in a fresh browser, signs in as `login` (a key of the users) and
   * consents, or aborts the login when `login` is null. Returns where the provider sends the browser
   * back: the client's redirect URI with code (or error) and state.
   */
  authorize(authorizationUrl: string, login: string | null): Promise<URL>;
  stop(): Promise<void>;
}

export async function startOidcProvider(options: { redirectUri: string; users: Record<string, TestUser> }): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'secretariat-test';
  const clientSecret = 'a-client-secret-of-the-test-provider';
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri] }],
    async findAccount(_ctx, id) {
      const user = options.users[id];
      return user ? { accountId: id, claims: async () => ({ sub: id, ...user }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: ['test-provider-cookie-key'] },
    jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
  });
  server.on('request', provider.callback());

  async function authorize(authorizationUrl: string, login: string | null): Promise<URL> {
    const jar = new Map<string, string>();
    const go = async (url: string, init: { method?: string; form?: Record<string, string> } = {}) => {
      const res = await fetch(url, {
        method: init.method ?? 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair.indexOf('=');
        const value = pair.slice(eq + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(pair.slice(0, eq));
        else jar.set(pair.slice(0, eq), value);
      }
      return res;
    };
    let res = await go(authorizationUrl);
    for (let step = 0; step < 20; step += 1) {
      if (res.status >= 300 && res.status < 400) {
        const target = new URL(res.headers.get('location') ?? '', issuer);
        if (target.origin !== issuer) return target;
        res = await go(target.href);
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`The test provider answered ${res.status}: ${html.slice(0, 500)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error(`Unexpected page from the test provider: ${html.slice(0, 500)}`);
      const submit = new URL(action.replace(/&amp;/g, '&'), issuer).href;
      if (login === null) {
        res = await go(`${submit.replace(/\/$/, '')}/abort`);
      } else if (prompt === 'login') {
        res = await go(submit, { method: 'POST', form: { prompt, login, password: 'any password' } });
      } else {
        res = await go(submit, { method: 'POST', form: { prompt } });
      }
    }
    throw new Error('The test provider never sent the browser back.');
  }

  return {
    issuer, clientId, clientSecret, authorize,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
