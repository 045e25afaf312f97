import { describe, expect, it } from 'vitest';
import { cleanText, markdownBlocks, plainParagraphs, stripInline } from './markdown-blocks.js';

describe('markdownBlocks', () => {
  it('splits headings, bullets and paragraphs; blank lines separate and lines of a paragraph join', () => {
    const body = [
      '# What is the issue?',
      '',
      'First line',
      'second line.',
      '',
      '## Impact',
      '- one',
      '* two',
      '+ three',
      '',
      'After the list.',
    ].join('\n');
    expect(markdownBlocks(body)).toEqual([
      { kind: 'heading', level: 1, text: 'What is the issue?' },
      { kind: 'paragraph', text: 'First line second line.' },
      { kind: 'heading', level: 2, text: 'Impact' },
      { kind: 'bullet', text: 'one' },
      { kind: 'bullet', text: 'two' },
      { kind: 'bullet', text: 'three' },
      { kind: 'paragraph', text: 'After the list.' },
    ]);
  });

  it('keeps heading levels 1–6, drops closing hashes, and needs a space after the hashes', () => {
    expect(markdownBlocks('###### Six ##\n#hashtag is text\n####### seven')).toEqual([
      { kind: 'heading', level: 6, text: 'Six' },
      { kind: 'paragraph', text: '#hashtag is text ####### seven' },
    ]);
  });

  it('reads setext headings, and skips rules', () => {
    expect(markdownBlocks('Title\n=====\n\nSub\n---\n\ntext\n\n***\n\n- - -\nmore')).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'heading', level: 2, text: 'Sub' },
      { kind: 'paragraph', text: 'text' },
      { kind: 'paragraph', text: 'more' },
    ]);
  });

  it('joins a bullet’s continuation lines and flattens nested bullets', () => {
    expect(markdownBlocks('- first\n  continues\n    - nested\n- second\nlazy')).toEqual([
      { kind: 'bullet', text: 'first continues' },
      { kind: 'bullet', text: 'nested' },
      { kind: 'bullet', text: 'second lazy' },
    ]);
  });

  it('keeps numbered items as paragraphs of their own, with their numbers', () => {
    expect(markdownBlocks('Steps:\n1. First\n2) Second\n   still second')).toEqual([
      { kind: 'paragraph', text: 'Steps:' },
      { kind: 'paragraph', text: '1. First' },
      { kind: 'paragraph', text: '2) Second still second' },
    ]);
  });

  it('keeps code lines verbatim, one paragraph each, without reading them as Markdown', () => {
    expect(markdownBlocks('```ts\nconst a = **b**;\n\n# not a heading\n```\nafter')).toEqual([
      { kind: 'paragraph', text: 'const a = **b**;' },
      { kind: 'paragraph', text: '# not a heading' },
      { kind: 'paragraph', text: 'after' },
    ]);
  });

  it('turns table rows into paragraphs and drops the separator row', () => {
    expect(markdownBlocks('| Party | Impact |\n|---|:---:|\n| **DCC** | High |')).toEqual([
      { kind: 'paragraph', text: 'Party | Impact' },
      { kind: 'paragraph', text: 'DCC | High' },
    ]);
  });

  it('strips the quote marker of block quotes', () => {
    expect(markdownBlocks('> quoted\n> more')).toEqual([{ kind: 'paragraph', text: 'quoted more' }]);
  });

  it('never interprets HTML: tags and entities stay as the text typed', () => {
    expect(markdownBlocks('<script>alert(1)</script> & "quotes" &amp;\n\n<div>\n- <b>x</b>')).toEqual([
      { kind: 'paragraph', text: '<script>alert(1)</script> & "quotes" &amp;' },
      { kind: 'paragraph', text: '<div>' },
      { kind: 'bullet', text: '<b>x</b>' },
    ]);
  });

  it('handles CRLF, control characters, and empty bodies', () => {
    expect(markdownBlocks('# A\r\n\r\nb\u0000c\u0007\r\nd')).toEqual([
      { kind: 'heading', level: 1, text: 'A' },
      { kind: 'paragraph', text: 'bc d' },
    ]);
    expect(markdownBlocks('')).toEqual([]);
    expect(markdownBlocks('\n  \n---\n')).toEqual([]);
  });
});

describe('stripInline', () => {
  it('strips bold, italic, strikethrough and code markers', () => {
    expect(stripInline('**bold**, __bold__, *it*, _it_, ~~gone~~ and `code`')).toBe('bold, bold, it, it, gone and code');
    expect(stripInline('**bold *and italic***')).toBe('bold and italic');
  });

  it('writes links as "text (url)", and bare or same-text links as the url', () => {
    expect(stripInline('See [the SEC](https://example.org/sec "Title").')).toBe('See the SEC (https://example.org/sec).');
    expect(stripInline('[**bold** link](https://a.example/)')).toBe('bold link (https://a.example/)');
    expect(stripInline('<https://a.example/x> and [https://b.example/](https://b.example/)')).toBe('https://a.example/x and https://b.example/');
    expect(stripInline('![A chart](https://a.example/c.png)')).toBe('A chart (https://a.example/c.png)');
  });

  it('leaves lone or spaced asterisks and underscores in words alone', () => {
    expect(stripInline('2 * 3 * 4 and snake_case_name and file_*.txt')).toBe('2 * 3 * 4 and snake_case_name and file_*.txt');
  });

  it('keeps escaped characters literally and does not strip markup inside code', () => {
    expect(stripInline('\\*not italic\\* and `**raw**` and \\[x\\](y)')).toBe('*not italic* and **raw** and [x](y)');
  });

  it('keeps private-use characters the user typed', () => {
    expect(stripInline('a\ue000b **c**')).toBe('a\ue000b c');
  });
});

describe('plainParagraphs and cleanText', () => {
  it('splits at blank lines and joins single line breaks', () => {
    expect(plainParagraphs('One\nline.\n\n  \nTwo.\r\n\r\nThree')).toEqual(['One line.', 'Two.', 'Three']);
    expect(plainParagraphs('  ')).toEqual([]);
  });

  it('drops characters XML cannot carry and keeps the rest', () => {
    expect(cleanText('a\u0001b\tc\u000Bd\uFFFEe\uD800f 😀 ‘q’')).toBe('ab cdef 😀 ‘q’');
  });
});
