// The text of a kept file, for the search index: PDF through unpdf (pdf.js), Word from the ZIP's
// word/document.xml, OpenDocument from content.xml, Excel from its shared strings, Markdown and
// plain text as they are. A file whose text cannot be read gives '' (its title is still found):
// extraction never fails the index.
import { extractText, getDocumentProxy } from 'unpdf';
import { readZipEntry } from '../documents/file-types.js';

/** The most text kept of one document (the rest is not searched). */
export const MAX_DOCUMENT_TEXT = 200_000;
/** The most an XML part is inflated to. */
const MAX_XML_BYTES = 20 * 1024 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text of an XML part: paragraph and line ends become new lines, tabs spaces, tags go. */
export function xmlText(xml: string, paragraphEnd: RegExp): string {
  return decodeEntities(xml
    .replace(paragraphEnd, '\n')
    .replace(/<(w:tab|w:br|text:tab|text:line-break|text:s)\b[^>]*\/?>/g, ' ')
    .replace(/<[^>]*>/g, ''))
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

function zipXml(bytes: Buffer, part: string, paragraphEnd: RegExp): string {
  const xml = readZipEntry(bytes, part, MAX_XML_BYTES);
  return xml ? xmlText(xml.toString('utf8'), paragraphEnd) : '';
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } finally {
    await pdf.destroy();
  }
}

/** What search reads of a file of the given type. */
export async function extractDocumentText(bytes: Buffer, fileType: string | null): Promise<string> {
  let text: string;
  try {
    switch (fileType) {
      case 'pdf': text = await pdfText(bytes); break;
      case 'docx': text = zipXml(bytes, 'word/document.xml', /<\/w:p>/g); break;
      case 'odt': text = zipXml(bytes, 'content.xml', /<\/text:(p|h)>/g); break;
      case 'xlsx': text = zipXml(bytes, 'xl/sharedStrings.xml', /<\/si>/g); break;
      case 'md': case 'txt': text = bytes.toString('utf8'); break;
      default: text = '';
    }
  } catch {
    text = '';
  }
  return text.slice(0, MAX_DOCUMENT_TEXT);
}
