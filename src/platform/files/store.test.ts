// The disk store on a real folder: whole files under their hash, written once, nothing half-written
// left in sight, and no path made from anything but a SHA-256.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskFileStore, filesFolderFor, sha256Of } from './store.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-store-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Every file under a folder, relative to it. */
const listing = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [])
  .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

describe('the disk file store', () => {
  it('keeps bytes under their SHA-256 and gives them back byte for byte', async () => {
    const store = diskFileStore(path.join(root, 'a'));
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const sha = await store.put(bytes);
    expect(sha).toBe(sha256Of(bytes));
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.compare((await store.get(sha))!, bytes)).toBe(0);
    expect(listing(path.join(root, 'a'))).toEqual([path.join(sha.slice(0, 2), sha)]);
  });

  it('writes the same bytes once, and leaves no temporary file behind', async () => {
    const dir = path.join(root, 'b');
    const store = diskFileStore(dir);
    const bytes = Buffer.from('the same text twice\n');
    const [first, second] = await Promise.all([store.put(bytes), store.put(bytes)]);
    expect(second).toBe(first);
    expect(await store.put(bytes)).toBe(first);
    expect(listing(dir)).toEqual([path.join(first.slice(0, 2), first)]);
  });

  it('answers null for a missing file and for anything that is not a SHA-256, never reading outside its folder', async () => {
    const dir = path.join(root, 'c');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(root, 'secret.txt'), 'outside');
    const store = diskFileStore(dir);
    expect(await store.get('0'.repeat(64))).toBeNull();
    for (const name of ['../secret.txt', '..', '', 'A'.repeat(64), `${'a'.repeat(63)}/`, '/etc/passwd']) {
      expect(await store.get(name), name).toBeNull();
    }
  });

  it('sits beside the SQLite file it belongs to', () => {
    expect(filesFolderFor('/srv/data/secretariat.db')).toBe('/srv/data/secretariat.files');
    expect(filesFolderFor('/srv/data/register.sqlite')).toBe('/srv/data/register.files');
    expect(filesFolderFor('/srv/data/register')).toBe('/srv/data/register.files');
    expect(filesFolderFor('data/secretariat.db')).toBe(path.resolve('data/secretariat.files'));
  });
});
