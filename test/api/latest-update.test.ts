// The change page's "Latest update" keeps itself current: it follows each lifecycle step, yields to
// a text an analyst writes by hand on or after that step, and gives way again to a later step. Read
// twice each time, so a kept page (response-cache.ts) never shows an update older than the change.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { PROBLEM_STATEMENT, seedDirectory, startApi, type Api } from './helpers.js';

describeEachDatabase('the latest update of a change', ({ ctx }) => {
  let api: Api;
  beforeAll(async () => {
    await seedDirectory(ctx());
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  /** The text of the page's "Latest update" section, read twice (the second time from what is kept). */
  async function latestUpdate(slug: string): Promise<string> {
    const [first, second] = [await api.get(`/modifications/${slug}/`), await api.get(`/modifications/${slug}/`)];
    expect(second.body).toBe(first.body);
    const section = /<h2 id="h-update">Latest update<\/h2>([\s\S]*?)<\/section>/.exec(first.body)?.[1] ?? '';
    return section.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ').trim();
  }

  it('follows the lifecycle unless an analyst wrote a newer one', async () => {
    const p = await api.raise({ title: 'Top-ups without the SM WAN', raisedOn: '2020-01-06', problemStatement: PROBLEM_STATEMENT });
    const ref = p.reference as string;
    expect(await latestUpdate(p.slug)).toBe('No update yet.');

    expect((await api.act(ref, { action: 'present-to-csc-initial', businessDate: '2020-01-08' })).statusCode).toBe(200);
    expect((await api.act(ref, { action: 'agree-problem-statement', businessDate: '2020-01-10' })).statusCode).toBe(200);
    expect(await latestUpdate(p.slug)).toBe('Problem statement agreed by the Change Sub-Committee on 10 January 2020.');

    const edited = await api.patch(`/api/v1/proposals/${ref}`, { latestUpdate: 'Waiting for the Panel in February.', businessDate: '2020-01-10' }, { 'if-match': '*' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await latestUpdate(p.slug)).toBe('Waiting for the Panel in February.');

    const converted = await api.act(ref, { action: 'convert', businessDate: '2020-01-15', path: '3', route: 'refinement' });
    expect(converted.statusCode, converted.body).toBe(200);
    expect(await latestUpdate(converted.json().slug)).toBe(
      'Converted to a Modification Proposal by the Panel on 15 January 2020. Earlier update (10 January 2020): Waiting for the Panel in February.');
  });
});
