// The change feed's cursor: opaque to readers (they pass back what they were given), a position
// underneath. A version tag leaves room to change what it holds.

const PREFIX = 'c1.';

export function encodeCursor(position: number): string {
  return `${PREFIX}${Buffer.from(String(position), 'utf8').toString('base64url')}`;
}

/** The position a cursor holds, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (!cursor.startsWith(PREFIX) || cursor.length > 40) return null;
  const text = Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8');
  if (!/^(0|[1-9]\d{0,14})$/.test(text) || encodeCursor(Number(text)) !== cursor) return null;
  return Number(text);
}
