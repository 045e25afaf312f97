// The compiled `secretariat` launcher in child processes (`npm run build` first), for what must be
// a process of its own: the launcher itself, and `serve` processes that run beside the test (two
// instances of the app, a server killed or writing while a command runs). Plus a fetch-based
// browser that keeps cookies, so tests drive real servers over real HTTP as a user's browser would.
// Everything else runs the command in process (test/support/cli.ts).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { commandEnv, type Env } from './cli.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'secretariat.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs `node bin/secretariat.js …` to the end in a child process (blocking this one meanwhile). */
export function launch(args: string[], env: Env = {}, cwd = ROOT): Exit & { out: string; err: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: commandEnv(env) });
  return { code: result.status, signal: result.signal, out: result.stdout, err: result.stderr };
}

/** Runs `node bin/secretariat.js …` in a child process without blocking this one (its requests keep going meanwhile). */
export function launchAsync(args: string[], env: Env = {}, cwd = ROOT): Promise<Exit & { out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: commandEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

export interface ServeProcess {
  url: string;
  pid: number;
  /** What the process has written to standard error so far. */
  stderr: () => string;
  /** SIGTERM, then wait for the exit (the server drains its mail worker and closes the database). */
  stop: () => Promise<Exit>;
}

/** Starts `secretariat serve` on a free port of 127.0.0.1 in a child process and waits until it listens. */
export async function startServe(env: Env, cwd = ROOT): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd, env: commandEnv({ HOST: '127.0.0.1', ...env }), stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 20 s: ${stderr}`)), 20_000);
    const check = () => {
      const m = /is serving .* at (http:\/\/\S+?:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stderr.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}: ${stderr}`)); });
  });
  return {
    url,
    pid: child.pid!,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Cookies by name, as a browser keeps them for one site (every instance of it). */
export type CookieJar = Map<string, string>;

/** A browser over fetch: keeps cookies in `jar`, follows no redirect, reads CSRF tokens from forms. */
export function browser(base: string, jar: CookieJar = new Map()) {
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)
        || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (!value || expired) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const client = {
    jar,
    csrfFrom,
    async get(url: string) {
      const res = remember(await fetch(`${base}${url}`, { headers: { cookie: header() }, redirect: 'manual' }));
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    },
    async post(url: string, form: Record<string, string>) {
      const res = remember(await fetch(`${base}${url}`, {
        method: 'POST', redirect: 'manual',
        headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }));
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    },
    /** GET /login for a CSRF token, then POST it with the email and password. */
    async signIn(email: string, password: string) {
      const form = await client.get('/login');
      return client.post('/login', { _csrf: csrfFrom(form.body), email, password, next: '/modifications/' });
    },
    /** Signs out with the CSRF token of a page that shows the sign-out form. */
    async signOut(page = '/modifications/') {
      const html = await client.get(page);
      return client.post('/logout', { _csrf: csrfFrom(html.body) });
    },
  };
  return client;
}

/** A JSON API client with a bearer token. */
export function api(base: string, token: string) {
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, json: () => JSON.parse(text) };
  };
}
