import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_FILE, isLoopbackHost, loadConfig, parseDatabaseTarget, publicBaseUrlFor } from './config.js';

/** The ConfigError that fn throws. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the secret key as base64 or hex, and the grace period of a rotated webhook secret, refusing what is neither', () => {
    const key = Buffer.alloc(32, 9);
    expect(loadConfig({ SECRETARIAT_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key);
    expect(loadConfig({ SECRETARIAT_SECRET_KEY: key.toString('hex') }).secretKey).toEqual(key);
    expect(() => loadConfig({ SECRETARIAT_SECRET_KEY: 'too short' })).toThrow(/SECRETARIAT_SECRET_KEY: must be 32 bytes/);
    expect(loadConfig({ WEBHOOK_SECRET_GRACE_HOURS: '0' }).webhookSecretGraceHours).toBe(0);
    expect(() => loadConfig({ WEBHOOK_SECRET_GRACE_HOURS: '2.5' })).toThrow(/WEBHOOK_SECRET_GRACE_HOURS/);
    expect(() => loadConfig({ WEBHOOK_SECRET_GRACE_HOURS: '721' })).toThrow(/WEBHOOK_SECRET_GRACE_HOURS/);
  });

  it('has defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'sqlite', location: './data/secretariat.db' },
      isDefaultDatabase: true,
      publicBaseUrl: 'http://localhost:3000',
      publicBaseUrlSet: false,
      testDatabaseUrl: undefined,
      smtpUrl: undefined,
      mailFrom: 'Secretariat <no-reply@secretariat.invalid>',
      maxUploadBytes: 20 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      webhookSecretGraceHours: 24,
    });
    expect(DEFAULT_DATABASE_FILE).toBe('./data/secretariat.db');
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: ' ', DATABASE_URL: '', PUBLIC_BASE_URL: '  ', TEST_DATABASE_URL: '', HOST: '' }))
      .toEqual(loadConfig({}));
  });

  it('reads PORT and HOST', () => {
    const config = loadConfig({ PORT: '8080', HOST: '127.0.0.1' });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it.each(['abc', '-1', '65536', '80.5', '3000abc', '0x50'])('PORT=%s is a ConfigError naming PORT', (port) => {
    const error = configError(() => loadConfig({ PORT: port }));
    expect(error.variable).toBe('PORT');
    expect(error.message).toMatch(/^PORT: /);
    expect(error.message).toContain(port);
  });

  it('DATABASE_URL=mysql://x is a ConfigError naming DATABASE_URL', () => {
    const error = configError(() => loadConfig({ DATABASE_URL: 'mysql://x' }));
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toMatch(/^DATABASE_URL: unsupported scheme/);
  });

  it.each(['postgres://user:secret@db.example:5432/secretariat', 'postgresql://localhost/secretariat',
    'postgres:///secretariat?host=/var/run/postgresql'])('accepts the PostgreSQL URL %s', (url) => {
    const config = loadConfig({ DATABASE_URL: url });
    expect(config.database).toEqual({ kind: 'postgres', location: url });
    expect(config.isDefaultDatabase).toBe(false);
  });

  it.each([
    ['./data/other.db', './data/other.db'],
    ['/var/lib/secretariat/register.db', '/var/lib/secretariat/register.db'],
    ['sqlite:./data/other.db', './data/other.db'],
    [':memory:', ':memory:'],
  ])('accepts the SQLite path %s', (value, location) => {
    const config = loadConfig({ DATABASE_URL: value });
    expect(config.database).toEqual({ kind: 'sqlite', location });
    expect(config.isDefaultDatabase).toBe(false);
  });

  it('DATABASE_URL set to the default file is still not the default database', () => {
    expect(loadConfig({ DATABASE_URL: DEFAULT_DATABASE_FILE }).isDefaultDatabase).toBe(false);
  });

  it.each(['ftp://x', 'not a url', 'mailto:someone@example.org'])('PUBLIC_BASE_URL=%s is refused', (url) => {
    const error = configError(() => loadConfig({ PUBLIC_BASE_URL: url }));
    expect(error.variable).toBe('PUBLIC_BASE_URL');
  });

  it('derives links from HOST and PORT when PUBLIC_BASE_URL is unset, one answer for every caller', () => {
    expect(loadConfig({ PORT: '4100' }).publicBaseUrl).toBe('http://localhost:4100');
    expect(loadConfig({ PORT: '4100', HOST: '::' }).publicBaseUrl).toBe('http://localhost:4100');
    expect(loadConfig({ PORT: '4100', HOST: '192.0.2.7' }).publicBaseUrl).toBe('http://192.0.2.7:4100');
    expect(loadConfig({ PORT: '4100', HOST: 'fd00::7' }).publicBaseUrl).toBe('http://[fd00::7]:4100');
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    // serve asks again with the port it really listens on (port 0 picks one).
    const unset = loadConfig({ PORT: '0', HOST: 'sec.internal' });
    expect(publicBaseUrlFor(unset, 41234)).toBe('http://sec.internal:41234');
    const set = loadConfig({ PORT: '0', PUBLIC_BASE_URL: 'https://register.example.org' });
    expect(publicBaseUrlFor(set, 41234)).toBe('https://register.example.org');
  });

  it('trims trailing slashes from PUBLIC_BASE_URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://register.example.org/' }).publicBaseUrl).toBe('https://register.example.org');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://example.org/sec//' }).publicBaseUrl).toBe('https://example.org/sec');
  });

  it('accepts a postgres TEST_DATABASE_URL and refuses anything else', () => {
    expect(loadConfig({ TEST_DATABASE_URL: 'postgres://localhost/test' }).testDatabaseUrl).toBe('postgres://localhost/test');
    for (const value of ['./test.db', 'sqlite:./test.db', 'mysql://x']) {
      const error = configError(() => loadConfig({ TEST_DATABASE_URL: value }));
      expect(error.variable).toBe('TEST_DATABASE_URL');
    }
  });

  it('reads SMTP_URL and MAIL_FROM, and refuses a bad one naming it, without showing the password', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://mailer:s3cret@smtp.example.org:465', MAIL_FROM: 'Register <register@example.org>' });
    expect(config.smtpUrl).toBe('smtps://mailer:s3cret@smtp.example.org:465');
    expect(config.mailFrom).toBe('Register <register@example.org>');
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
    for (const value of ['smtp.example.org', 'http://smtp.example.org', 'smtp://user:hunter2@host:99999']) {
      const error = configError(() => loadConfig({ SMTP_URL: value }));
      expect(error.variable).toBe('SMTP_URL');
      expect(error.message).not.toContain('hunter2');
    }
    expect(configError(() => loadConfig({ MAIL_FROM: 'nobody' })).variable).toBe('MAIL_FROM');
  });

  it('reads MAX_UPLOAD_MB as whole megabytes, and refuses anything else naming the variable and the range', () => {
    expect(loadConfig({ MAX_UPLOAD_MB: '5' }).maxUploadBytes).toBe(5 * 1_048_576);
    expect(loadConfig({ MAX_UPLOAD_MB: ' 1024 ' }).maxUploadBytes).toBe(1024 * 1_048_576);
    for (const bad of ['0', '1025', '2.5', '-3', '20MB', 'lots']) {
      const error = configError(() => loadConfig({ MAX_UPLOAD_MB: bad }));
      expect(error.variable, bad).toBe('MAX_UPLOAD_MB');
      expect(error.message, bad).toContain(`"${bad}" is not a whole number of megabytes from 1 to 1024`);
    }
  });

  it('reads REQUEST_TIMEOUT_SECONDS as whole seconds (30 by default), and refuses anything else', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(30_000);
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: ' 90 ' }).requestTimeoutMs).toBe(90_000);
    for (const bad of ['0', '3601', '1.5', '-1', '30s']) {
      const error = configError(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: bad }));
      expect(error.variable, bad).toBe('REQUEST_TIMEOUT_SECONDS');
      expect(error.message, bad).toContain('from 1 to 3600');
    }
  });
});

describe('parseDatabaseTarget', () => {
  it('names the variable it was given', () => {
    expect(configError(() => parseDatabaseTarget('redis://x', 'BACKUP_URL')).variable).toBe('BACKUP_URL');
  });

  it('refuses an empty SQLite path', () => {
    expect(configError(() => parseDatabaseTarget('sqlite:')).message).toBe('DATABASE_URL: is empty.');
  });

  it('refuses a PostgreSQL URL with no host, without showing the password', () => {
    const error = configError(() => parseDatabaseTarget('postgres://'));
    expect(error.message).toMatch(/not a valid PostgreSQL URL/);
    const secret = configError(() => parseDatabaseTarget('mysql://admin:hunter2@db/x'));
    expect(secret.message).not.toContain('hunter2');
    expect(secret.message).toContain('admin:***@');
  });
});
