import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { pdfmakeOwn } from './pdfmake-measure.js';
import { PDF_FONT, renderPdfDocument } from './render-pdf.js';

// pdfmake's own measuring is kept by measureFaster when the first render of the process replaces it.
const require = createRequire(import.meta.url);
type Ctor = new (...args: unknown[]) => Record<string, unknown>;
const { default: TextInlines } = require('pdfmake/js/TextInlines.js') as { default: Ctor & { prototype: Record<string, unknown> } };
const { default: TextBreaker } = require('pdfmake/js/TextBreaker.js') as { default: Ctor };
const { default: StyleContextStack } = require('pdfmake/js/StyleContextStack.js') as { default: Ctor };
const { default: PDFDocument } = require('pdfmake/js/PDFDocument.js') as { default: Ctor };

describe('measureFaster', () => {
  it('measures words exactly as pdfmake does: own values, named styles, the stack, indents, kept spaces, sup and spacing', async () => {
    await renderPdfDocument({ content: ['installs the faster measuring'], defaultStyle: { font: PDF_FONT } });
    expect(pdfmakeOwn.measure).toBeTypeOf('function');
    expect(TextInlines.prototype.measure).not.toBe(pdfmakeOwn.measure);

    const { virtualfs } = require('pdfmake') as { virtualfs: unknown };
    const faces = Object.fromEntries(['normal', 'bold', 'italics', 'bolditalics'].map((f) => [f, `secretariat/${f}.ttf`]));
    const doc = new PDFDocument({ [PDF_FONT]: faces }, {}, {}, {}, {}, virtualfs);
    const texts = [
      'Plain words,  with  double spaces and a line\nbreak ',
      { text: 'bold link words ', bold: true, link: 'https://example.org/x', color: '#1d4f91', decoration: 'underline' },
      { text: '   kept leading spaces', preserveLeadingSpaces: true },
      { text: 'trailing kept   ', preserveTrailingSpaces: true },
      { text: 'named style ', style: 'h' },
      { text: 'two styles ', style: ['h', 'i'], fontSize: 9 },
      { text: '2', sup: true }, { text: 'x', sub: true },
      { text: 'spaced out', characterSpacing: 1.5 },
      { text: 'no colour ', color: null },
    ];
    const stack = () => {
      const s = new StyleContextStack({ h: { bold: true, fontSize: 14, color: 'red' }, i: { italics: true, extends: 'h' } },
        { font: PDF_FONT, fontSize: 10, lineHeight: 1.2 });
      (s.push as (style: unknown) => void)({ leadingIndent: 12, opacity: 0.5 });
      return s;
    };
    const measure = (fn: (...args: unknown[]) => unknown[], widthOfText: unknown) => {
      const inlines = Object.assign(Object.create(TextInlines.prototype) as object, { pdfDocument: doc, widthOfText });
      const s = stack();
      return fn.call(inlines, (new TextBreaker().getBreaks as (...args: unknown[]) => unknown[])(texts, s), s);
    };
    const ours = measure(TextInlines.prototype.measure as (...args: unknown[]) => unknown[], TextInlines.prototype.widthOfText);
    const theirs = measure(pdfmakeOwn.measure as unknown as (...args: unknown[]) => unknown[], pdfmakeOwn.widthOfText);
    expect(ours.length).toBeGreaterThan(20);
    expect(ours).toEqual(theirs);
  });
});
