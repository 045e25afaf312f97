// Secrets kept at rest (webhook signing secrets): sealed with AES-256-GCM under the installation's
// key, as `v1:` and the base64 of a fresh 12-byte nonce, the 16-byte tag and the ciphertext. The
// key is SECRETARIAT_SECRET_KEY when set; otherwise a key file is made once and kept (mode 0600):
// beside a SQLite database (`<file>.key`), or `./data/secretariat.key` with PostgreSQL, so the demo
// and the tests need no setup. Lose the key and the sealed secrets are lost: rotate them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, parseSecretKey, type DatabaseTarget } from '../../config.js';

const PREFIX = 'v1:';
export const POSTGRES_KEY_FILE = './data/secretariat.key';

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function seal(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The plaintext of a sealed value; throws when the key is not the one it was sealed with. */
export function unseal(key: Buffer, sealed: string): string {
  if (!isSealed(sealed)) throw new Error('The value is not sealed.');
  const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** Where the key is kept when SECRETARIAT_SECRET_KEY is unset. */
export function keyFileFor(target: DatabaseTarget): string {
  return target.kind === 'sqlite' && target.location !== ':memory:' ? `${target.location}.key` : POSTGRES_KEY_FILE;
}

/** The key: the configured one, or the key file's (made on first use, by whichever process comes first). */
export function resolveSecretKey(target: DatabaseTarget, configured?: Buffer | string): Buffer {
  if (configured) return typeof configured === 'string' ? parseSecretKey(configured) : configured;
  const file = keyFileFor(target);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    return parseSecretKey(readFileSync(file, 'utf8').trim());
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError('SECRETARIAT_SECRET_KEY', `the key file ${file} does not hold a key: ${error.message}`);
    throw error;
  }
}
