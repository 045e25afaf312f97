// Listing the register: filters, text search, sorting and pages, over the demo register (2019).
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startApi, type Api } from './helpers.js';

const ALL = ['MP085', 'MP088', 'MP090', 'MP092', 'MP093', 'DP094', 'DP095', 'DP096', 'DP097'];

describeEachDatabase('API: listing the register', ({ ctx }) => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(ctx());
  });
  afterAll(async () => { await api?.close(); });
  afterEach(() => { expect(api.serverErrors.splice(0)).toEqual([]); });

  async function list(query = ''): Promise<{ refs: string[]; total: number; limit: number; offset: number; items: Record<string, any>[] }> {
    const res = await api.get(`/api/v1/proposals${query ? `?${query}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return { ...body, refs: body.items.map((p: { reference: string }) => p.reference) };
  }

  it('lists every change by reference, with the page it is on', async () => {
    const all = await list();
    expect(all.refs).toEqual(ALL);
    expect([all.total, all.limit, all.offset]).toEqual([9, 25, 0]);
    expect(all.items[0]).toMatchObject({
      reference: 'MP085', number: 85, prefix: 'MP', state: 'refinement', stateLabel: 'Refinement Process', path: '3',
      title: 'Synchronisation of smart meter voltage measurement periods',
      url: expect.stringMatching(/^https:\/\/secretariat\.test\/modifications\/[a-z0-9-]+\/$/),
      organisation: { name: 'Northvale Distribution', partyCategory: 'electricity-network' },
      leadAnalyst: { name: 'Priya Natarajan' },
    });
    expect(all.items[0]).not.toHaveProperty('actions');
    expect(all.items[0]).not.toHaveProperty('id');
  });

  it('filters by stage, one or several separated by commas', async () => {
    expect((await list('stage=development')).refs).toEqual(['DP094', 'DP095', 'DP096', 'DP097']);
    expect((await list('stage=refinement')).refs).toEqual(['MP085', 'MP088', 'MP090', 'MP092', 'MP093']);
    expect((await list('stage=development,refinement')).total).toBe(9);
    expect((await list('stage=development,%20implemented')).refs).toEqual(['DP094', 'DP095', 'DP096', 'DP097']);
    const none = await list('stage=implemented');
    expect([none.refs, none.total]).toEqual([[], 0]);
  });

  it('filters by path and by the proposer\'s party category', async () => {
    expect((await list('path=2')).refs).toEqual(['MP088']);
    expect((await list('path=3')).refs).toEqual(['MP085', 'MP090', 'MP092', 'MP093']);
    expect((await list('path=1')).refs).toEqual([]);
    expect((await list('partyCategory=dcc')).refs).toEqual(['MP092', 'DP096', 'DP097']);
    expect((await list('partyCategory=large-supplier')).refs).toEqual(['DP094', 'DP095']);
    expect((await list('partyCategory=other-sec-party')).refs).toEqual(['MP088', 'MP093']);
  });

  it('filters by lead analyst, by name in any case or by id', async () => {
    expect((await list('leadAnalyst=Joe%20Hehir')).refs).toEqual(['MP090', 'DP094']);
    expect((await list('leadAnalyst=bradley%20baker')).refs).toEqual(['DP095', 'DP096']);
    const analysts = (await api.get('/api/v1/analysts')).json().items as { id: string; name: string }[];
    const ali = analysts.find((a) => a.name === 'Ali Beard')!;
    expect((await list(`leadAnalyst=${encodeURIComponent(ali.id)}`)).refs).toEqual(['MP093', 'DP097']);
    expect((await list('leadAnalyst=Nobody')).refs).toEqual([]);
  });

  it('searches titles and references; a reference under either prefix finds the change', async () => {
    expect((await list('q=credit%20cover')).refs).toEqual(['DP095']);
    expect((await list('q=SMETS2')).refs).toEqual(['DP097']);
    expect((await list('q=MP094')).refs).toEqual(['DP094']);
    expect((await list('q=mp094')).refs).toEqual(['DP094']);
    expect((await list('q=DP092')).refs).toEqual(['MP092']);
    expect((await list('q=94')).refs).toEqual(['DP094']);
    expect((await list('q=mp09')).refs).toEqual(['MP090', 'MP092', 'MP093']);
    expect((await list('q=100%25')).refs).toEqual([]);
    expect((await list('q=_')).refs).toEqual([]);
  });

  it('combines filters', async () => {
    expect((await list('stage=development&partyCategory=dcc')).refs).toEqual(['DP096', 'DP097']);
    expect((await list('stage=refinement&leadAnalyst=Joe%20Hehir&path=3')).refs).toEqual(['MP090']);
    const paged = await list('stage=development&limit=3&offset=1');
    expect([paged.refs, paged.total]).toEqual([['DP095', 'DP096', 'DP097'], 4]);
  });

  it('sorts by title, raised date, reference and state, in either order', async () => {
    const byTitle = ['DP095', 'DP096', 'MP093', 'DP097', 'MP090', 'MP092', 'MP088', 'DP094', 'MP085'];
    expect((await list('sort=title')).refs).toEqual(byTitle);
    expect((await list('sort=title&order=desc')).refs).toEqual([...byTitle].reverse());
    const newestFirst = ['DP097', 'DP095', 'DP096', 'DP094', 'MP090', 'MP093', 'MP092', 'MP088', 'MP085'];
    expect((await list('sort=raised')).refs).toEqual(newestFirst);
    expect((await list('sort=raised&order=asc')).refs).toEqual([...newestFirst].reverse());
    expect((await list('sort=reference&order=desc')).refs).toEqual([...ALL].reverse());
    expect((await list('sort=state')).refs).toEqual(['DP094', 'DP095', 'DP096', 'DP097', 'MP085', 'MP088', 'MP090', 'MP092', 'MP093']);
    const updated = (await list('sort=updated')).items.map((p) => p.updatedAt as string);
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('pages with limit and offset, reporting the total', async () => {
    const pages = [];
    for (let offset = 0; offset < 9; offset += 4) {
      const page = await list(`limit=4&offset=${offset}`);
      expect([page.total, page.limit, page.offset]).toEqual([9, 4, offset]);
      pages.push(...page.refs);
    }
    expect(pages).toEqual(ALL);
    const last = await list('limit=4&offset=8');
    expect(last.refs).toEqual(['DP097']);
    const beyond = await list('offset=50');
    expect([beyond.refs, beyond.total]).toEqual([[], 9]);
    expect((await list('limit=1&sort=title&order=desc')).refs).toEqual(['MP085']);
    expect((await list('limit=200')).refs).toEqual(ALL);
  });
}, { demo: true });
