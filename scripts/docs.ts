// `npm run docs`: writes README's permission tables from the code (the permission table and the
// routes a server registers, with single sign-on configured so its routes are listed too).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer, openContext } from '../src/app.js';
import { SSO_FOR_DOCS, permissionDocs, withPermissionDocs } from '../src/modules/accounts/permission-docs.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-docs-'));
const ctx = await openContext({ kind: 'sqlite', location: path.join(dir, 'docs.db') });
const app = await buildServer(ctx, { oidc: SSO_FOR_DOCS });
await app.ready();
const readme = path.resolve(import.meta.dirname, '../README.md');
const text = fs.readFileSync(readme, 'utf8');
const next = withPermissionDocs(text, permissionDocs(app.registeredRoutes));
fs.writeFileSync(readme, next);
await app.close();
await ctx.db.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(next === text ? 'README.md is up to date.' : 'README.md: permissions written.');
