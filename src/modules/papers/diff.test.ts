// What changed between two versions of a paper, line by line and gathered under the change each line
// belongs to, from the paper's structure (the fixture paper, edited as a second version would be).
import { describe, expect, it } from 'vitest';
import { diffLines, diffOwnedLines, groupByChange } from './diff.js';
import { fullPaper } from './fixture.test-helper.js';
import type { PaperContent } from './papers.js';
import { markdownLines, renderMarkdown } from './render-markdown.js';

const changed = (before: PaperContent, after: PaperContent) => diffOwnedLines(markdownLines(before), markdownLines(after));

describe('markdownLines', () => {
  const lines = markdownLines(fullPaper());
  const ownerOf = (text: string) => lines.find((l) => l.line.startsWith(text))?.change;

  it('joins into the paper\'s Markdown exactly', () => {
    expect(`${lines.map((l) => l.line).join('\n')}\n`).toBe(renderMarkdown(fullPaper()));
    // Blank lines come one at a time, and never at either end.
    expect(lines[0].line).not.toBe('');
    expect(lines.at(-1)!.line).not.toBe('');
    expect(lines.some((l, i) => l.line === '' && lines[i + 1]?.line === '')).toBe(false);
  });

  it('marks each entry, list item and appendix with its change, and the paper\'s own text with none', () => {
    expect(ownerOf('### DP094')).toBe('DP094');
    expect(ownerOf('DP095 was raised by Ashley Pocock')).toBe('DP095');
    expect(ownerOf('At this current stage')).toBe('DP095');
    expect(ownerOf('- [MP090')).toBe('MP090');
    expect(ownerOf('Second paragraph,')).toBe('MP092');
    expect(ownerOf('wrapped.')).toBe('MP092');
    expect(ownerOf('- Appendix C: MP091')).toBe('MP091');
    expect(ownerOf('The DCC must send Power Outage Alerts')).toBe('MP091');
    for (const own of ['# New Draft Proposals', '## 1. Purpose', 'This paper summarises', '## 4. Recommendations', 'Joe Hehir', '## Attachments', '---']) {
      expect(ownerOf(own), own).toBeNull();
    }
  });
});

describe('diffOwnedLines and groupByChange', () => {
  it('puts each changed line under its change, and the paper\'s own text under none, that first', () => {
    const before = fullPaper();
    const after = fullPaper();
    after.converted.notReviewed[0].title = 'Better SMETS2 Meter Installs';
    after.appendices[3].title = 'Better SMETS2 Meter Installs';
    after.newDrafts[1].anticipatedImpacts = 'Engineers may need to visit.';
    after.recommendation = 'The Operations Group is asked to NOTE this paper.';
    const groups = groupByChange(changed(before, after));
    expect(groups.map((g) => g.change)).toEqual([null, 'DP095', 'MP092']);
    expect(groups[0].lines).toEqual([
      { kind: 'removed', line: 'The Operations Group is asked to DISCUSS the proposals in this paper and give any views or comments.', change: null },
      { kind: 'added', line: 'The Operations Group is asked to NOTE this paper.', change: null },
    ]);
    expect(groups[1].lines.map((l) => `${l.kind} ${l.line}`)).toEqual([
      'removed At this current stage, we do not anticipate any operational impacts.', 'added Engineers may need to visit.',
    ]);
    // The entry's heading, its line in the attachments and its appendix's title all belong to MP092.
    expect(groups[2].lines.filter((l) => l.kind === 'added').map((l) => l.line)).toEqual([
      '### MP092 ‘Better SMETS2 Meter Installs’', '*‘Better SMETS2 Meter Installs’, version 1.0*',
    ]);
    expect(groups[2].lines.every((l) => l.change === 'MP092')).toBe(true);
  });

  it('says which change a line removed with its change belonged to, and one added with a new change', () => {
    const before = fullPaper();
    const after = fullPaper();
    after.converted.noImpact = [];
    const groups = groupByChange(changed(before, after));
    // The lead of the emptied list is the paper's own text; the list item is MP090's.
    expect(groups).toEqual([
      { change: null, lines: [expect.objectContaining({ kind: 'removed', line: expect.stringMatching(/^When the OPSG reviewed these changes/) })] },
      { change: 'MP090', lines: [expect.objectContaining({ kind: 'removed', line: expect.stringMatching(/^- \[MP090 /) })] },
    ]);
    const back = groupByChange(changed(after, before));
    expect(back.map((g) => [g.change, g.lines.map((l) => l.kind)])).toEqual([[null, ['added']], ['MP090', ['added']]]);
  });

  it('finds nothing between a paper and itself, and keeps plain text diffs without owners', () => {
    expect(changed(fullPaper(), fullPaper())).toEqual([]);
    expect(groupByChange([])).toEqual([]);
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([{ kind: 'removed', line: 'b', change: null }, { kind: 'added', line: 'x', change: null }]);
  });
});
