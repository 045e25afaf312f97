// `node scripts/bundle.mjs [outdir]` (part of `npm run build` and of `npm test`'s build): bundles the
// server and the CLI from src/ into dist/bundle/ with esbuild, which bin/secretariat.js runs.
//
// Why: loading ~1,300 module files one by one (the app's own, typebox's, Kysely's, Fastify's and its
// plugins') was most of a cold start: Node's ES module loader resolves, opens, reads and compiles
// each file apart. Bundled, `serve` loads a few dozen files. What a command loads only on first use
// (`import()`: each module's web part, papers, the demo, backups) stays a separate chunk, loaded as
// late as before. tsc still writes dist/ file by file (type-checked; tests and workers import it).
//
// Left outside the bundle, required from node_modules at run time as before:
// - native code: better-sqlite3, @node-rs/argon2;
// - packages that load their own files or optional parts by name: pg (pg-native), pdfmake (fonts),
//   date-holidays (its data);
// - large packages loaded only on first use, which gain nothing from the bundle: docx, unpdf,
//   nodemailer, openid-client, the schema compilers (fast-json-stringify, Ajv), and light-my-request
//   (Fastify's inject, for tests).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(root, process.argv[2] ?? 'dist/bundle');

const EXTERNAL = [
  'better-sqlite3', '@node-rs/argon2', 'pg', 'pdfmake', 'date-holidays',
  'docx', 'unpdf', 'nodemailer', 'openid-client',
  'fast-json-stringify', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'ajv', 'ajv-formats', 'light-my-request',
];

/**
 * @fastify/swagger-ui serves Swagger UI's files from its own folder, found from `__dirname`, which
 * in the bundle would be dist/bundle/. Its `__dirname` becomes its folder in node_modules, resolved
 * when it runs (so a build still works once the project is moved). Bundled rather than left out, it
 * shares the bundle's copy of yaml and @fastify/static instead of loading its own (~100 files).
 */
const swaggerUiFolder = {
  name: 'swagger-ui-folder',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@fastify[\\/]swagger-ui[\\/](index|lib[\\/][^\\/]+)\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const sub = /[\\/]lib[\\/][^\\/]+$/.test(args.path) ? 'lib' : '.';
      const folder = `require('node:path').join(require('node:path').dirname(require.resolve('@fastify/swagger-ui/package.json')), ${JSON.stringify(sub)})`;
      return { contents: source.replaceAll('__dirname', `(${folder})`), loader: 'js' };
    });
  },
};

/**
 * A dynamic import() of a CommonJS module, bundled with code splitting, yields only its default
 * export, where Node gives its named exports too. @fastify/cookie loads cookie so (`await
 * import('cookie')`, then `cookieModule.stringifySetCookie`): there it becomes a require, which
 * yields the whole exports object. The build stops if the line is no longer there (an upgrade).
 */
const cookieRequire = {
  name: 'cookie-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@fastify[\\/]cookie[\\/]index\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const line = "cookieModule = await import('cookie')";
      if (!source.includes(line)) throw new Error(`${args.path} no longer has "${line}": check how it loads cookie.`);
      return { contents: source.replace(line, "cookieModule = require('cookie')"), loader: 'js' };
    });
  },
};

// A chunk left from an earlier build would be harmless but confusing: start empty.
fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir,
  bundle: true,
  // Dynamic imports stay dynamic: each becomes a chunk loaded when first asked for.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  external: EXTERNAL,
  // The CommonJS packages in the bundle (Fastify and its plugins) call require() for Node's own
  // modules, which an ES module does not have.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [swaggerUiFolder, cookieRequire],
  logLevel: 'warning',
});

// Any other dynamic import of a CommonJS module would lose its named exports the same way.
for (const file of fs.readdirSync(outdir)) {
  if (/^export default require_/m.test(fs.readFileSync(path.join(outdir, file), 'utf8'))) {
    throw new Error(`dist/bundle/${file} is a CommonJS module loaded with import(): only its default export would be seen (see cookieRequire).`);
  }
}
