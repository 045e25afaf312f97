// What a file is, told from its bytes: a PDF starts "%PDF-"; a Word or Excel file is a ZIP whose
// [Content_Types].xml names its main part under word/ or xl/; an OpenDocument text is a ZIP whose
// first entry, `mimetype`, says so; Markdown and plain text are UTF-8 without NUL. The name and the
// declared content type only choose between Markdown and plain text, which bytes cannot tell apart.
import { inflateRawSync } from 'node:zlib';

export const FILE_TYPES = {
  pdf: { label: 'PDF', mediaType: 'application/pdf', extension: 'pdf' },
  docx: { label: 'Word (.docx)', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { label: 'Excel (.xlsx)', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  odt: { label: 'OpenDocument text (.odt)', mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  md: { label: 'Markdown', mediaType: 'text/markdown; charset=utf-8', extension: 'md' },
  txt: { label: 'plain text', mediaType: 'text/plain; charset=utf-8', extension: 'txt' },
} as const;

export type FileType = keyof typeof FILE_TYPES;

export const ACCEPTED_TYPES_TEXT = 'PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), Markdown or plain text (UTF-8)';

/** What the uploader said the file is: used only to tell Markdown from plain text. */
export interface Declared {
  filename?: string;
  mediaType?: string;
}

/** The file's type, or null when its bytes are none of the accepted types. */
export function sniffFileType(bytes: Buffer, declared: Declared = {}): FileType | null {
  if (bytes.length === 0) return null;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 30 && bytes.readUInt32LE(0) === LOCAL_HEADER) return zipType(bytes);
  if (isUtf8Text(bytes)) return declaresMarkdown(declared) ? 'md' : 'txt';
  return null;
}

function declaresMarkdown({ filename, mediaType }: Declared): boolean {
  return /\.(md|markdown)$/i.test(filename ?? '') || /^text\/(x-)?markdown\b/i.test(mediaType ?? '');
}

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
/** More entries than any office document has: a directory past it is not read. */
const MAX_ENTRIES = 50_000;
/** [Content_Types].xml is a few kilobytes; inflating is stopped well before a zip bomb matters. */
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipType(bytes: Buffer): FileType | null {
  const entries = centralDirectory(bytes);
  if (!entries?.length) return null;
  // OpenDocument: the first entry is `mimetype`, stored, holding the media type.
  const first = entries[0];
  if (first.name === 'mimetype' && first.method === 0) {
    const text = entryBytes(bytes, first)?.toString('latin1');
    return text === FILE_TYPES.odt.mediaType ? 'odt' : null;
  }
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  const xml = types ? entryBytes(bytes, types)?.toString('utf8') : undefined;
  if (!xml) return null;
  const overrides = [...xml.matchAll(/<Override\b[^>]*>/g)].map(([tag]) => ({
    part: /PartName="([^"]*)"/.exec(tag)?.[1] ?? '',
    type: /ContentType="([^"]*)"/.exec(tag)?.[1] ?? '',
  }));
  const names = (partPrefix: string, contentType: string) => overrides.some((o) => o.part.startsWith(partPrefix) && o.type === contentType)
    && entries.some((e) => `/${e.name}`.startsWith(partPrefix));
  if (names('/word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) return 'docx';
  if (names('/xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')) return 'xlsx';
  return null;
}

/** The entries of the ZIP's central directory, or null when it cannot be read within the file's bounds. */
function centralDirectory(bytes: Buffer): ZipEntry[] | null {
  // The end record sits in the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  const offset = bytes.readUInt32LE(end + 16);
  if (count > MAX_ENTRIES) return null;
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (next > bytes.length) return null;
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at = next;
  }
  return entries;
}

/**
 * One entry of a ZIP (a Word file's word/document.xml), inflated to at most `maxBytes`, or undefined
 * when the file is not a ZIP, lacks the entry, or it does not inflate within that bound. For search.
 */
export function readZipEntry(bytes: Buffer, name: string, maxBytes: number): Buffer | undefined {
  if (bytes.length < 30 || bytes.readUInt32LE(0) !== LOCAL_HEADER) return undefined;
  const entry = centralDirectory(bytes)?.find((e) => e.name === name);
  return entry ? entryBytes(bytes, entry, maxBytes) : undefined;
}

/** An entry's content (stored or deflated), or undefined when it does not fit the file or inflate. */
function entryBytes(bytes: Buffer, entry: ZipEntry, maxBytes = MAX_CONTENT_TYPES_BYTES): Buffer | undefined {
  const local = entry.localOffset;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER) return undefined;
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > bytes.length) return undefined;
  if (entry.method === 0) return data;
  if (entry.method !== 8) return undefined;
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
}
