import { describe, expect, it } from 'vitest';
import { MARK_END as E, MARK_START as S, markPassage, roughStem } from './snippets.js';

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
