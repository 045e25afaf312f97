// Two versions of a text, side by side, changed words marked: lines are matched first (a paragraph
// that did not change lines up with itself), then the words of each changed stretch. Both levels use
// Myers' shortest edit script, bounded so that two texts with nothing in common cost no more than
// showing one removed and the other added. Pure: text in, parts out; the page escapes them.

export type DiffKind = 'same' | 'removed' | 'added';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** One row of the side-by-side view: the earlier text on the left, the later on the right. */
export interface DiffRow {
  before: DiffPart[];
  after: DiffPart[];
  changed: boolean;
}

/** Past this many edits a stretch is shown as removed and added whole (time and memory stay bounded). */
const MAX_EDITS = 2000;

/** Words (letters and digits), runs of white space, and each other character on its own. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

interface Op<T> {
  kind: DiffKind;
  item: T;
}

/**
 * A shortest edit script turning `a` into `b` (Myers, 1986), or null when it needs more than
 * `maxEdits` insertions and deletions. The common start and end are matched before the search.
 */
export function editScript<T>(a: readonly T[], b: readonly T[], maxEdits = MAX_EDITS): Op<T>[] | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const middle = searchScript(a.slice(start, endA), b.slice(start, endB), maxEdits);
  if (!middle) return null;
  const same = (item: T): Op<T> => ({ kind: 'same', item });
  return [...a.slice(0, start).map(same), ...middle, ...a.slice(endA).map(same)];
}

function searchScript<T>(a: readonly T[], b: readonly T[], maxEdits: number): Op<T>[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  // v[k + offset]: the furthest x reached on diagonal k (y = x - k).
  const v = new Int32Array(2 * max + 3);
  // Before each round d, the part of v that round reads (diagonals -d-1 … d+1), for the way back.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxEdits); d += 1) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace);
    }
  }
  return null;
}

function backtrack<T>(a: readonly T[], b: readonly T[], trace: Int32Array[]): Op<T>[] {
  const ops: Op<T>[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const at = (k: number) => trace[d][k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push({ kind: 'same', item: a[x - 1] });
      x -= 1;
      y -= 1;
    }
    if (d > 0) {
      if (x === previousX) ops.push({ kind: 'added', item: b[y - 1] });
      else ops.push({ kind: 'removed', item: a[x - 1] });
    }
    x = previousX;
    y = previousY;
  }
  return ops.reverse();
}

/** Adjacent parts of one kind as one. */
function merged(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    if (!part.text) continue;
    const last = out[out.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** The words of `before` and `after` in one sequence: what stayed, what went, what came. */
export function diffWords(before: string, after: string): DiffPart[] {
  const ops = editScript(tokenize(before), tokenize(after));
  if (!ops) return merged([{ kind: 'removed', text: before }, { kind: 'added', text: after }]);
  return merged(ops.map((op) => ({ kind: op.kind, text: op.item })));
}

/** The two texts side by side: unchanged lines as they are, each changed stretch with its words marked. */
export function sideBySide(before: string, after: string): DiffRow[] {
  const a = before.replace(/\r\n/g, '\n').split('\n');
  const b = after.replace(/\r\n/g, '\n').split('\n');
  const ops = editScript(a, b) ?? [...a.map((item) => ({ kind: 'removed' as const, item })), ...b.map((item) => ({ kind: 'added' as const, item }))];
  const rows: DiffRow[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (!removed.length && !added.length) return;
    const words = diffWords(removed.join('\n'), added.join('\n'));
    rows.push({ before: words.filter((p) => p.kind !== 'added'), after: words.filter((p) => p.kind !== 'removed'), changed: true });
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.kind === 'removed') removed.push(op.item);
    else if (op.kind === 'added') added.push(op.item);
    else {
      flush();
      rows.push({ before: [{ kind: 'same', text: op.item }], after: [{ kind: 'same', text: op.item }], changed: false });
    }
  }
  flush();
  return rows;
}

/** How many words went and came (white space and punctuation not counted). */
export function wordCounts(rows: DiffRow[]): { removed: number; added: number } {
  const words = (parts: DiffPart[], kind: DiffKind) => parts.filter((p) => p.kind === kind)
    .reduce((n, p) => n + tokenize(p.text).filter((t) => /[\p{L}\p{N}]/u.test(t)).length, 0);
  return {
    removed: rows.reduce((n, r) => n + words(r.before, 'removed'), 0),
    added: rows.reduce((n, r) => n + words(r.after, 'added'), 0),
  };
}
