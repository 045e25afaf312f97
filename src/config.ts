// Environment -> one typed, validated configuration. A bad value stops start-up with a message
// naming the variable.

export interface DatabaseTarget {
  kind: 'sqlite' | 'postgres';
  /** File path for SQLite, connection URL for PostgreSQL. */
  location: string;
}

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** True when DATABASE_URL was not set: the embedded default file, the only one demo data loads into by itself. */
  isDefaultDatabase: boolean;
  publicBaseUrl: string;
  /** Whether PUBLIC_BASE_URL was given (otherwise links name localhost and the port served on). */
  publicBaseUrlSet: boolean;
  testDatabaseUrl: string | undefined;
  /** Single sign-on with an OpenID Connect provider; unset without the OIDC_* variables. */
  oidc?: OidcConfig;
  /** Outgoing mail server (smtp://user:pass@host:587 or smtps://…); unset keeps mail in the outbox for administrators to read. */
  smtpUrl: string | undefined;
  /** The From header of outgoing mail. */
  mailFrom: string;
  /** The largest document file an upload may carry, in bytes (MAX_UPLOAD_MB). */
  maxUploadBytes: number;
  /** DIGEST_HOUR: the hour of the London day (0–23) from which daily digests of notifications go out; unset: 7. */
  digestHour?: number;
  /** How long a request may take to arrive, headers and body, before it is cut off with 408 (REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
  /** SECRETARIAT_SECRET_KEY: 32 bytes (base64 or hex) sealing secrets at rest; unset: a key file beside the database. */
  secretKey?: Buffer;
  /** WEBHOOK_SECRET_GRACE_HOURS: how long a rotated webhook secret still signs, beside the new one (default 24). */
  webhookSecretGraceHours: number;
}

export class ConfigError extends Error {
  constructor(public readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

export const DEFAULT_DATABASE_FILE = './data/secretariat.db';
export const DEFAULT_OIDC_DISPLAY_NAME = 'Single sign-on';

/** An OpenID Connect provider to sign in with (authorisation code flow with PKCE). */
export interface OidcConfig {
  /** The provider's issuer identifier; its discovery document is read from it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Names the provider on the sign-in page: "Sign in with …". */
  displayName: string;
}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

/** The OIDC_* variables: all of issuer, client id and secret, or none (OIDC_DISPLAY_NAME is optional). */
export function parseOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const set = [...OIDC_REQUIRED, 'OIDC_DISPLAY_NAME'].filter((name) => value(name));
  if (!set.length) return undefined;
  const missing = OIDC_REQUIRED.find((name) => !value(name));
  if (missing) {
    throw new ConfigError(missing, `is not set, but ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'}: single sign-on needs ${OIDC_REQUIRED.join(', ')} together (or none of them).`);
  }
  const issuer = value('OIDC_ISSUER')!;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError('OIDC_ISSUER', `"${issuer}" is not a URL.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) || url.search || url.hash) {
    throw new ConfigError('OIDC_ISSUER', `"${issuer}" must be an https:// URL without query or fragment (http:// only for localhost).`);
  }
  const displayName = value('OIDC_DISPLAY_NAME') ?? DEFAULT_OIDC_DISPLAY_NAME;
  if (displayName.length > 100) throw new ConfigError('OIDC_DISPLAY_NAME', 'must be at most 100 characters.');
  return { issuer, clientId: value('OIDC_CLIENT_ID')!, clientSecret: value('OIDC_CLIENT_SECRET')!, displayName };
}

export const DEFAULT_MAIL_FROM = 'Secretariat <no-reply@secretariat.invalid>';

/** A megabyte as MAX_UPLOAD_MB counts it: 1,048,576 bytes. */
export const MEGABYTE = 1024 * 1024;
export const DEFAULT_MAX_UPLOAD_MB = 20;
const MAX_UPLOAD_MB_CEILING = 1024;

/** MAX_UPLOAD_MB: a whole number of megabytes from 1 to 1024 (default 20), as bytes. */
export function parseMaxUpload(value: string | undefined): number {
  const text = value?.trim() || String(DEFAULT_MAX_UPLOAD_MB);
  const mb = Number(text);
  if (!/^\d+$/.test(text) || mb < 1 || mb > MAX_UPLOAD_MB_CEILING) {
    throw new ConfigError('MAX_UPLOAD_MB', `"${value}" is not a whole number of megabytes from 1 to ${MAX_UPLOAD_MB_CEILING} (the largest document file an upload may carry; default ${DEFAULT_MAX_UPLOAD_MB}).`);
  }
  return mb * MEGABYTE;
}

/** Daily digests go out from 07:00, London time, unless DIGEST_HOUR says otherwise. */
export const DEFAULT_DIGEST_HOUR = 7;

/** DIGEST_HOUR: a whole hour from 0 to 23, or unset. */
export function parseDigestHour(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!/^\d{1,2}$/.test(text) || Number(text) > 23) {
    throw new ConfigError('DIGEST_HOUR', `"${value}" is not an hour from 0 to 23 (when daily digests go out, London time; default ${DEFAULT_DIGEST_HOUR}).`);
  }
  return Number(text);
}

/** SECRETARIAT_SECRET_KEY (or the key file's text): 32 bytes as base64 or as 64 hex digits. */
export function parseSecretKey(value: string, variable = 'SECRETARIAT_SECRET_KEY'): Buffer {
  const text = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : null;
  if (!key || key.length !== 32) throw new ConfigError(variable, 'must be 32 bytes, as base64 (44 characters) or 64 hex digits: `openssl rand -base64 32`.');
  return key;
}

export const DEFAULT_WEBHOOK_SECRET_GRACE_HOURS = 24;

/** WEBHOOK_SECRET_GRACE_HOURS: a whole number of hours from 0 to 720 (default 24). */
export function parseGraceHours(value: string | undefined): number {
  const text = value?.trim();
  if (!text) return DEFAULT_WEBHOOK_SECRET_GRACE_HOURS;
  const hours = Number(text);
  if (!/^\d+$/.test(text) || hours > 720) throw new ConfigError('WEBHOOK_SECRET_GRACE_HOURS', `"${value}" is not a whole number of hours from 0 to 720.`);
  return hours;
}

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** REQUEST_TIMEOUT_SECONDS: a whole number of seconds from 1 to 3600 (default 30), as milliseconds. */
export function parseRequestTimeout(value: string | undefined): number {
  const text = value?.trim() || String(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > 3600) {
    throw new ConfigError('REQUEST_TIMEOUT_SECONDS', `"${value}" is not a whole number of seconds from 1 to 3600 (how long a request may take to arrive; default ${DEFAULT_REQUEST_TIMEOUT_SECONDS}).`);
  }
  return seconds * 1000;
}

export function parseDatabaseTarget(value: string, variable = 'DATABASE_URL'): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (!url.hostname && !url.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw new ConfigError(variable, `"${redact(value)}" is not a valid PostgreSQL URL (postgres://user@host:5432/db).`);
    }
    return { kind: 'postgres', location: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(variable, `unsupported scheme in "${redact(value)}": use postgres://… or a SQLite file path.`);
  }
  const file = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (!file.trim()) throw new ConfigError(variable, 'is empty.');
  return { kind: 'sqlite', location: file };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `"${env.PORT}" is not a port number (0–65535).`);
  }
  const databaseUrl = env.DATABASE_URL?.trim();
  const database = parseDatabaseTarget(databaseUrl || DEFAULT_DATABASE_FILE);
  const host = env.HOST?.trim() || '0.0.0.0';
  const publicBaseUrl = (env.PUBLIC_BASE_URL?.trim() || derivedBaseUrl(host, port)).replace(/\/+$/, '');
  try {
    const url = new URL(publicBaseUrl);
    if (!['http:', 'https:'].includes(url.protocol)) throw new Error('scheme');
  } catch {
    throw new ConfigError('PUBLIC_BASE_URL', `"${env.PUBLIC_BASE_URL}" is not an http(s) URL.`);
  }
  const testDatabaseUrl = env.TEST_DATABASE_URL?.trim() || undefined;
  if (testDatabaseUrl && !/^postgres(ql)?:\/\//i.test(testDatabaseUrl)) {
    throw new ConfigError('TEST_DATABASE_URL', 'must be a postgres:// URL.');
  }
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl) parseSmtpUrl(smtpUrl);
  const mailFrom = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom) || /[\r\n]/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `"${mailFrom}" is not an address ("Name <address@example.org>" or "address@example.org").`);
  }
  const oidc = parseOidcConfig(env);
  const maxUploadBytes = parseMaxUpload(env.MAX_UPLOAD_MB);
  const digestHour = parseDigestHour(env.DIGEST_HOUR);
  const requestTimeoutMs = parseRequestTimeout(env.REQUEST_TIMEOUT_SECONDS);
  const secretKey = env.SECRETARIAT_SECRET_KEY?.trim() ? parseSecretKey(env.SECRETARIAT_SECRET_KEY) : undefined;
  const webhookSecretGraceHours = parseGraceHours(env.WEBHOOK_SECRET_GRACE_HOURS);
  return {
    port, host, database, isDefaultDatabase: !databaseUrl, publicBaseUrl, publicBaseUrlSet: Boolean(env.PUBLIC_BASE_URL?.trim()),
    testDatabaseUrl, smtpUrl, mailFrom, maxUploadBytes, requestTimeoutMs, webhookSecretGraceHours, ...(secretKey ? { secretKey } : {}), ...(oidc ? { oidc } : {}), ...(digestHour !== undefined ? { digestHour } : {}),
  };
}

const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

/** Whether a HOST is reachable only from this machine (a loopback address). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host.trim().toLowerCase());
}

/**
 * The base of links when PUBLIC_BASE_URL is unset: the address the server listens on, HOST and
 * PORT. A wildcard or loopback HOST is named as localhost; another host (an interface's address or
 * name) as itself. The one answer for links everywhere (papers, mail, the API, the CLI); `serve`
 * asks again with the port it really listens on.
 */
export function derivedBaseUrl(host: string, port: number): string {
  const h = host.trim().toLowerCase();
  const name = !h || WILDCARD_HOSTS.includes(h) || isLoopbackHost(h) ? 'localhost' : h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
  return `http://${name}:${port}`;
}

/** The base of links as configuration says for a server listening on `port` (PUBLIC_BASE_URL, else derived from HOST and that port). */
export function publicBaseUrlFor(config: Pick<Config, 'host' | 'publicBaseUrl' | 'publicBaseUrlSet'>, port: number): string {
  return config.publicBaseUrlSet ? config.publicBaseUrl : derivedBaseUrl(config.host, port);
}

/** Checks SMTP_URL: smtp:// or smtps://, a host, and a port if one is given. */
export function parseSmtpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('SMTP_URL', `"${redact(value)}" is not a URL (smtp://user:pass@host:587 or smtps://user:pass@host:465).`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `unsupported scheme in "${redact(value)}": use smtp://… or smtps://….`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL', `"${redact(value)}" names no host.`);
  return url;
}
