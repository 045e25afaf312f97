// Every response carries the security headers: the exact values @fastify/helmet 8.3 sent with our
// options before these were fixed at start-up.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer } from './server.js';
import { allowingInlineStyles } from './security-headers.js';

const CSP = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
  "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self'";

const EVERY_SITE = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

async function server(secureCookies: boolean) {
  const app = await createServer({ publicBaseUrl: 'http://127.0.0.1', secureCookies, renderErrorPage: () => '<p>error</p>', ownRoutesConfig: {} });
  app.get('/page/:id', async () => ({ ok: true }));
  app.get('/fails', async () => { throw new Error('broken'); });
  return app;
}

// A route, the not-found page and API answer, a failing route, a static file, and the router's own refusals.
const URLS = ['/page/1', '/nothing-here', '/api/nothing', '/fails', '/assets/styles.css', '/page/%zz', `/page/${'a'.repeat(200)}`];

describe('security headers', () => {
  it('are helmet\'s for a site on http: no HSTS, no request upgrade', async () => {
    const app = await server(false);
    try {
      for (const url of URLS) {
        const { headers, statusCode } = await app.inject({ url });
        expect(headers, `${url} (${statusCode})`).toMatchObject({ 'content-security-policy': CSP, ...EVERY_SITE });
        expect(headers['strict-transport-security'], url).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });

  it('add HSTS and upgrade-insecure-requests for a site on https', async () => {
    const app = await server(true);
    try {
      for (const url of URLS) {
        const { headers, statusCode } = await app.inject({ url });
        expect(headers, `${url} (${statusCode})`).toMatchObject({
          'content-security-policy': `${CSP};upgrade-insecure-requests`,
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
          ...EVERY_SITE,
        });
      }
    } finally {
      await app.close();
    }
  });
});

describe('allowingInlineStyles', () => {
  it('adds the hash of each given style sheet to style-src and changes nothing else', () => {
    const css = 'body { max-width: 46rem; }';
    const hash = createHash('sha256').update(css).digest('base64');
    const csp = allowingInlineStyles(CSP, [css, css]);
    expect(csp).toBe(CSP.replace("style-src 'self'", `style-src 'self' 'sha256-${hash}'`));
    expect(allowingInlineStyles(CSP, [])).toBe(CSP);
  });
});
