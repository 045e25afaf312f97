import { describe, expect, it } from 'vitest';
import { sampleDocx, samplePdf } from '../../../test/support/sample-files.js';
import { extractDocumentText, xmlText } from './extract.js';

describe('extractDocumentText', () => {
  it('reads the text of a PDF and of a Word file', async () => {
    expect(await extractDocumentText(samplePdf('Tariff switching (urgent)'), 'pdf')).toContain('Tariff switching (urgent)');
    expect(await extractDocumentText(await sampleDocx('Prepayment top-up & <rules>'), 'docx')).toContain('Prepayment top-up & <rules>');
  });

  it('takes Markdown and plain text as they are, and gives nothing for what it cannot read', async () => {
    expect(await extractDocumentText(Buffer.from('# Heading\nbody'), 'md')).toBe('# Heading\nbody');
    expect(await extractDocumentText(Buffer.from('%PDF-1.4 broken'), 'pdf')).toBe('');
    expect(await extractDocumentText(Buffer.from('not a zip'), 'docx')).toBe('');
  });

  it('turns XML paragraphs into lines and decodes entities', () => {
    expect(xmlText('<w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p><w:p><w:t>c&#233;</w:t><w:tab/><w:t>d</w:t></w:p>', /<\/w:p>/g)).toBe('a & b\ncé d');
  });
});
