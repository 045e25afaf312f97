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
  testDatabaseUrl: string | undefined;
}

export class ConfigError extends Error {
  constructor(public readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

export const DEFAULT_DATABASE_FILE = './data/secretariat.db';

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
  const publicBaseUrl = (env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
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
  const host = env.HOST?.trim() || '0.0.0.0';
  return { port, host, database, isDefaultDatabase: !databaseUrl, publicBaseUrl, testDatabaseUrl };
}
