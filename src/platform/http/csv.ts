// CSV as RFC 4180 writes it (CRLF lines, fields quoted when they hold a comma, quote or line
// break), made safe to open in a spreadsheet: a cell that a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe, so it
// shows as the text it is. A byte-order mark at the start tells Excel the file is UTF-8.

const FORMULA_START = /^[=+\-@\t\r]/;

function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(csvText).join('; ');
  return JSON.stringify(value);
}

/** One cell's text: null and undefined empty, booleans as "yes"/"no", arrays joined with "; ". */
export function csvCell(value: unknown): string {
  let text = csvText(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file: the header row, then one line per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The media type to send CSV with. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
