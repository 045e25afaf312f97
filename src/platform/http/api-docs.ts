// The API's documentation for people: Swagger UI, served from its package (no CDN) at /api/docs,
// reading the same OpenAPI document as /api/openapi.json. Its page loads only its own script and
// style files, so it lives within the site's Content Security Policy unchanged.
import swaggerUi from '@fastify/swagger-ui';
import type { HttpServer } from './server.js';

export async function registerApiDocs(app: HttpServer, routeConfig: Record<string, unknown>): Promise<void> {
  await app.register(async (docs) => {
    // Every route declares the permission it needs; the plugin's routes get the one given here.
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), ...routeConfig };
    });
    await docs.register(swaggerUi, {
      routePrefix: '/api/docs',
      // No call to an outside validator, no "Try it out" by default: reading is the point.
      validatorUrl: false,
      // The base layout, without the standalone top bar: its logo carries an inline <style> the CSP refuses.
      uiConfig: { layout: 'BaseLayout', deepLinking: true, docExpansion: 'list', tryItOutEnabled: false, defaultModelsExpandDepth: 0 },
      theme: { title: 'Secretariat API' },
    });
  });
}
