// pdfkit's laying out of a string's glyphs, without copying the arrays once per word. pdfkit's
// EmbeddedFont.layout lays out a string word by word (each word from its cache) and joins the
// words' glyphs and positions with concat: each word copies everything before it, so writing a
// line of twenty words as one run (see joinRuns) copies its glyphs twenty times, the largest part
// of the garbage made writing a long paper. Here the same glyphs and positions, in the same order,
// are pushed onto one array; the width-only path and OpenType features stay pdfkit's.
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
interface PdfmakeDocumentProto { provideFont(this: unknown, family: string, bold: boolean, italics: boolean): object }

/** EmbeddedFont.layout as pdfkit 0.19 writes it, with pushes for concats. */
function layout(this: EmbeddedFontProto, text: string, features?: unknown, onlyWidth?: boolean) {
  if (features || onlyWidth) return original!.call(this, text, features, onlyWidth);
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

/**
 * Installs the layout above on pdfkit's EmbeddedFont, which pdfkit does not export: it is found as
 * the prototype of the first font pdfmake provides. Should the pinned pdfkit change its layout
 * (another signature, no layoutCached), it is left alone.
 */
export function layoutWithoutCopies(): void {
  const { default: PdfmakeDocument } = require('pdfmake/js/PDFDocument.js') as { default: { prototype: PdfmakeDocumentProto } };
  const provideFont = PdfmakeDocument.prototype.provideFont;
  PdfmakeDocument.prototype.provideFont = function (family, bold, italics) {
    const font = provideFont.call(this, family, bold, italics);
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
