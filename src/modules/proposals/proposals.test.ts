import { describe, expect, it } from 'vitest';
import { secProfile } from '../../process/sec.js';
import {
  assembleProblemStatement, currentUpdate, formatReference, isBlankProblemStatement, isValidSlug, missingSections, nextProblemStatementLabel, parseReference, problemStatementSections,
  problemStatementTemplate, slugify,
} from './proposals.js';

const scheme = secProfile.references;

describe('parseReference', () => {
  it.each([
    ['DP092', { prefix: 'DP', number: 92, variant: '', inFamily: true }],
    ['mp092', { prefix: 'MP', number: 92, variant: '', inFamily: true }],
    ['MP102A', { prefix: 'MP', number: 102, variant: 'A', inFamily: true }],
    ['mp102b', { prefix: 'MP', number: 102, variant: 'B', inFamily: true }],
    ['  DP094  ', { prefix: 'DP', number: 94, variant: '', inFamily: true }],
    ['DP1', { prefix: 'DP', number: 1, variant: '', inFamily: true }],
    ['SECMP0032', { prefix: 'SECMP', number: 32, variant: '', inFamily: false }],
    ['P123', { prefix: 'P', number: 123, variant: '', inFamily: false }],
  ])('%s', (text, expected) => {
    expect(parseReference(scheme, text)).toEqual(expected);
  });

  it.each(['', '   ', 'hello', '092', 'DP', 'DP-092', 'DP 092', 'DP092AB', 'DP1234567', 'MP09.2', 'DP092!', 'ÉP092'])(
    'garbage %j → null', (text) => {
      expect(parseReference(scheme, text)).toBeNull();
    });
});

describe('formatReference', () => {
  it('pads the number to the scheme digits', () => {
    expect(formatReference(scheme, 'DP', 92, '')).toBe('DP092');
    expect(formatReference(scheme, 'MP', 2, '')).toBe('MP002');
    expect(formatReference(scheme, 'MP', 102, 'A')).toBe('MP102A');
  });

  it('does not cut a number longer than the padding', () => {
    expect(formatReference(scheme, 'DP', 1234, '')).toBe('DP1234');
  });

  it('takes an explicit digit count for legacy references', () => {
    expect(formatReference(scheme, 'SECMP', 32, '', 4)).toBe('SECMP0032');
  });

  it('round-trips with parseReference', () => {
    const parsed = parseReference(scheme, 'MP102A')!;
    expect(formatReference(scheme, parsed.prefix, parsed.number, parsed.variant)).toBe('MP102A');
  });
});

describe('slugify', () => {
  it.each([
    ['Alignment of Credit Cover', 'alignment-of-credit-cover'],
    ['Hello, World! (v2)', 'hello-world-v2'],
    ['  --Spaces   and -- dashes--  ', 'spaces-and-dashes'],
    ['Café règles: Über-naïve', 'cafe-regles-uber-naive'],
    ['Gas & Electricity', 'gas-and-electricity'],
    ['R&D', 'r-and-d'],
    ["The Proposer's view", 'the-proposers-view'],
    ['The DCC\u2019s role', 'the-dccs-role'],
    ['SEC Section J / Schedule 8 "GBCS"', 'sec-section-j-schedule-8-gbcs'],
  ])('%j → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(isValidSlug(slugify(title))).toBe(true);
  });

  it.each(['', '   ', '!!!', '—', "''"])('%j (nothing to keep) → change', (title) => {
    expect(slugify(title)).toBe('change');
  });

  it("reads a lone '&' as a word", () => {
    expect(slugify('&')).toBe('and');
  });

  it('caps the length at 80 without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(79)} bcd ${'e'.repeat(50)}`);
    expect(slug).toBe('a'.repeat(79));
    expect(slugify('word '.repeat(40)).length).toBeLessThanOrEqual(80);
    expect(slugify('word '.repeat(40))).not.toMatch(/-$/);
    expect(isValidSlug(slugify('word '.repeat(40)))).toBe(true);
  });
});

describe('isValidSlug', () => {
  it.each(['a', 'alignment-of-credit-cover', 'mp092', '2019-release', 'a'.repeat(100)])('%s is valid', (slug) => {
    expect(isValidSlug(slug)).toBe(true);
  });

  it.each(['', 'Upper', 'two--hyphens', '-leading', 'trailing-', 'under_score', 'sp ace', 'café', 'a'.repeat(101)])(
    '%j is not valid', (slug) => {
      expect(isValidSlug(slug)).toBe(false);
    });
});

describe('nextProblemStatementLabel', () => {
  it('counts drafts from 0.1, agrees to the next whole number, then revises', () => {
    const steps: [boolean, string][] = [
      [false, '0.1'], [false, '0.2'], [true, '1.0'], [false, '1.1'], [false, '1.2'], [true, '2.0'], [false, '2.1'],
    ];
    let label: string | null = null;
    for (const [agreeing, expected] of steps) {
      label = nextProblemStatementLabel(label, agreeing);
      expect(label).toBe(expected);
    }
  });

  it('goes past nine drafts', () => {
    expect(nextProblemStatementLabel('0.9', false)).toBe('0.10');
    expect(nextProblemStatementLabel('0.10', false)).toBe('0.11');
  });

  it('agreeing with no earlier version is 1.0', () => {
    expect(nextProblemStatementLabel(null, true)).toBe('1.0');
  });
});

describe('problem statement sections', () => {
  it('the template has one heading per section of the profile and nothing missing', () => {
    const template = problemStatementTemplate(secProfile);
    expect(template.startsWith('## What is the issue?\n\n')).toBe(true);
    const sections = problemStatementSections(template);
    expect(sections.map((s) => s.heading)).toEqual(secProfile.problemStatementSections);
    expect(sections.every((s) => s.text === '')).toBe(true);
    expect(missingSections(secProfile, template)).toEqual([]);
  });

  it('splits Markdown into sections, dropping text before the first heading', () => {
    const body = 'Preamble\n\n## What is the issue?\r\nCredit cover is wrong.\n\n### Detail\nMore.\n\n## Desired outcome\n\nFix it.\n';
    expect(problemStatementSections(body)).toEqual([
      { heading: 'What is the issue?', text: 'Credit cover is wrong.\n\n### Detail\nMore.' },
      { heading: 'Desired outcome', text: 'Fix it.' },
    ]);
  });

  it('reads a heading with a closing sequence of hashes', () => {
    expect(problemStatementSections('## What is the issue? ##\nText')).toEqual([{ heading: 'What is the issue?', text: 'Text' }]);
    expect(problemStatementSections('## Support for C#\nText')[0].heading).toBe('Support for C#');
  });

  it('is empty for text without headings', () => {
    expect(problemStatementSections('')).toEqual([]);
    expect(problemStatementSections('# Title\n\nJust text.')).toEqual([]);
  });

  it('lists the sections that are missing, ignoring case', () => {
    const body = '## what is the issue?\nX\n## Background and evidence\nY\n## Desired outcome\nZ';
    expect(missingSections(secProfile, body)).toEqual([
      'Impact of doing nothing', 'Who is affected?', 'Code sections likely affected', 'Links to other changes',
      'Timing or urgency', "The Proposer's view on the path",
    ]);
    expect(missingSections(secProfile, '')).toEqual(secProfile.problemStatementSections);
  });
});

describe('currentUpdate', () => {
  const step = (on: string, label: string) => ({ type: 'proposal.action-taken', label, businessDate: on, payload: {} });
  const edit = (on: string, fields: string[]) => ({
    type: 'proposal.edited', label: 'Register entry edited', businessDate: on,
    payload: { changes: Object.fromEntries(fields.map((f) => [f, { from: '', to: 'x' }])) },
  });
  const raised = { type: 'proposal.raised', label: 'Raised', businessDate: '2026-11-02', payload: {} };

  it('says nothing yet for a change with no steps and no text', () => {
    expect(currentUpdate({ latestUpdate: '', raisedOn: '2026-11-02' }, [raised])).toEqual({ kind: 'none' });
  });

  it('follows the last lifecycle step when nobody wrote an update', () => {
    const events = [raised, step('2026-11-10', 'Problem statement agreed'), step('2026-11-20', 'Converted to a Modification Proposal')];
    expect(currentUpdate({ latestUpdate: '', raisedOn: '2026-11-02' }, events))
      .toEqual({ kind: 'step', label: 'Converted to a Modification Proposal', on: '2026-11-20', earlier: null });
  });

  it('keeps a text written by hand on or after the last step, and gives way to a later step', () => {
    const written = { latestUpdate: 'Waiting for the DCC.', raisedOn: '2026-11-02' };
    const events = [raised, step('2026-11-10', 'Problem statement agreed'), edit('2026-11-10', ['latestUpdate'])];
    expect(currentUpdate(written, events)).toEqual({ kind: 'written', text: 'Waiting for the DCC.', on: '2026-11-10' });
    expect(currentUpdate(written, [...events, step('2026-11-12', 'Converted')]))
      .toEqual({ kind: 'step', label: 'Converted', on: '2026-11-12', earlier: { text: 'Waiting for the DCC.', on: '2026-11-10' } });
  });

  it('dates a text given at raising from the day raised, and ignores edits of other fields', () => {
    const p = { latestUpdate: 'Raised at the Panel.', raisedOn: '2026-11-02' };
    expect(currentUpdate(p, [raised, edit('2026-11-15', ['title'])])).toEqual({ kind: 'written', text: 'Raised at the Panel.', on: '2026-11-02' });
    expect(currentUpdate(p, [raised, edit('2026-11-15', ['title']), step('2026-11-03', 'Agreed')]))
      .toMatchObject({ kind: 'step', label: 'Agreed', earlier: { on: '2026-11-02' } });
  });
});

describe('assembleProblemStatement', () => {
  it('puts each section text under its heading, in the order of the profile', () => {
    const [first, second] = secProfile.problemStatementSections;
    const body = assembleProblemStatement(secProfile, ['Top-ups fail.\r\n\r\nOften.', '', ' Reported by Suppliers. ']);
    expect(problemStatementSections(body).map((s) => s.heading)).toEqual(secProfile.problemStatementSections);
    expect(body.startsWith(`## ${first}\n\nTop-ups fail.\n\nOften.\n\n## ${second}\n`)).toBe(true);
    expect(problemStatementSections(body)[2].text).toBe('Reported by Suppliers.');
    expect(missingSections(secProfile, body)).toEqual([]);
  });

  it('is blank when every section is empty', () => {
    expect(isBlankProblemStatement(assembleProblemStatement(secProfile, []))).toBe(true);
  });
});
