// The deadline engine on the SEC profile and the England & Wales calendar. Every expected date was
// counted by hand from the calendar; the reason is beside each.
import { describe, expect, it } from 'vitest';
import { addWeeks, deadlineProblems, describeDeadline, dueOn, standing } from './deadlines.js';
import { secProfile } from './sec.js';
import { validateProfile } from './workflow.js';

const p = secProfile;

describe('the critical-friend reply (5 Working Days after the submission)', () => {
  it.each([
    ['2019-12-02', '2019-12-09', 'a plain week'],
    ['2019-12-20', '2019-12-31', 'Friday 20 Dec 2019: Christmas Day and Boxing Day skipped, still in 2019'],
    ['2019-12-23', '2020-01-02', 'into 2020: Christmas Day, Boxing Day and New Year\'s Day skipped'],
    ['2020-04-13', '2020-04-20', 'sent on Easter Monday, itself no Working Day: counting starts on the Tuesday'],
    ['2020-12-23', '2021-01-04', 'Christmas 2020, the substitute for Boxing Day (Monday 28 Dec) and New Year\'s Day 2021'],
  ])('%s → %s (%s)', (sent, due) => {
    expect(dueOn(p, 'critical-friend-reply', sent)).toBe(due);
  });
});

describe('a consultation (15 Working Days by default, unconfirmed)', () => {
  it('closes after both 2021 Christmas substitutes and the New Year substitute of 3 January 2022', () => {
    expect(dueOn(p, 'consultation-close', '2021-12-15')).toBe('2022-01-10');
  });

  it('runs for its own length when it is issued for longer', () => {
    expect(dueOn(p, 'consultation-close', '2021-12-15', { workingDays: 20 })).toBe('2022-01-17');
    expect(() => dueOn(p, 'consultation-close', '2021-12-15', { workingDays: 0 })).toThrow(/at least 1/);
  });
});

describe('a committee paper (due 5 Working Days before its meeting)', () => {
  it.each([
    ['2019-11-26', '2019-11-19', 'the OPSG meeting of 26 November 2019: a plain week back'],
    ['2020-04-16', '2020-04-07', 'counting back over Easter Monday and Good Friday 2020'],
    ['2020-01-07', '2019-12-30', 'counting back over New Year\'s Day, into the year before'],
  ])('meeting %s → paper due %s (%s)', (meeting, due) => {
    expect(dueOn(p, 'paper-due', meeting)).toBe(due);
  });
});

describe('the appeal window after a self-governance decision (15 Working Days, unconfirmed)', () => {
  it('closes on 19 January 2021 after a decision on Christmas Eve 2020 (25 and 28 Dec, 1 Jan closed)', () => {
    expect(dueOn(p, 'appeal-window', '2020-12-24')).toBe('2021-01-19');
  });
});

describe('the Authority\'s 5-week target (calendar weeks)', () => {
  it('counts every day, across the year end and bank holidays alike', () => {
    expect(dueOn(p, 'authority-decision', '2019-12-10')).toBe('2020-01-14');
    expect(dueOn(p, 'authority-decision', '2020-12-21')).toBe('2021-01-25');
    expect(addWeeks('2020-02-26', 1)).toBe('2020-03-04');
    expect(() => addWeeks('2020-02-30', 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe('how near a due date is', () => {
  it('is overdue, due today, soon within 5 Working Days (over Christmas), or later', () => {
    expect(['2019-12-19', '2019-12-20', '2019-12-31', '2020-01-02'].map((due) => standing(p, due, '2019-12-20')))
      .toEqual(['overdue', 'due-today', 'soon', 'later']);
  });

  it('follows the profile\'s horizon', () => {
    const narrow = { ...p, deadlines: { ...p.deadlines, soonWithin: 1 } };
    expect(standing(narrow, '2019-12-23', '2019-12-20')).toBe('soon');
    expect(standing(narrow, '2019-12-24', '2019-12-20')).toBe('later');
  });
});

describe('the deadlines in the profile', () => {
  it('say what falls due and who from, in the code\'s words', () => {
    expect(describeDeadline(p, 'critical-friend-reply')).toEqual({ label: 'Critical-friend reply', from: 'the Secretariat' });
    expect(describeDeadline(p, 'authority-decision').from).toBe('the Authority (Ofgem)');
  });

  it('mark the numbers not checked against the SEC\'s text as unconfirmed', () => {
    expect(p.deadlines.consultationClose.unconfirmed).toBeTruthy();
    expect(p.deadlines.appealWindow.unconfirmed).toBeTruthy();
    expect(p.deadlines.paperDue.unconfirmed).toBeTruthy();
    expect(p.releases.unconfirmed).toBeTruthy();
    expect(validateProfile(p)).toEqual([]);
  });

  it('name a bad length, an unknown state or action, and a missing label', () => {
    const d = p.deadlines;
    expect(deadlineProblems({ ...p, deadlines: {
      ...d, paperDue: { ...d.paperDue, workingDays: 2.5 }, authorityDecision: { ...d.authorityDecision, weeks: 0, state: 'nowhere' },
      appealWindow: { ...d.appealWindow, afterActions: ['no-such-action'] }, releaseImplementation: { label: '', from: 'x' }, soonWithin: -1,
    } })).toEqual([
      'deadline paperDue must be a whole number of Working Days, at least 1',
      'deadline releaseImplementation needs a label and who it is due from',
      'deadline authorityDecision must be a whole number of weeks, at least 1',
      'deadline authorityDecision names unknown state nowhere',
      'deadline appealWindow names unknown action no-such-action',
      'deadlines soonWithin must be a whole number of Working Days, 0 or more',
    ]);
  });
});
