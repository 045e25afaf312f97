import { describe, expect, it } from 'vitest';
import { labelTableCells } from './table-labels.js';

describe('labelTableCells', () => {
  it('copies each column header onto the body cells below it', () => {
    const page = '<table><thead><tr><th scope="col"><a href="?sort=ref">Ref &amp; no.</a></th><th>Title</th></tr></thead>'
      + '<tbody><tr><td><a href="/x">DP1</a></td><td class="t">A</td></tr><tr><th scope="row">DP2</th><td>B</td></tr></tbody></table>';
    expect(labelTableCells(page)).toBe('<table><thead><tr><th scope="col"><a href="?sort=ref">Ref &amp; no.</a></th><th>Title</th></tr></thead>'
      + '<tbody><tr><td data-label="Ref &amp; no."><a href="/x">DP1</a></td><td data-label="Title" class="t">A</td></tr>'
      + '<tr><th scope="row">DP2</th><td data-label="Title">B</td></tr></tbody></table>');
  });

  it('leaves tables without a header row, and cells spanning columns, as they were', () => {
    const plain = '<table><tr><td>A</td></tr></table>';
    expect(labelTableCells(plain)).toBe(plain);
    expect(labelTableCells('<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td colspan="2">None</td></tr></tbody></table>'))
      .toContain('<td colspan="2">None</td>');
  });
});
