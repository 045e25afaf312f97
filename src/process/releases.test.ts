// The release calendar of the SEC profile: rules as data ("the last Thursday of February"), so the
// releases of any year can be listed. Dates were checked against a calendar.
import { describe, expect, it } from 'vitest';
import {
  isReleaseKey, nameKey, releaseByKey, releaseByName, releaseName, releaseProblems, releasesBetween, releasesOfYear, weekdayOfMonth,
} from './releases.js';
import { secProfile } from './sec.js';
import { validateProfile } from './workflow.js';

const settings = secProfile.releases;

describe('the day a rule names', () => {
  it('takes the fifth Thursday as the last when a month has five (February 2024, a leap year)', () => {
    expect(weekdayOfMonth(2024, 2, 'thursday', 'last')).toBe('2024-02-29');
    expect(weekdayOfMonth(2024, 2, 'thursday', 'fourth')).toBe('2024-02-22');
    expect(weekdayOfMonth(2024, 2, 'thursday', 'first')).toBe('2024-02-01');
  });

  it('finds the weekday on the first and on the last day of a month', () => {
    expect(weekdayOfMonth(2026, 10, 'thursday', 'first')).toBe('2026-10-01');
    expect(weekdayOfMonth(2026, 4, 'thursday', 'last')).toBe('2026-04-30');
    expect(weekdayOfMonth(2026, 12, 'monday', 'second')).toBe('2026-12-14');
  });
});

describe('the SEC release calendar (February and June: last Thursday; November: first Thursday)', () => {
  it('lists the scheduled releases of any year, named by month', () => {
    expect(releasesOfYear(settings, 2027)).toEqual([
      { key: '2027-02', name: 'February 2027 SEC Release', date: '2027-02-25' },
      { key: '2027-06', name: 'June 2027 SEC Release', date: '2027-06-24' },
      { key: '2027-11', name: 'November 2027 SEC Release', date: '2027-11-04' },
    ]);
    expect(releasesOfYear(settings, 2020).map((r) => r.date)).toEqual(['2020-02-27', '2020-06-25', '2020-11-05']);
  });

  it('finds a scheduled release by its month or by its name (case and spacing aside)', () => {
    expect(releaseByKey(settings, '2020-11')).toEqual({ key: '2020-11', name: 'November 2020 SEC Release', date: '2020-11-05' });
    expect(releaseByKey(settings, '2027-03')).toBeNull();
    expect(releaseByKey(settings, 'next')).toBeNull();
    expect(releaseByName(settings, '  february 2027   SEC release ')?.key).toBe('2027-02');
    expect(releaseByName(settings, 'March 2027 SEC Release')).toBeNull();
    expect(releaseByName(settings, 'Emergency release')).toBeNull();
    expect(nameKey(' June  2027 SEC Release')).toBe('june 2027 sec release');
    expect(releaseName(settings, 2031, 6)).toBe('June 2031 SEC Release');
  });

  it('lists the coming releases across a year end', () => {
    expect(releasesBetween(settings, '2026-12-02', '2027-12-31').map((r) => r.key)).toEqual(['2027-02', '2027-06', '2027-11']);
    expect(releasesBetween(settings, '2026-11-05', '2027-02-25').map((r) => r.key)).toEqual(['2026-11', '2027-02']);
  });

  it('tells a scheduled release\'s key from any other id', () => {
    expect(isReleaseKey('2027-02')).toBe(true);
    expect(isReleaseKey('2027-13')).toBe(false);
    expect(isReleaseKey('4f1c0b1e-9d7e-4c3e-8a51-2d1f5a4e6b7c')).toBe(false);
  });
});

describe('release settings in a profile', () => {
  it('are consistent in the SEC profile', () => {
    expect(validateProfile(secProfile)).toEqual([]);
  });

  it('name what is wrong', () => {
    expect(releaseProblems({
      name: 'SEC Release', scheduleAction: 'schedule-release', implementAction: 'go-live',
      scheduled: [{ month: 2, weekday: 'thursday', which: 'last' }, { month: 2, weekday: 'thursday', which: 'first' },
        { month: 13, weekday: 'someday' as never, which: 'fifth' as never }],
    }, ['schedule-release', 'implement'])).toEqual([
      'releases name must contain {month} and {year}, so each scheduled release has its own name',
      'release month 2 is scheduled twice',
      'release month 13 is not 1 to 12',
      'release weekday someday is not a weekday',
      'release position fifth is not one of first, second, third, fourth, last',
      'releases implementAction names unknown action go-live',
    ]);
  });

  it('need a schedule action whose input sets the target release', () => {
    const releases = { ...secProfile.releases, scheduleAction: 'withdraw' };
    expect(validateProfile({ ...secProfile, releases })).toEqual(['releases scheduleAction withdraw has no input that sets the target release']);
  });
});
