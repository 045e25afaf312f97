// The second baseline: bare Fastify routes, each sending the exact bytes (and content type) a
// benchmark target answered once before the load. A large page costs Fastify and the socket more
// than 70 bytes of JSON, so this is the fair limit for that page.
// Usage: node bench/same-bytes-server.mjs PORT MANIFEST, where MANIFEST lists { path, contentType, file }.
import fs from 'node:fs';
import Fastify from 'fastify';

const [port, manifest] = process.argv.slice(2);
const app = Fastify({ logger: false });
for (const { path, contentType, file } of JSON.parse(fs.readFileSync(manifest, 'utf8'))) {
  const body = fs.readFileSync(file);
  app.get(path, async (_request, reply) => reply.type(contentType).send(body));
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
