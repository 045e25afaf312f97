// The audience rule for one record in hand (mayRead) must agree with the filter the stream applies
// in SQL (readerFilter): the same roles, the same organisation, the same committees.
import { describe, expect, it } from 'vitest';
import { PUBLIC, type Actor } from './accounts.js';
import { mayRead, readerFilter } from './permissions.js';

const analyst: Actor = { id: 'a', name: 'Ann Analyst', role: 'analyst' };
const opsgMember: Actor = { id: 'm1', name: 'Mo', role: 'member', committees: ['OPSG'] };
const sscMember: Actor = { id: 'm2', name: 'Sue', role: 'member', committees: ['SSC', 'TABASC'] };
const party: Actor = { id: 'p', name: 'Pat', role: 'party', organisationId: 'org-u' };

const forOpsg = { audience: 'committee', organisationId: null, committeeCode: 'OPSG' };

describe('a committee-scoped audience', () => {
  it('is read by the Secretariat and the members of that committee only', () => {
    expect(mayRead(analyst, forOpsg)).toBe(true);
    expect(mayRead({ ...analyst, role: 'admin' }, forOpsg)).toBe(true);
    expect(mayRead(opsgMember, forOpsg)).toBe(true);
    expect(mayRead(sscMember, forOpsg)).toBe(false);
    expect(mayRead(party, forOpsg)).toBe(false);
    expect(mayRead(PUBLIC, forOpsg)).toBe(false);
  });

  it('names nobody when the event names no committee', () => {
    expect(mayRead(opsgMember, { ...forOpsg, committeeCode: null })).toBe(false);
    expect(mayRead(analyst, { ...forOpsg, committeeCode: null })).toBe(true);
  });

  it('is a committee membership, not a role: a Party user never reads it, whatever committees the actor claims', () => {
    expect(mayRead({ ...party, committees: ['OPSG'] }, forOpsg)).toBe(false);
  });

  it('is what readerFilter gives the stream to filter in SQL', () => {
    expect(readerFilter(opsgMember)).toMatchObject({ committees: { codes: ['OPSG'], audiences: ['committee'] } });
    expect(readerFilter(opsgMember)).not.toMatchObject({ audiences: expect.arrayContaining(['committee']) });
    expect(readerFilter(analyst)).toMatchObject({ audiences: expect.arrayContaining(['committee']) });
    expect(readerFilter(party)).toMatchObject({ committees: undefined });
    expect(readerFilter(PUBLIC)).toMatchObject({ audiences: ['public'], committees: undefined });
  });

  it('leaves the secretariat audience to the Secretariat', () => {
    const secretariatOnly = { audience: 'secretariat', organisationId: null, committeeCode: null };
    expect([analyst, opsgMember, party, PUBLIC].map((a) => mayRead(a, secretariatOnly))).toEqual([true, false, false, false]);
  });
});
