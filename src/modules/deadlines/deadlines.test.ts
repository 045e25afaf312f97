import { describe, expect, it } from 'vitest';
import { secProfile } from '../../process/sec.js';
import type { Deadline } from '../deadline-sources.js';
import { arrange, defaultDueBefore, soonUntil } from './deadlines.js';

const deadline = (dueOn: string, kind = 'paper-due', title = 'x'): Deadline => ({
  kind, label: kind, from: 'the Secretariat', subject: { type: 't', id: title, ref: title }, title, href: '/', since: null, dueOn,
});

describe('the default window', () => {
  it('runs to the end of "soon", 5 Working Days ahead, across Christmas', () => {
    expect(soonUntil(secProfile, '2019-12-20')).toBe('2019-12-31');
    expect(defaultDueBefore(secProfile, '2019-12-20')).toBe('2020-01-01');
    expect(defaultDueBefore(secProfile, '2020-12-31')).toBe('2021-01-09');
  });
});

describe('arranging what the modules report', () => {
  it('marks each deadline and puts the earliest first, then by kind and title', () => {
    const items = arrange(secProfile, [deadline('2020-01-02', 'paper-due', 'b'), deadline('2019-12-31'), deadline('2019-12-19'),
      deadline('2020-01-02', 'appeal-window'), deadline('2019-12-20'), deadline('2020-01-02', 'paper-due', 'a')], '2019-12-20');
    expect(items.map((d) => [d.dueOn, d.kind, d.title, d.standing])).toEqual([
      ['2019-12-19', 'paper-due', 'x', 'overdue'],
      ['2019-12-20', 'paper-due', 'x', 'due-today'],
      ['2019-12-31', 'paper-due', 'x', 'soon'],
      ['2020-01-02', 'appeal-window', 'x', 'later'],
      ['2020-01-02', 'paper-due', 'a', 'later'],
      ['2020-01-02', 'paper-due', 'b', 'later'],
    ]);
  });
});
