// Tables on a phone become stacked rows, each cell led by its column's name (public/styles.css reads
// `data-label`). The names are the table's own header cells, copied onto its body cells as the page
// is rendered, so no page has to repeat them.

const TABLE = /<table\b[^>]*>[\s\S]*?<\/table>/g;
const HEAD = /<thead\b[^>]*>([\s\S]*?)<\/thead>/;
const HEADER_CELL = /<th\b[^>]*>([\s\S]*?)<\/th>/g;
const ROW = /<tr\b[^>]*>[\s\S]*?<\/tr>/g;
const CELL = /<t([dh])\b([^>]*)>/g;

/** A header cell's text, fit for an attribute (tags dropped; entities kept as they were escaped). */
function labelOf(cell: string): string {
  return cell.replace(/<[^>]*>/g, '').replace(/"/g, '&quot;').replace(/\s+/g, ' ').trim();
}

/** The page with `data-label` on each body cell of every table that has a header row. */
export function labelTableCells(page: string): string {
  if (!page.includes('<thead')) return page;
  return page.replace(TABLE, (table) => {
    const head = HEAD.exec(table);
    if (!head) return table;
    const labels = [...head[1].matchAll(HEADER_CELL)].map((m) => labelOf(m[1]));
    const [before, after] = [table.slice(0, head.index + head[0].length), table.slice(head.index + head[0].length)];
    return before + after.replace(ROW, (row) => {
      let column = 0;
      return row.replace(CELL, (cell, kind: string, attributes: string) => {
        const label = labels[column];
        const span = Number(/colspan="(\d+)"/.exec(attributes)?.[1] ?? 1);
        column += span;
        return kind === 'd' && label && span === 1 && !attributes.includes('data-label') ? `<td data-label="${label}"${attributes}>` : cell;
      });
    });
  });
}
