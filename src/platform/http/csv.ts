// CSV as RFC 4180 writes it (comma-separated, CRLF between records, a field quoted when it holds a
// comma, a double quote, CR or LF, with its quotes doubled), and inert in spreadsheets: a cell that
// begins with = + - @, a tab or a carriage return would be read as a formula by Excel, LibreOffice
// or Google Sheets, so it is written with a single quote in front. Used by search results and the
// register's export.

export type CsvValue = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-inert, then quoted when RFC 4180 needs it. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  // Numbers we write ourselves (-3) are data, but a spreadsheet cannot tell them from text typed by
  // a user, so every cell is treated alike.
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line ending. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** A whole file: the header, then each row; every record ends with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => `${csvRow(r)}\r\n`).join('');
}

/** The media type to send CSV with. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
