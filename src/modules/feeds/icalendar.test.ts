import { describe, expect, it } from 'vitest';
import { fold, icalText, londonToUtc } from './icalendar.js';

describe('iCalendar text', () => {
  it('folds at 75 octets without splitting a character, and unfolds to the same line', () => {
    const line = `DESCRIPTION:${'Énergie – £ smart meters ✓ '.repeat(12)}`;
    const folded = fold(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Buffer.byteLength(p) <= 75)).toBe(true);
    expect(parts.every((p) => !p.includes('\uFFFD'))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('escapes the characters iCalendar gives meaning to', () => {
    expect(icalText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('turns London wall-clock times into UTC on both sides of the clock changes', () => {
    expect(londonToUtc('2027-03-27', '10:00').toISOString()).toBe('2027-03-27T10:00:00.000Z'); // GMT
    expect(londonToUtc('2027-03-28', '10:00').toISOString()).toBe('2027-03-28T09:00:00.000Z'); // BST from 01:00 UTC
    expect(londonToUtc('2027-10-31', '10:00').toISOString()).toBe('2027-10-31T10:00:00.000Z'); // GMT again
    expect(londonToUtc('2027-07-01', '23:30').toISOString()).toBe('2027-07-01T22:30:00.000Z');
    expect(londonToUtc('2027-01-01', '00:15').toISOString()).toBe('2027-01-01T00:15:00.000Z');
  });
});
