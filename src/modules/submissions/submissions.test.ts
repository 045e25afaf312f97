import { describe, expect, it } from 'vitest';
import { PUBLIC, SYSTEM_ACCOUNT, type Actor } from '../accounts/accounts.js';
import { problemStatementSections, isBlankProblemStatement } from '../proposals/proposals.js';
import { secProfile } from '../../process/sec.js';
import {
  SUBMISSION_STATUSES, allowedSteps, byDue, canSee, dueMark, nextStatus, replyDueOn, sectionsOf, toProblemStatement,
  visibleFilter, type Submission, type SubmissionStatus,
} from './submissions.js';

const utilita = { id: 'org-utilita', name: 'Utilita', partyCategory: 'large-supplier' };
const party: Actor = { id: 'a-andy', name: 'Andy Knowles', role: 'party', organisationId: 'org-utilita' };
const otherParty: Actor = { id: 'a-ash', name: 'Ashley Pocock', role: 'party', organisationId: 'org-edf' };
const orphanParty: Actor = { id: 'a-x', name: 'No Organisation', role: 'party', organisationId: null };
const analyst: Actor = { id: 'a-brad', name: 'Bradley Baker', role: 'analyst' };
const member: Actor = { id: 'a-hannah', name: 'Hannah Pryce', role: 'member', committees: ['OPSG'], organisationId: 'org-utilita' };

function submission(status: SubmissionStatus, over: Partial<Submission> = {}): Submission {
  return {
    id: 's1', organisation: utilita, author: { id: party.id, name: party.name }, title: 'T', summary: 'S',
    sections: sectionsOf(secProfile), status, submittedBy: null, submittedOn: null, dueOn: null, proposal: null,
    version: 1, createdAt: '2019-12-01T10:00:00.000Z', updatedAt: '2019-12-01T10:00:00.000Z', ...over,
  };
}

describe('canSee: the one visibility rule', () => {
  it.each(SUBMISSION_STATUSES)('shows a %s submission to its own Party only, and never to the public, members or another Party', (status) => {
    const s = submission(status);
    expect(canSee(party, s)).toBe(true);
    expect(canSee(otherParty, s)).toBe(false);
    expect(canSee(orphanParty, s)).toBe(false);
    expect(canSee(member, s)).toBe(false);
    expect(canSee(PUBLIC, s)).toBe(false);
  });

  it('shows the Secretariat what has been sent, not a draft still being written', () => {
    for (const status of SUBMISSION_STATUSES) {
      expect(canSee(analyst, submission(status)), status).toBe(status !== 'draft');
      expect(canSee(SYSTEM_ACCOUNT, submission(status)), status).toBe(status !== 'draft');
    }
  });

  it('has a list filter that says the same', () => {
    expect(visibleFilter(party)).toEqual({ organisationId: 'org-utilita' });
    expect(visibleFilter(analyst)).toEqual({ sentOnly: true });
    for (const nobody of [PUBLIC, member, orphanParty]) expect(visibleFilter(nobody)).toBe('none');
  });
});

describe('steps', () => {
  it('go draft → submitted → returned → resubmitted → raised', () => {
    expect(nextStatus('submit', 'draft')).toBe('submitted');
    expect(nextStatus('return', 'submitted')).toBe('returned');
    expect(nextStatus('submit', 'returned')).toBe('resubmitted');
    expect(nextStatus('return', 'resubmitted')).toBe('returned');
    expect(nextStatus('raise', 'submitted')).toBe('raised');
    expect(nextStatus('raise', 'resubmitted')).toBe('raised');
  });

  it('refuse everything else', () => {
    expect(nextStatus('raise', 'draft')).toBeNull();
    expect(nextStatus('raise', 'returned')).toBeNull();
    expect(nextStatus('return', 'draft')).toBeNull();
    expect(nextStatus('submit', 'submitted')).toBeNull();
    expect(nextStatus('save', 'submitted')).toBeNull();
    expect(nextStatus('save', 'returned')).toBe('returned');
    for (const step of ['save', 'submit', 'return', 'raise'] as const) expect(nextStatus(step, 'raised')).toBeNull();
  });

  it('are offered to whoever may take them', () => {
    expect(allowedSteps(party, submission('draft'))).toEqual(['save', 'submit']);
    expect(allowedSteps(party, submission('submitted'))).toEqual([]);
    expect(allowedSteps(party, submission('returned'))).toEqual(['save', 'submit']);
    expect(allowedSteps(analyst, submission('submitted'))).toEqual(['return', 'raise']);
    expect(allowedSteps(analyst, submission('draft'))).toEqual([]);
    expect(allowedSteps(otherParty, submission('draft'))).toEqual([]);
    expect(allowedSteps(member, submission('submitted'))).toEqual([]);
  });
});

describe('the reply due date', () => {
  it('is 5 Working Days after the submission, on the England & Wales calendar', () => {
    expect(replyDueOn(secProfile, '2019-12-02')).toBe('2019-12-09');
    expect(replyDueOn(secProfile, '2019-12-20')).toBe('2019-12-31');
    expect(replyDueOn(secProfile, '2019-12-21')).toBe('2019-12-31');
    expect(replyDueOn(secProfile, '2020-04-08')).toBe('2020-04-17');
    const tenDays = { ...secProfile.deadlines, criticalFriendReply: { ...secProfile.deadlines.criticalFriendReply, workingDays: 10 } };
    expect(replyDueOn({ ...secProfile, deadlines: tenDays }, '2019-12-02')).toBe('2019-12-16');
  });

  it('is marked due today or overdue only while a reply is awaited', () => {
    const s = submission('submitted', { dueOn: '2019-12-31' });
    expect(dueMark(s, '2019-12-30')).toBeNull();
    expect(dueMark(s, '2019-12-31')).toBe('due-today');
    expect(dueMark(s, '2020-01-02')).toBe('overdue');
    expect(dueMark({ ...s, status: 'resubmitted' }, '2020-01-02')).toBe('overdue');
    expect(dueMark({ ...s, status: 'returned' }, '2020-01-02')).toBeNull();
    expect(dueMark({ ...s, status: 'raised' }, '2020-01-02')).toBeNull();
  });

  it('orders the oldest due first, then the rest by latest change', () => {
    const list = [
      submission('returned', { id: 'r-old', updatedAt: '2019-12-02T00:00:00Z' }),
      submission('submitted', { id: 'due-late', dueOn: '2019-12-31' }),
      submission('returned', { id: 'r-new', updatedAt: '2019-12-05T00:00:00Z' }),
      submission('resubmitted', { id: 'due-early', dueOn: '2019-12-09' }),
    ].sort(byDue);
    expect(list.map((s) => s.id)).toEqual(['due-early', 'due-late', 'r-new', 'r-old']);
  });
});

describe('the problem statement', () => {
  it('has one section per section of the profile, in its order', () => {
    const sections = sectionsOf(secProfile, { 'Desired outcome': ' Top up anywhere. ', 'What is the issue?': 'Customers lose supply.' });
    expect(sections.map((s) => s.heading)).toEqual(secProfile.problemStatementSections);
    expect(sections[0].text).toBe('Customers lose supply.');
    expect(sections.find((s) => s.heading === 'Desired outcome')!.text).toBe('Top up anywhere.');
  });

  it('becomes the register\'s Markdown, and a heading typed inside a section cannot start a new one', () => {
    const body = toProblemStatement(sectionsOf(secProfile, {
      'What is the issue?': 'Line one.\n## Not a section\n# Nor this\nLine two.',
    }));
    const parsed = problemStatementSections(body);
    expect(parsed.map((s) => s.heading)).toEqual(secProfile.problemStatementSections);
    expect(parsed[0].text).toContain('### Not a section');
    expect(parsed[0].text).toContain('### Nor this');
    expect(isBlankProblemStatement(body)).toBe(false);
    expect(isBlankProblemStatement(toProblemStatement(sectionsOf(secProfile)))).toBe(true);
  });
});
