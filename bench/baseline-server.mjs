// The baseline every benchmark is compared with: a bare Fastify route serving a fixed JSON body.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = { status: 'ok', items: [{ reference: 'DP001', title: 'A fixed body' }] };
app.get('/', async () => body);
await app.listen({ port: Number(process.argv[2] ?? 4100), host: '127.0.0.1' });
