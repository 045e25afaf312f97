// Line differences between two versions of a paper (longest common subsequence), for "what changed
// since version 1" when a paper is issued again. Each line carries the change it belongs to, taken
// from the paper's structure as it was written (`markdownLines`), so the list can be read change by
// change.
import type { OwnedLine } from './render-markdown.js';

export interface LineChange {
  kind: 'added' | 'removed';
  line: string;
  /** The change the line belongs to (its reference on the paper, such as MP092); null for the paper's own text. */
  change: string | null;
}

/** The lines of one change (or of the paper's own text, `change: null`) that differ. */
export interface ChangeGroup {
  change: string | null;
  lines: LineChange[];
}

/** What changed from `before` to `after`: removed lines carry their owner in `before`, added ones in `after`. */
export function diffOwnedLines(before: OwnedLine[], after: OwnedLine[]): LineChange[] {
  const a = before;
  const b = after;
  // Trim the common head and tail so the table stays small for papers that barely change.
  let start = 0;
  while (start < a.length && start < b.length && a[start].line === b[start].line) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1].line === b[endB - 1].line) { endA -= 1; endB -= 1; }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = x[i].line === y[j].line ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: LineChange[] = [];
  const removed = (l: OwnedLine) => out.push({ kind: 'removed', line: l.line, change: l.change });
  const added = (l: OwnedLine) => out.push({ kind: 'added', line: l.line, change: l.change });
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i].line === y[j].line) { i += 1; j += 1; } else if (lcs[i + 1][j] >= lcs[i][j + 1]) removed(x[i++]);
    else added(y[j++]);
  }
  while (i < x.length) removed(x[i++]);
  while (j < y.length) added(y[j++]);
  return out.filter((c) => c.line.trim() !== '');
}

/** Line differences of two plain texts, none belonging to a change. */
export function diffLines(before: string, after: string): LineChange[] {
  const lines = (text: string) => text.split('\n').map((line) => ({ line, change: null }));
  return diffOwnedLines(lines(before), lines(after));
}

/**
 * The changed lines gathered by the change they belong to: the paper's own text first, then each
 * change in the order it first appears; within a group the lines keep their order.
 */
export function groupByChange(changes: LineChange[]): ChangeGroup[] {
  const groups = new Map<string | null, LineChange[]>([[null, []]]);
  for (const c of changes) {
    const key = c.change ?? null;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups].filter(([, lines]) => lines.length > 0).map(([change, lines]) => ({ change, lines }));
}
