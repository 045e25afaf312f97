// Line differences between two texts (longest common subsequence), for "what changed since
// version 1" when a paper is issued again.

export interface LineChange {
  kind: 'added' | 'removed';
  line: string;
}

export function diffLines(before: string, after: string): LineChange[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail so the table stays small for papers that barely change.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA -= 1; endB -= 1; }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) { i += 1; j += 1; } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: 'removed', line: x[i++] });
    else out.push({ kind: 'added', line: y[j++] });
  }
  while (i < x.length) out.push({ kind: 'removed', line: x[i++] });
  while (j < y.length) out.push({ kind: 'added', line: y[j++] });
  return out.filter((c) => c.line.trim() !== '');
}
