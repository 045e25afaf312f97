// pdfmake 0.3's measuring of words, made cheaper without changing a width. pdfmake measures every
// word of every text on its own: some twenty style properties looked up through
// StyleContextStack.getStyleProperty (each lookup pushes the word on the style stack, walks the
// stack and allocates closures: most of the layout's time and garbage on a long paper), then its
// width through pdfkit's font layout. Here the words of one text, which share one style stack, have
// each property looked up on the stack once; a word's own value still wins, and a word with a
// named style of its own is looked up as pdfmake does. Widths are remembered per font (so per
// document) and size. The results are the very numbers pdfmake computes.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The parts of pdfmake's StyleContextStack read here. */
interface StyleStack { getProperty(property: string): unknown }
interface StyleContextStackClass {
  getStyleProperty(item: object, stack: StyleStack | null, property: string, defaultValue: unknown): unknown;
}
/** A pdfkit font as pdfmake's measure reads it. */
interface Font { widthOfString(text: string, size: number, features: unknown): number; lineHeight(size: number): number }
/** A word as pdfmake's TextBreaker hands it to measure. */
interface Word {
  text: string; style?: unknown; font: Font; fontSize: number; fontFeatures: unknown; characterSpacing: number;
  width: number; height: number; leadingCut?: number; leadingIndent?: number; trailingCut: number; [key: string]: unknown;
}
interface TextInlinesProto {
  measure(this: TextInlinesProto, words: Word[], stack: StyleStack | null): Word[];
  widthOfText(this: TextInlinesProto, text: string, word: Pick<Word, 'font' | 'fontSize' | 'fontFeatures' | 'characterSpacing'>): number;
  pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): Font };
}

const isValue = (v: unknown) => v !== undefined && v !== null;
const SPACE = /\s/;
/** The white space a text starts with (what pdfmake's /^(\s)+/ matches), without a match array per word. */
function leadingSpaces(text: string): string {
  let end = 0;
  while (end < text.length && SPACE.test(text[end])) end++;
  return text.slice(0, end);
}
/** The white space a text ends with (what pdfmake's /(\s)+$/ matches). */
function trailingSpaces(text: string): string {
  let start = text.length;
  while (start > 0 && SPACE.test(text[start - 1])) start--;
  return text.slice(start);
}

/**
 * Widths of strings per font and size, for fonts set without OpenType features (the font object is
 * the document's own, so this lives as long as the document). The width is pdfkit's, unchanged.
 */
const widths = new WeakMap<Font, Map<number, Map<string, number>>>();
function widthOfString(font: Font, text: string, size: number): number {
  let bySize = widths.get(font);
  if (!bySize) widths.set(font, bySize = new Map());
  let byText = bySize.get(size);
  if (!byText) bySize.set(size, byText = new Map());
  let width = byText.get(text);
  if (width === undefined) byText.set(text, width = font.widthOfString(text, size, null));
  return width;
}

/** pdfmake's own measure and widthOfText, kept when measureFaster replaces them (a test compares the two). */
export const pdfmakeOwn: { measure?: TextInlinesProto['measure']; widthOfText?: TextInlinesProto['widthOfText'] } = {};

/** TextInlines.measure and widthOfText replaced by equivalents that look up and measure less (once per process). */
export function measureFaster(): void {
  if (pdfmakeOwn.measure) return;
  const { default: Stack } = require('pdfmake/js/StyleContextStack.js') as { default: StyleContextStackClass };
  const { default: TextInlines } = require('pdfmake/js/TextInlines.js') as { default: { prototype: TextInlinesProto } };
  const proto = TextInlines.prototype;
  // pdfmake is pinned; should a release change these, its own measuring stays.
  if (typeof proto.measure !== 'function' || typeof proto.widthOfText !== 'function' || proto.measure.length !== 2) return;
  pdfmakeOwn.measure = proto.measure;
  pdfmakeOwn.widthOfText = proto.widthOfText;

  proto.widthOfText = function (text, word) {
    const width = isValue(word.fontFeatures) ? word.font.widthOfString(text, word.fontSize, word.fontFeatures) : widthOfString(word.font, text, word.fontSize);
    return width + (word.characterSpacing || 0) * (text.length - 1);
  };

  proto.measure = function (words, stack) {
    // The stack's value of a property, as getStyleProperty finds it below a word with no style of its own.
    const fromStack = new Map<string, unknown>();
    const property = (word: Word, name: string, defaultValue: unknown): unknown => {
      const own = word[name];
      if (isValue(own)) return own;
      if (!stack || word.style) return Stack.getStyleProperty(word, stack, name, defaultValue);
      let value = fromStack.get(name);
      if (value === undefined && !fromStack.has(name)) fromStack.set(name, value = stack.getProperty(name));
      return isValue(value) ? value : defaultValue;
    };
    if (words.length) {
      const leadingIndent = property(words[0], 'leadingIndent', 0) as number;
      if (leadingIndent) {
        words[0].leadingCut = -leadingIndent;
        words[0].leadingIndent = leadingIndent;
      }
    }
    const measured: Word[] = [];
    for (const word of words) {
      const sup = property(word, 'sup', false);
      const sub = property(word, 'sub', false);
      const fontSize = property(word, 'fontSize', 12) as number;
      // A new word with every property pdfmake's measure sets, in its order, written at once: set
      // one by one on TextBreaker's small word, they made V8 regrow the word's property store some
      // seven times (most of the garbage measuring made). pdfmake keeps only what measure returns.
      const m: Word = {
        text: word.text,
        font: this.pdfDocument.provideFont(property(word, 'font', 'Roboto'), property(word, 'bold', false), property(word, 'italics', false)),
        alignment: property(word, 'alignment', 'left'),
        // font size reduction taken from pdfmake (after Wikipedia's subscript and superscript)
        fontSize: sup || sub ? fontSize * 0.58 : fontSize,
        fontFeatures: property(word, 'fontFeatures', null),
        characterSpacing: property(word, 'characterSpacing', 0) as number,
        color: property(word, 'color', 'black'),
        decoration: property(word, 'decoration', null),
        decorationColor: property(word, 'decorationColor', null),
        decorationStyle: property(word, 'decorationStyle', null),
        decorationThickness: property(word, 'decorationThickness', null),
        background: property(word, 'background', null),
        link: property(word, 'link', null),
        linkToPage: property(word, 'linkToPage', null),
        linkToDestination: property(word, 'linkToDestination', null),
        noWrap: property(word, 'noWrap', null),
        opacity: property(word, 'opacity', 1),
        sup,
        sub,
        width: 0,
        height: 0,
        leadingCut: word.leadingCut || 0,
        trailingCut: 0,
      };
      // The word's other own properties (lineEnd, noNewLine, its text's bold, style…), as they were.
      for (const key in word) if (Object.prototype.hasOwnProperty.call(word, key) && !Object.prototype.hasOwnProperty.call(m, key)) m[key] = word[key];
      const lineHeight = property(word, 'lineHeight', 1) as number;
      m.width = this.widthOfText(m.text, m);
      m.height = m.font.lineHeight(m.fontSize) * lineHeight;
      if (!property(word, 'preserveLeadingSpaces', false)) {
        const leading = leadingSpaces(m.text);
        if (leading) m.leadingCut = (m.leadingCut as number) + this.widthOfText(leading, m);
      }
      if (!property(word, 'preserveTrailingSpaces', false)) {
        const trailing = trailingSpaces(m.text);
        if (trailing) m.trailingCut = this.widthOfText(trailing, m);
      }
      measured.push(m);
    }
    return measured;
  };
}
