// Reading generated documents in tests: the text of a .docx (a zip of XML) and of a PDF.
import { inflateRawSync } from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';

/** A .docx is a zip: a small reader (central directory → stored or deflated entries) is all a test needs. */
export function unzip(buf: Buffer): Map<string, string> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export const decode = (xml: string) => xml
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export interface Para { style: string | null; text: string; xml: string }

/** The body's paragraphs: style, text (runs joined, line breaks as "\n") and their XML. */
export function paragraphs(documentXml: string): Para[] {
  return [...documentXml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map(([, xml]) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(xml)?.[1] ?? null,
    text: decode([...xml.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : m[1])).join('')),
    xml,
  }));
}


export type Proxy = Awaited<ReturnType<typeof getDocumentProxy>>;

export async function open(buf: Buffer): Promise<{ pdf: Proxy; pages: string[] }> {
  const pdf = await getDocumentProxy(new Uint8Array(buf)); // a copy: pdf.js may detach what it is given
  const { text } = await extractText(pdf, { mergePages: false });
  return { pdf, pages: text };
}


/** The paragraphs' text of a .docx, in order. */
export function docxParagraphs(buf: Buffer): Para[] {
  return paragraphs(unzip(buf).get('word/document.xml') ?? '');
}

/** The text of every page of a PDF, joined. */
export async function pdfText(buf: Buffer): Promise<string> {
  return (await open(buf)).pages.join('\n');
}
