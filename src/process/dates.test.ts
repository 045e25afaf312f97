import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, isIsoDate, londonDate } from './dates.js';

describe('londonDate', () => {
  it.each([
    // Winter (GMT): London is UTC.
    ['2019-01-15T12:00:00Z', '2019-01-15'],
    ['2019-03-30T23:30:00Z', '2019-03-30'],
    // 31 March 2019: clocks go forward at 01:00 UTC.
    ['2019-03-31T00:30:00Z', '2019-03-31'],
    ['2019-03-31T22:59:59Z', '2019-03-31'],
    ['2019-03-31T23:00:00Z', '2019-04-01'],
    // Summer (BST): London is UTC+1, so late UTC evening is the next London day.
    ['2019-06-30T22:59:59Z', '2019-06-30'],
    ['2019-06-30T23:30:00Z', '2019-07-01'],
    // 27 October 2019: clocks go back at 01:00 UTC.
    ['2019-10-26T23:30:00Z', '2019-10-27'],
    ['2019-10-27T23:30:00Z', '2019-10-27'],
    ['2019-12-31T23:59:59Z', '2019-12-31'],
    ['2020-12-31T23:00:00Z', '2020-12-31'],
  ])('%s is %s in London', (instant, day) => {
    expect(londonDate(new Date(instant))).toBe(day);
  });
});

describe('isIsoDate', () => {
  it.each(['2019-11-15', '2020-02-29', '2000-02-29', '1999-12-31', '2019-01-01'])('%s is a date', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each(['2019-02-29', '1900-02-29', '2019-04-31', '2019-13-01', '2019-00-10', '2019-01-00', '2019-1-1', '19-01-01',
    '2019-01-01T00:00:00Z', ' 2019-01-01', '', 'today'])('%j is not a date', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('formatDate', () => {
  it('writes a date in words', () => {
    expect(formatDate('2019-11-15')).toBe('15 November 2019');
    expect(formatDate('2020-02-01')).toBe('1 February 2020');
  });

  it('uses only the date of a timestamp', () => {
    expect(formatDate('2019-11-15T23:59:00Z')).toBe('15 November 2019');
  });

  it('writes each day right however many days it has remembered or forgotten', () => {
    const intl = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const days = Array.from({ length: 4_000 }, (_, i) => new Date(Date.UTC(2015, 0, 1 + i)).toISOString().slice(0, 10));
    for (const round of [1, 2]) {
      for (const day of days) expect(formatDate(day), `${day}, round ${round}`).toBe(intl.format(new Date(`${day}T00:00:00Z`)));
    }
    expect(formatDate('2019-11-15T08:00:00Z')).toBe('15 November 2019');
  });

  it('is empty for no date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('')).toBe('');
  });
});

describe('formatDateTime', () => {
  it('writes a recorded instant in Europe/London, summer and winter', () => {
    expect(formatDateTime('2026-12-01T19:05:42.123Z')).toBe('1 December 2026, 19:05');
    expect(formatDateTime('2026-06-01T08:00:00Z')).toBe('1 June 2026, 09:00');
    expect(formatDateTime('2026-03-28T23:30:00Z')).toBe('28 March 2026, 23:30');
    expect(formatDateTime('2026-10-24T23:30:00Z')).toBe('25 October 2026, 00:30');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('garbled')).toBe('');
  });
});
