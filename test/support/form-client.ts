// A browser-like client for app.inject: keeps cookies between requests and posts forms with the
// CSRF token of the page it loaded, as a person's browser would.
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import type { HttpServer } from '../../src/platform/http/server.js';

export type Inject = Awaited<ReturnType<HttpServer['inject']>>;
export type FormFields = Record<string, string | string[]>;

export const csrfFrom = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export function formClient(app: HttpServer, options: { remoteAddress?: string } = {}) {
  const jar: Record<string, string> = {};
  const cookie = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Inject) => {
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete jar[c.name];
      else jar[c.name] = c.value;
    }
    return res;
  };
  const get = async (url: string) => remember(await app.inject({ method: 'GET', url, remoteAddress: options.remoteAddress, headers: { cookie: cookie() } }));
  const post = async (url: string, form: FormFields) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return remember(await app.inject({
      method: 'POST', url, remoteAddress: options.remoteAddress, payload: body.toString(),
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    }));
  };
  /** Loads `page`, then posts the form to `url` with that page's CSRF token. */
  const submit = async (page: string, url: string, form: FormFields) => post(url, { _csrf: csrfFrom((await get(page)).body), ...form });
  return {
    jar, get, post, submit, csrfFrom,
    signIn: (email: string, password = DEMO_PASSWORD) => submit('/login', '/login', { email, password, next: '/modifications/' }),
  };
}
