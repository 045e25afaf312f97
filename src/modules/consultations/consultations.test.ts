import { describe, expect, it } from 'vitest';
import { secProfile } from '../../process/sec.js';
import type { Actor } from '../accounts/accounts.js';
import {
  collatable, defaultLength, dueToClose, eligibility, eligibleOrganisations, findKind, mayReadResponse, responseRefusal, takesResponses,
  type ConsultationResponse,
} from './consultations.js';

const refinement = findKind(secProfile, 'refinement')!;
const report = findKind(secProfile, 'modification-report')!;
const utilita = { id: 'org-u', name: 'Utilita', partyCategory: 'large-supplier' };
const dcc = { id: 'org-d', name: 'DCC', partyCategory: 'dcc' };
const secas = { id: 'org-s', name: 'SECAS', partyCategory: null };
const open = { open: true, opensOn: '2027-01-11', closesOn: '2027-02-01', title: 'Refinement Consultation on MP001' };

const actor = (role: Actor['role'], organisationId?: string): Actor => ({ id: 'a', name: 'A', role, organisationId });
const response = (organisationId: string, confidential: boolean, organisation = organisationId): ConsultationResponse => ({
  id: `r-${organisationId}`, consultationId: 'c', organisationId, organisation, answers: ['x'], confidential, version: 1, submittedBy: 'A', submittedAt: '2027-01-12T10:00:00Z',
});

describe('who may respond', () => {
  it('takes the kind\'s length, or the profile\'s consultation close (15 Working Days)', () => {
    expect(defaultLength(secProfile, refinement)).toBe(15);
    expect(defaultLength(secProfile, { ...refinement, workingDays: 20 })).toBe(20);
  });

  it('lets any Party answer a Refinement Consultation, and no one who acts for no Party', () => {
    expect(eligibility(secProfile, refinement, utilita)).toEqual({ ok: true });
    expect(eligibility(secProfile, refinement, dcc)).toEqual({ ok: true });
    expect(eligibility(secProfile, refinement, secas)).toMatchObject({ ok: false, code: 'NOT_A_PARTY' });
    expect(eligibility(secProfile, refinement, null)).toMatchObject({ ok: false, code: 'NOT_A_PARTY' });
  });

  it('keeps the DCC out of a Modification Report Consultation, by its category, and any organisation the kind names', () => {
    expect(eligibility(secProfile, report, dcc)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE', message: expect.stringContaining('DCC') });
    expect(eligibility(secProfile, report, utilita)).toEqual({ ok: true });
    expect(eligibility(secProfile, { ...refinement, excludedOrganisations: ['org-u'] }, utilita)).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect(eligibleOrganisations(secProfile, report, [utilita, dcc, secas]).map((o) => o.name)).toEqual(['Utilita']);
    expect(eligibleOrganisations(secProfile, refinement, [utilita, dcc, secas]).map((o) => o.name)).toEqual(['DCC', 'Utilita']);
  });
});

describe('when responses are taken', () => {
  it('from the opening day to the closing day, both included, while open', () => {
    expect(takesResponses(open, '2027-01-10')).toBe(false);
    expect(takesResponses(open, '2027-01-11')).toBe(true);
    expect(takesResponses(open, '2027-02-01')).toBe(true);
    expect(takesResponses(open, '2027-02-02')).toBe(false);
    expect(takesResponses({ ...open, open: false }, '2027-01-20')).toBe(false);
  });

  it('says why not, and is due to close only after its closing day', () => {
    expect(responseRefusal(open, '2027-01-20')).toBeNull();
    expect(responseRefusal(open, '2027-02-02')).toContain('closed on 1 February 2027');
    expect(responseRefusal({ ...open, open: false }, '2027-01-20')).toContain('no longer taken');
    expect(responseRefusal(open, '2027-01-10')).toContain('opens on 11 January 2027');
    expect(dueToClose(open, '2027-02-01')).toBe(false);
    expect(dueToClose(open, '2027-02-02')).toBe(true);
    expect(dueToClose({ ...open, open: false }, '2027-03-01')).toBe(false);
  });
});

describe('who reads a response', () => {
  const secret = response('org-u', true);
  const plain = response('org-u', false);

  it('the Secretariat reads every response; a Party its own, confidential or not', () => {
    for (const role of ['analyst', 'admin'] as const) expect(mayReadResponse(actor(role), open, secret)).toBe(true);
    expect(mayReadResponse(actor('party', 'org-u'), open, secret)).toBe(true);
  });

  it('others read only a response that is not confidential, and only once closed', () => {
    for (const viewer of [actor('public'), actor('party', 'org-other'), actor('member')]) {
      expect(mayReadResponse(viewer, open, plain)).toBe(false);
      expect(mayReadResponse(viewer, { open: false }, plain)).toBe(true);
      expect(mayReadResponse(viewer, { open: false }, secret)).toBe(false);
    }
  });

  it('collates only responses that are not confidential, by organisation', () => {
    const all = [response('b', false, 'Bravo'), response('c', true, 'Charlie'), response('a', false, 'Alpha')];
    expect(collatable(all).map((r) => r.organisation)).toEqual(['Alpha', 'Bravo']);
  });
});
