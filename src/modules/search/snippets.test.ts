import { describe, expect, it } from 'vitest';
import { countHits, MARK_END as E, MARK_START as S, markPassage, roughStem, wordFinder } from './snippets.js';

describe('markPassage', () => {
  it('marks the words of the query in the text as it is, markup characters included', () => {
    expect(markPassage('Tell the DNO about an <b>Outage</b> & its end', ['outages'])).toBe(`Tell the DNO about an <b>${S}Outage${E}</b> & its end`);
  });

  it('picks the stretch with the most matches, with ellipses where it is cut', () => {
    const text = `${'filler '.repeat(50)}meter readings and meter data ${'filler '.repeat(50)}`;
    const passage = markPassage(text, ['meter'], 10);
    expect(passage.startsWith('…')).toBe(true);
    expect(passage.endsWith('…')).toBe(true);
    expect(passage.split(S)).toHaveLength(3);
  });

  it('stems roughly', () => {
    expect(roughStem('Meters')).toBe(roughStem('meter'));
    expect(roughStem('Cafés')).toBe(roughStem('cafe'));
  });
});

describe('countHits', () => {
  // The reference: every word of the text read one by one and its stem compared.
  const byWord = (text: string, words: string[]) => {
    const wanted = new Set(words.map(roughStem));
    return [...text.matchAll(/[\p{L}\p{N}]+/gu)].filter((m) => wanted.has(roughStem(m[0]))).length;
  };
  const texts = [
    'Outages, OUTAGE and outaged; blackoutage is another word, as is outage2.',
    'gateway gateways Gateway-firmware subgateway gate way',
    'meter metered meters metre Meter5 5meter met meteor',
    'Café cafés CAFE outage, with an accent in the text: the text is read word by word.',
    '', '   ', 'outage',
  ];
  const queries = [['outage'], ['gateway', 'outages'], ['meter', 'met'], ['cafe'], ['café', 'outage'], ['e'], ['meteor', 'meter']];

  it('counts in ASCII text as reading it word by word would', () => {
    for (const text of texts) {
      for (const words of queries) expect(countHits(text, wordFinder(words)), `${words.join(' ')} in ${text}`).toBe(byWord(text, words));
    }
  });

  it('marks the same words in ASCII text as in text with an accent', () => {
    const ascii = 'The gateways failed; a gateway outage followed (subgateway unaffected).';
    expect(markPassage(ascii, ['gateway'])).toBe(`The ${S}gateways${E} failed; a ${S}gateway${E} outage followed (subgateway unaffected).`);
    expect(markPassage(`${ascii} é`, ['gateway'])).toBe(`The ${S}gateways${E} failed; a ${S}gateway${E} outage followed (subgateway unaffected). é`);
  });
});
