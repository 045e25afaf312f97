// The type of a file from its bytes, on real small files of each kind, and on files that only
// pretend to be one by their name or declared type.
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/support/documents.js';
import { sampleDocx, sampleOdt, samplePdf, sampleXlsx, sampleZip } from '../../../test/support/sample-files.js';
import { sniffFileType } from './file-types.js';

describe('sniffFileType', () => {
  it('knows a real PDF (pdf.js reads the text back) whatever it is called', async () => {
    const pdf = samplePdf('MP090 Modification Report');
    expect(await pdfText(pdf)).toContain('MP090 Modification Report');
    expect(sniffFileType(pdf)).toBe('pdf');
    expect(sniffFileType(pdf, { filename: 'report.txt', mediaType: 'text/plain' })).toBe('pdf');
  });

  it('knows a Word file written by the docx package, and an Excel workbook, from their [Content_Types].xml', async () => {
    expect(sniffFileType(await sampleDocx())).toBe('docx');
    expect(sniffFileType(await sampleDocx(), { filename: 'requirements.pdf' })).toBe('docx');
    expect(sniffFileType(sampleXlsx())).toBe('xlsx');
  });

  it('knows an OpenDocument text by its stored mimetype entry, and refuses another OpenDocument kind', () => {
    expect(sniffFileType(sampleOdt())).toBe('odt');
    expect(sniffFileType(sampleOdt('application/vnd.oasis.opendocument.spreadsheet'))).toBeNull();
  });

  it('refuses a zip that is not an office document, or only names one', () => {
    expect(sniffFileType(sampleZip({ 'notes.txt': 'hello' }), { filename: 'notes.docx' })).toBeNull();
    const namesWordWithoutIt = sampleZip({
      '[Content_Types].xml': '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      'other/document.xml': '<x/>',
    });
    expect(sniffFileType(namesWordWithoutIt)).toBeNull();
    const macros = sampleZip({
      '[Content_Types].xml': '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
      'word/document.xml': '<x/>',
    });
    expect(sniffFileType(macros, { filename: 'macros.docx' })).toBeNull();
  });

  it('refuses a truncated or garbled zip without throwing', async () => {
    const docx = await sampleDocx();
    for (const cut of [30, 100, docx.length - 30, docx.length - 1]) expect(sniffFileType(docx.subarray(0, cut)), String(cut)).toBeNull();
    const garbled = Buffer.from(docx);
    garbled.writeUInt32LE(0xffffffff, garbled.length - 6); // the central directory's offset, past the end
    expect(sniffFileType(garbled)).toBeNull();
  });

  it('takes UTF-8 text without NUL as Markdown when named or declared so, else plain text', () => {
    const text = Buffer.from('# Legal text\n\nSection H is amended — “as follows”.\n');
    expect(sniffFileType(text, { filename: 'legal-text.md' })).toBe('md');
    expect(sniffFileType(text, { filename: 'upload', mediaType: 'text/markdown' })).toBe('md');
    expect(sniffFileType(text, { filename: 'legal-text.txt' })).toBe('txt');
    expect(sniffFileType(text)).toBe('txt');
    expect(sniffFileType(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]))).toBe('txt');
  });

  it('refuses executables, images, invalid UTF-8, text with NUL and empty files, whatever they are called', () => {
    const named = { filename: 'report.pdf', mediaType: 'application/pdf' };
    expect(sniffFileType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), named)).toBeNull();
    expect(sniffFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), named)).toBeNull();
    expect(sniffFileType(Buffer.from([0x41, 0xc3, 0x28, 0x42]), { filename: 'notes.md' })).toBeNull();
    expect(sniffFileType(Buffer.from('text\u0000with a NUL'), { filename: 'notes.txt' })).toBeNull();
    expect(sniffFileType(Buffer.alloc(0), named)).toBeNull();
    expect(sniffFileType(Buffer.from('%PD'), named)).toBe('txt');
  });
});
