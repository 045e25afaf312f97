// The page comparing two versions of a problem statement, on each database: the words that changed
// are marked on each side, everything from a version is escaped, and it is linked from the
// problem statement page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

describeEachDatabase('comparing problem statement versions', ({ ctx }) => {
  let api: Api;
  let page: string;

  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
    const raised = await api.raise({ title: 'Top-ups without the SM WAN', raisedOn: '2020-01-06', problemStatement: PROBLEM_STATEMENT });
    page = `/modifications/${raised.slug}/problem-statement`;
    const edited = PROBLEM_STATEMENT.replace('lose supply', 'lose <script>alert("x")</script> supply & credit')
      .replace('Reported by several Suppliers.', 'Reported by two Suppliers.');
    const res = await api.put(`/api/v1/proposals/${raised.reference}/problem-statement`, { body: edited, businessDate: '2020-01-08' });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    expect(api.serverErrors).toEqual([]);
    await api.close();
  });

  it('marks the words that went on the earlier side and those that came on the later one, escaped', async () => {
    const res = await api.get(`${page}/compare?from=0.1&to=0.2`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<del><span class="visually-hidden">[removed: </span>several<span class="visually-hidden">]</span></del>');
    expect(html).toContain('<ins><span class="visually-hidden">[added: </span>two<span class="visually-hidden">]</span></ins>');
    expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&amp; credit');
    expect(html).not.toContain(' & credit');
    expect(html).toMatch(/\d+ words? removed, \d+ words? added\./);
    expect(html).toContain('<th scope="col">v0.1 (draft, 6 January 2020)</th><th scope="col">v0.2 (draft, 8 January 2020)</th>');
  });

  it('compares the latest two versions when none are named, takes "v0.1" as well as "0.1", and answers 404 for a version that does not exist', async () => {
    const latest = await api.get(`${page}/compare`);
    expect(latest.statusCode).toBe(200);
    expect(latest.body).toContain('<option value="0.1" selected>');
    expect(latest.body).toContain('<option value="0.2" selected>');
    expect((await api.get(`${page}/compare?from=v0.1&to=v0.2`)).body).toContain('>several<');
    expect((await api.get(`${page}/compare?from=0.9`)).statusCode).toBe(404);
  });

  it('is linked from the problem statement page, for each version from the one before', async () => {
    const html = (await api.get(page)).body;
    expect(html).toContain(`href="${page}/compare"`);
    expect(html).toContain(`href="${page}/compare?from=0.1&amp;to=0.2"`);
    expect(html).not.toContain('This change is closed');
  });
});
