import { describe, expect, it } from 'vitest';
import { secProfile } from '../../process/sec.js';
import { daysBetween, monthsEnding, nextSteps, shortMonth, stageFlows } from './dashboard.js';

describe('the dashboard\'s rules', () => {
  it('counts the months back across a year end', () => {
    expect(monthsEnding('2027-02-11', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsEnding('2026-12-31', 1)).toEqual(['2026-12']);
    expect(shortMonth('2019-11')).toBe('Nov 2019');
  });

  it('adds moves into entries and exits of each stage, a raise entering the first, a move within a stage counting for neither', () => {
    const months = ['2026-11', '2026-12'];
    const flows = stageFlows(secProfile, months, [
      { month: '2026-11', fromState: null, toState: 'development', count: 3 },
      { month: '2026-12', fromState: 'development', toState: 'problem-statement-agreed', count: 2 },
      { month: '2026-12', fromState: 'refinement', toState: 'refinement', count: 5 },
      { month: '2026-10', fromState: null, toState: 'development', count: 9 },
    ]);
    const of = (state: string) => flows.find((f) => f.state === state)!;
    expect(flows.map((f) => f.state)).toEqual(secProfile.states.map((s) => s.id));
    expect(of('development')).toMatchObject({ entered: 3, left: 2, months: [
      { month: '2026-11', entered: 3, left: 0 }, { month: '2026-12', entered: 0, left: 2 }] });
    expect(of('problem-statement-agreed')).toMatchObject({ entered: 2, left: 0 });
    expect(of('refinement')).toMatchObject({ entered: 0, left: 0 });
  });

  it('names who must act next from the profile: the path decides who decides, and no one is awaited in a closed stage', () => {
    const who = (state: string, path: string | null = null) => nextSteps(secProfile, state, path).map((s) => s.body);
    expect(who('development')).toEqual(['CSC']);
    expect(who('problem-statement-agreed')).toEqual(['PANEL', 'CSC']);
    expect(who('on-hold')).toEqual(['PANEL']);
    expect(who('with-authority')).toEqual(['AUTHORITY']);
    expect(who('approved')).toEqual(['SECRETARIAT']);
    expect(who('implemented')).toEqual([]);
    expect(nextSteps(secProfile, 'change-board', '3')[0].actions).toEqual([
      'Change Board approves (self-governance)', 'Change Board rejects (self-governance)']);
    expect(nextSteps(secProfile, 'change-board', '1')[0].actions).toEqual(['Change Board sends recommendation to Authority']);
    // Withdrawal is open in most stages and putting on hold is always a choice: neither is awaited.
    expect(nextSteps(secProfile, 'refinement', null).flatMap((s) => s.actions)).toEqual(['Present Modification Report to Panel (Report Phase)']);
  });

  it('counts whole days in a stage, across a clock change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-01', '2026-12-01')).toBe(0);
    expect(daysBetween('2026-12-02', '2026-12-01')).toBe(0);
  });
});
