// pdfkit's writing of text, with less work and garbage per run of words and the same bytes out.
// - EmbeddedFont.layout lays a string out word by word (each word from pdfkit's cache) and joins
//   the words' glyphs and positions with concat: each word copied everything before it, so a line
//   written as one run (see joinRuns) was copied once per word. Here they are pushed onto one array.
// - After writing a text pdfkit measures it again to move its cursor (pdfmake places every run
//   itself): that width is the one the layout just added up, so it is taken from there.
// - EmbeddedFont.encode made two strings per glyph for its four hex digits: made once per glyph id.
// - A page's content stream turned every operator into a Buffer of its own (a hundred thousand for
//   a long paper): the operators are kept as text and turned into one Buffer when the stream is
//   complete or a binary chunk follows.
// OpenType features, and everything else, stay pdfkit's.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Run { glyphs: unknown[]; positions: unknown[]; advanceWidth: number }
interface Glyph { id: number; advanceWidth: number; codePoints: number[] }
interface EmbeddedFontProto {
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  scale: number;
  encode(this: EmbeddedFontProto, text: string, features?: unknown): [string[], unknown[]];
  layout(this: EmbeddedFontProto, text: string, features?: unknown, onlyWidth?: boolean): Run | { glyphs: null; positions: null; advanceWidth: number };
  layoutCached(this: EmbeddedFontProto, text: string): Run;
}
interface PdfmakeDocument { _root: object }
interface PdfmakeDocumentProto { provideFont(this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): object }
/** pdfkit's PDFReference (an object, or a stream with its chunks in buffer) as write and finalize use it. */
interface Reference {
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  buffer: Uint8Array[];
  /** Operators written since the last Buffer, each with its newline (added here). */
  pending?: string[];
  write(this: Reference, chunk: string | Uint8Array): void;
  finalize(this: Reference): void;
}

/** Per font, the text laid out last (by encode, to be written) and its width. */
const lastLaidOut = new WeakMap<EmbeddedFontProto, { text: string; advanceWidth: number }>();

/** EmbeddedFont.layout as pdfkit 0.19 writes it, with pushes for concats. */
function layout(this: EmbeddedFontProto, text: string, features?: unknown, onlyWidth?: boolean) {
  if (features) return original!.call(this, text, features, onlyWidth);
  // pdfkit writes a text, then measures it again to move its cursor (which pdfmake does not use):
  // the width of the text laid out last is the one it just added up.
  if (onlyWidth) {
    const last = lastLaidOut.get(this);
    if (last && last.text === text) return { glyphs: null, positions: null, advanceWidth: last.advanceWidth };
    return original!.call(this, text, features, onlyWidth);
  }
  const glyphs: unknown[] = [];
  const positions: unknown[] = [];
  let advanceWidth = 0;
  let last = 0;
  let index = 0;
  // Words end after a space or a tab, and at the end of the string, as in pdfkit.
  while (index <= text.length) {
    const c = text.charAt(index);
    if ((index === text.length && last < index) || c === ' ' || c === '\t') {
      const run = this.layoutCached(text.slice(last, ++index));
      for (const g of run.glyphs) glyphs.push(g);
      for (const p of run.positions) positions.push(p);
      advanceWidth += run.advanceWidth;
      last = index;
    } else {
      index++;
    }
  }
  lastLaidOut.set(this, { text, advanceWidth });
  return { glyphs, positions, advanceWidth };
}

/** Four hex digits per glyph number, made once rather than twice per glyph written. */
const hex: string[] = [];
const hexOf = (gid: number) => hex[gid] ??= `0000${gid.toString(16)}`.slice(-4);

/** EmbeddedFont.encode as pdfkit 0.19 writes it, with each glyph number's hex made once. */
function encode(this: EmbeddedFontProto, text: string, features?: unknown): [string[], unknown[]] {
  const { glyphs, positions } = this.layout(text, features) as Run;
  const res: string[] = [];
  for (const glyph of glyphs as Glyph[]) {
    const gid = this.subset.includeGlyph(glyph.id);
    res.push(hexOf(gid));
    if (this.widths[gid] == null) this.widths[gid] = glyph.advanceWidth * this.scale;
    if (this.unicode[gid] == null) this.unicode[gid] = glyph.codePoints;
  }
  return [res, positions];
}

let original: EmbeddedFontProto['layout'] | null = null;
let referencesPatched = false;

/** The operators written as text so far, as the one Buffer pdfkit would have made of them one by one. */
function flush(ref: Reference): void {
  if (!ref.pending?.length) return;
  ref.buffer.push(Buffer.from(ref.pending.join(''), 'binary'));
  ref.pending.length = 0;
}

/** PDFReference.write and finalize keeping text chunks as text; lengths are kept as pdfkit keeps them. */
function writeTextOnce(proto: Reference): void {
  const { write, finalize } = proto;
  if (typeof write !== 'function' || typeof finalize !== 'function' || write.length !== 1 || finalize.length !== 0) return;
  proto.write = function (chunk) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    const line = chunk + '\n';
    // A latin1 ('binary') Buffer has one byte per character.
    this.uncompressedLength += line.length;
    this.data.Length = (this.data.Length ?? 0) + line.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
    (this.pending ??= []).push(line);
  };
  proto.finalize = function () {
    flush(this);
    finalize.call(this);
  };
}

/**
 * Installs the above on pdfkit's EmbeddedFont and PDFReference, when pdfmake first provides a font.
 * Should the pinned pdfkit change these methods (another signature, no layoutCached), they are
 * left alone.
 */
export function writeWithLessWork(): void {
  const { default: PdfmakeDocument } = require('pdfmake/js/PDFDocument.js') as { default: { prototype: PdfmakeDocumentProto } };
  const provideFont = PdfmakeDocument.prototype.provideFont;
  PdfmakeDocument.prototype.provideFont = function (family, bold, italics) {
    const font = provideFont.call(this, family, bold, italics);
    // pdfkit exports neither class: they are the prototypes of the document's catalog and this font.
    if (!referencesPatched) {
      referencesPatched = true;
      writeTextOnce(Object.getPrototypeOf(this._root) as Reference);
    }
    const proto = Object.getPrototypeOf(font) as EmbeddedFontProto;
    if (!original && typeof proto.layoutCached === 'function' && typeof proto.layout === 'function' && proto.layout.length === 3) {
      original = proto.layout;
      proto.layout = layout;
      if (proto.encode.length === 2) proto.encode = encode;
      PdfmakeDocument.prototype.provideFont = provideFont;
    }
    return font;
  };
}
