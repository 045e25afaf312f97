// Every page at a phone's width (390 px, Chromium, demo register): none scrolls sideways, tables
// included (they become stacked rows with their column names). At 1280 px the signed-in header is
// one row. Lean: one browser, one signed-in context, the pages in turn.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, useDemoBrowser } from '../support/browser.js';

const run = chromiumAvailable() ? describe : describe.skip;

run('pages on a phone (Chromium, demo register)', { timeout: 180_000 }, () => {
  let page: Page;
  const demo = useDemoBrowser({ setup: (server) => { server.ctx.clock = () => new Date('2019-12-02T10:00:00Z'); } });

  beforeAll(async () => {
    // The administrator holds every permission of the analyst and the admin pages besides.
    page = await demo.page('admin@secretariat.example', { viewport: { width: 390, height: 844 } });
  });

  /** The first link on `from` whose address matches, as a path. */
  async function firstLink(from: string, pattern: RegExp): Promise<string> {
    await page.goto(`${demo.url}${from}`);
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const found = hrefs.find((h) => pattern.test(h));
    if (!found) throw new Error(`No link like ${pattern} on ${from}`);
    return found;
  }

  it('scrolls no page sideways at 390 px', async () => {
    const change = '/modifications/dno-power-outage-alerts/';
    const pages = [
      '/', '/dashboard', '/search?q=alerts', '/modifications/', change, `${change}edit`, `${change}problem-statement`, `${change}problem-statement/compare`,
      '/modifications/new', '/committees/', '/committees/OPSG/', await firstLink('/committees/OPSG/', /^\/meetings\/[^/]+$/),
      '/papers/', await firstLink('/papers/', /^\/papers\/[A-Z]+\/\d{4}-\d{2}-\d{2}$/),
      '/releases/', await firstLink('/releases/', /^\/releases\/[^/]+$/), '/work', '/submissions/',
      '/account', '/admin/users', '/admin/users/new', '/admin/organisations', '/admin/audit', '/admin/subscribers', '/admin/webhooks',
    ];
    const wide: string[] = [];
    for (const path of pages) {
      const response = await page.goto(`${demo.url}${path}`);
      if ((response?.status() ?? 0) >= 400) { wide.push(`${path}: HTTP ${response?.status()}`); continue; }
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > 390) {
        const culprits = await page.evaluate(() => Array.from(document.querySelectorAll('main *, header *'))
          .filter((e) => e.getBoundingClientRect().right > 391).slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
        wide.push(`${path}: ${width}px (${culprits.join(', ')})`);
      }
    }
    expect(wide).toEqual([]);
  });

  it('keeps the signed-in header to one row at 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${demo.url}/modifications/`);
    const boxes = await page.locator('.site-header > *:not(.skip-link)').evaluateAll((parts) => parts
      .map((p) => p.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => ({ top: r.top, bottom: r.bottom })));
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    // One row: every part overlaps every other vertically.
    expect(Math.max(...boxes.map((b) => b.top))).toBeLessThan(Math.min(...boxes.map((b) => b.bottom)));
    await page.setViewportSize({ width: 390, height: 844 });
  });
});
