import { describe, expect, it } from 'vitest';
import { secProfile } from './sec.js';
import { validateProfile } from './workflow.js';
import { addWorkingDays, calendarProblems, isWorkingDay, workingDaysBetween } from './working-days.js';

const ew = secProfile.calendar;

describe('isWorkingDay (England & Wales)', () => {
  it.each([
    ['2019-11-29', true, 'a Friday'],
    ['2019-11-30', false, 'a Saturday'],
    ['2019-12-01', false, 'a Sunday'],
    ['2019-12-24', true, 'Christmas Eve is a Working Day'],
    ['2019-12-25', false, 'Christmas Day'],
    ['2019-12-26', false, 'Boxing Day'],
    ['2020-12-25', false, 'Christmas Day 2020 (a Friday)'],
    ['2020-12-28', false, 'Boxing Day 2020 fell on a Saturday: substitute Monday'],
    ['2021-12-27', false, 'Christmas Day 2021 fell on a Saturday: substitute Monday'],
    ['2021-12-28', false, 'Boxing Day 2021 fell on a Sunday: substitute Tuesday'],
    ['2022-01-03', false, 'New Year\'s Day 2022 fell on a Saturday: substitute Monday'],
    ['2020-04-10', false, 'Good Friday 2020'],
    ['2020-04-13', false, 'Easter Monday 2020'],
    ['2020-04-14', true, 'the Tuesday after Easter'],
    ['2020-05-04', true, 'the first Monday of May 2020 was not a bank holiday'],
    ['2020-05-08', false, 'the early May bank holiday moved to Friday 8 May 2020 (VE Day)'],
    ['2022-06-02', false, 'Spring bank holiday 2022, moved for the Platinum Jubilee'],
    ['2022-06-03', false, 'the Platinum Jubilee bank holiday'],
    ['2022-09-19', false, 'the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', false, 'the Coronation of King Charles III'],
    ['2023-05-01', false, 'the early May bank holiday 2023'],
    ['2019-04-23', true, 'St George\'s Day is not a bank holiday in England'],
  ] as [string, boolean, string][])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, ew)).toBe(expected);
  });

  it('closes on the profile\'s extra closed days too', () => {
    const calendar = { ...ew, extraClosedDays: ['2019-12-27'] };
    expect(isWorkingDay('2019-12-27', ew)).toBe(true);
    expect(isWorkingDay('2019-12-27', calendar)).toBe(false);
    expect(addWorkingDays('2019-12-23', 2, calendar)).toBe('2019-12-30');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => isWorkingDay('2019-02-30', ew)).toThrow(/YYYY-MM-DD/);
    expect(() => addWorkingDays('27/11/2019', 1, ew)).toThrow(/YYYY-MM-DD/);
  });
});

describe('addWorkingDays (England & Wales)', () => {
  it.each([
    // [from, n, expected, why]
    ['2019-12-02', 5, '2019-12-09', 'a plain week: Monday to Monday'],
    ['2019-11-26', 5, '2019-12-03', 'across a weekend'],
    ['2019-11-29', 1, '2019-12-02', 'Friday + 1 is Monday'],
    ['2019-11-30', 1, '2019-12-02', 'from a Saturday, the first Working Day is Monday'],
    ['2019-12-01', 5, '2019-12-06', 'from a Sunday'],
    ['2019-12-20', 6, '2020-01-02', 'Christmas, Boxing Day and New Year\'s Day 2019/20, crossing the year end'],
    ['2019-12-24', 1, '2019-12-27', 'Christmas Eve + 1 skips Christmas and Boxing Day'],
    ['2020-12-23', 5, '2021-01-04', 'Christmas 2020 with the Boxing Day substitute (28 Dec) and New Year\'s Day 2021'],
    ['2020-12-24', 1, '2020-12-29', 'Thursday 24 Dec 2020 + 1: Fri 25 and Mon 28 are closed'],
    ['2021-12-24', 1, '2021-12-29', 'both 2021 substitute days (27 and 28 Dec)'],
    ['2022-12-23', 1, '2022-12-28', '2022: Boxing Day Monday and the Christmas substitute Tuesday'],
    ['2020-04-08', 5, '2020-04-17', 'Easter 2020: Good Friday and Easter Monday'],
    ['2020-05-04', 5, '2020-05-12', 'early May bank holiday on Friday 8 May 2020'],
    ['2022-09-15', 5, '2022-09-23', 'the Queen\'s funeral, 19 Sep 2022'],
    ['2023-05-03', 5, '2023-05-11', 'the coronation bank holiday, 8 May 2023'],
    ['2022-05-30', 5, '2022-06-08', 'the Platinum Jubilee: two bank holidays, 2 and 3 June 2022'],
    ['2019-12-09', 0, '2019-12-09', 'zero Working Days is the day itself'],
    ['2019-12-07', 0, '2019-12-07', 'even on a weekend'],
  ])('%s + %i → %s (%s)', (from, n, expected) => {
    expect(addWorkingDays(from, n, ew)).toBe(expected);
  });

  it('counts backwards for negative n (papers due before a meeting)', () => {
    expect(addWorkingDays('2019-11-26', -5, ew)).toBe('2019-11-19');
    expect(addWorkingDays('2020-01-02', -1, ew)).toBe('2019-12-31');
    expect(addWorkingDays('2019-12-27', -1, ew)).toBe('2019-12-24');
  });

  it('is the inverse of workingDaysBetween', () => {
    for (const [from, n] of [['2019-12-20', 5], ['2020-04-08', 7], ['2022-09-12', 15], ['2023-04-28', 10]] as const) {
      const to = addWorkingDays(from, n, ew);
      expect(workingDaysBetween(from, to, ew)).toBe(n);
      expect(workingDaysBetween(to, from, ew)).toBe(-n);
    }
    expect(workingDaysBetween('2019-12-09', '2019-12-09', ew)).toBe(0);
  });

  it('refuses a fractional count', () => {
    expect(() => addWorkingDays('2019-12-02', 1.5, ew)).toThrow(/whole number/);
  });

  it('follows another region when the profile says so (Scotland: 2 January)', () => {
    expect(isWorkingDay('2020-01-02', { country: 'GB', region: 'SCT', extraClosedDays: [] })).toBe(false);
    expect(isWorkingDay('2020-01-02', ew)).toBe(true);
  });
});

describe('the calendar in the profile', () => {
  it('is England & Wales, and the critical-friend reply is 5 Working Days', () => {
    expect(secProfile.calendar).toEqual({ country: 'GB', region: 'ENG', extraClosedDays: [] });
    expect(secProfile.deadlines.criticalFriendReply.workingDays).toBe(5);
    expect(validateProfile(secProfile)).toEqual([]);
  });

  it('names an unknown country, region, malformed closed day or deadline', () => {
    expect(calendarProblems({ country: 'XX', extraClosedDays: [] })).toEqual(['calendar country XX is unknown to date-holidays']);
    expect(calendarProblems({ country: 'GB', region: 'ZZZ', extraClosedDays: ['2020-13-01'] })).toEqual([
      'calendar region ZZZ is unknown in GB', 'calendar extra closed day "2020-13-01" is not YYYY-MM-DD',
    ]);
    const deadlines = { ...secProfile.deadlines, criticalFriendReply: { ...secProfile.deadlines.criticalFriendReply, workingDays: 0 } };
    expect(validateProfile({ ...secProfile, deadlines }))
      .toEqual(['deadline criticalFriendReply must be a whole number of Working Days, at least 1']);
  });
});
