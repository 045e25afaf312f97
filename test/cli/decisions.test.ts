// Consultations, Change Board votes and the Authority's decision from the command line, on SQLite:
// each command calls the same service function as the pages and the API, and a refusal prints its
// stable code and message and exits 1 with nothing written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { samplePdf } from '../support/sample-files.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secretariat-cli-decisions-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const PROBLEM = '## What is the issue?\n\nMeter reads are late.\n\n## Desired outcome\n\nReads on time.';

describe('secretariat consultations, votes and authority-decision on SQLite', () => {
  const env = { DATABASE_URL: path.join(work, 'decisions.db') };
  const run = async (...args: string[]) => cli(args, env);
  const ok = async (...args: string[]) => {
    const r = await run(...args);
    expect(r.code, r.err).toBe(0);
    return r.out;
  };
  /** A change converted on the given path and route; its MP reference. */
  async function converted(title: string, pathNo: string, route: string): Promise<string> {
    const dp = /Raised (DP\d+)/.exec(await ok('proposals', 'raise', '--set', `title=${title}`, '--set', `problemStatement=${PROBLEM}`))![1];
    await ok('proposals', 'act', dp, 'agree-problem-statement');
    await ok('proposals', 'act', dp, 'convert', '--set', `path=${pathNo}`, '--set', `route=${route}`);
    return `MP${dp.slice(2)}`;
  }

  it('lists, opens and closes a consultation, refusing one without questions', async () => {
    await ok('migrate');
    const ref = await converted('Consulted from the shell', '2', 'refinement');
    expect(await ok('consultations', 'list', ref)).toMatch(/^0 consultations\.$/m);

    const noQuestion = await run('consultations', 'open', ref, '--kind', 'refinement');
    expect(noQuestion.code).toBe(1);
    expect(noQuestion.err).toMatch(/error VALIDATION_FAILED/);
    expect(noQuestion.err).toMatch(/questions: are required/);
    const badKind = await run('consultations', 'open', ref, '--kind', 'gossip', '--question', 'Why?');
    expect(badKind.code).toBe(1);
    expect(badKind.err).toMatch(/kind:/);
    expect(await ok('consultations', 'list', ref)).toMatch(/^0 consultations\.$/m);

    const opened = await ok('consultations', 'open', ref, '--kind', 'refinement', '--question', 'Do you agree?', '--question', 'What would it cost you?');
    const id = /Opened Refinement Consultation (\S+) on/.exec(opened)?.[1];
    expect(id).toBeTruthy();
    const again = await run('consultations', 'open', ref, '--kind', 'refinement', '--question', 'Again?');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/error ALREADY_EXISTS/);
    const listed = await ok('consultations', 'list', ref);
    expect(listed).toContain(id!);
    expect(listed).toMatch(/Refinement Consultation .* open +0/);

    expect(await ok('consultations', 'close', id!)).toMatch(new RegExp(`Closed Refinement Consultation ${id} on ${ref} \\(0 responses\\)`));
    expect(await ok('consultations', 'list', ref)).toMatch(/closed \d+ \w+ \d{4}/);
    const closedTwice = await run('consultations', 'close', id!);
    expect(closedTwice.code).toBe(1);
    expect(closedTwice.err).toMatch(/^error [A-Z_]+: /m);
    expect((await run('consultations', 'close', 'no-such-consultation')).err).toMatch(/error NOT_FOUND/);
  });

  it('opens, shows and closes a Change Board vote, then records the Authority\'s decision with its letter', async () => {
    const notYet = await converted('Not at the board', '1', 'refinement');
    const refused = await run('votes', 'open', notYet);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/error NOT_AT_CHANGE_BOARD/);

    const ref = await converted('Voted from the shell', '1', 'fast-track');
    const opened = await ok('votes', 'open', ref, '--alternative', 'Alternative A');
    const id = /Opened Change Board vote (\S+) on/.exec(opened)?.[1];
    expect(opened).toContain('Proposed solution; Alternative A');
    const shown = await ok('votes', 'show', id!);
    expect(shown).toMatch(new RegExp(`Change Board vote ${id} on ${ref}: open since`));
    expect(shown).toMatch(/alternative-1 +Alternative A/);
    expect(shown).toMatch(/Ballots: 0 of 0 voting members\./);

    const closed = await ok('votes', 'close', id!, '--note', 'No quorum.');
    expect(closed).toMatch(/closed .*, outcome reject/);
    expect(closed).toMatch(/Drove: Change Board vote recorded; recommendation sent to the Authority\./);
    expect((await run('votes', 'close', id!)).err).toMatch(/error VOTE_CLOSED/);
    expect(await ok('proposals', 'show', ref)).toMatch(/Stage: With Authority/);

    const noLetter = await run('authority-decision', ref, '--decision', 'approve');
    expect(noLetter.code).toBe(1);
    expect(noLetter.err).toMatch(/error VALIDATION_FAILED/);
    expect(noLetter.err).toMatch(/file: is required/);
    const missing = await run('authority-decision', ref, '--decision', 'approve', '--letter', path.join(work, 'absent.pdf'));
    expect(missing.err).toMatch(/error NOT_FOUND/);
    const letter = path.join(work, 'letter.pdf');
    fs.writeFileSync(letter, samplePdf('Decision letter from the shell'));
    const badDecision = await run('authority-decision', ref, '--decision', 'maybe', '--letter', letter);
    expect(badDecision.err).toMatch(/decision:/);
    expect(await ok('proposals', 'show', ref)).toMatch(/Stage: With Authority/);

    const decided = await ok('authority-decision', ref, '--decision', 'send-back', '--letter', letter, '--note', 'More on costs.');
    expect(decided).toMatch(new RegExp(`Recorded the Authority's decision on ${ref} \\(sent back, .*\\); it is now in "Report Phase"`));
    const shownAfter = await ok('proposals', 'show', ref);
    expect(shownAfter).toContain('Authority decision recorded (sent back), with the decision letter');
    const twice = await run('authority-decision', ref, '--decision', 'approve', '--letter', letter);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/error ACTION_NOT_ALLOWED/);
  });
});
