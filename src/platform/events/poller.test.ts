import { describe, expect, it } from 'vitest';
import { startPoller } from './poller.js';

/** A turn that stays open until the test releases it, counting how many ran and how many at once. */
function gatedTurns() {
  const releases: (() => void)[] = [];
  const state = { started: 0, running: 0, most: 0 };
  const turn = () => {
    state.started += 1;
    state.running += 1;
    state.most = Math.max(state.most, state.running);
    return new Promise<void>((resolve) => releases.push(() => {
      state.running -= 1;
      resolve();
    }));
  };
  const releaseNext = async () => {
    const release = releases.shift();
    if (!release) throw new Error('No turn is waiting.');
    release();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { turn, state, releaseNext };
}

const NEVER = 2 ** 30;

describe('startPoller', () => {
  it('runs a first turn at start, and kicks during a turn ask for one more turn, never two at once', async () => {
    const { turn, state, releaseNext } = gatedTurns();
    const poller = startPoller(turn, { intervalMs: NEVER });
    expect(state.started).toBe(1);
    poller.kick();
    poller.kick();
    poller.kick();
    expect(state.started).toBe(1);
    await releaseNext();
    expect(state.started).toBe(2);
    await releaseNext();
    expect(state.started).toBe(2);
    expect(state.most).toBe(1);
    await poller.stop();
  });

  it('waits for the turn in progress when stopped, and ignores kicks after', async () => {
    const { turn, state, releaseNext } = gatedTurns();
    const poller = startPoller(turn, { intervalMs: NEVER });
    let stopped = false;
    const stopping = poller.stop().then(() => { stopped = true; });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    await releaseNext();
    await stopping;
    expect(stopped).toBe(true);
    poller.kick();
    expect(state.started).toBe(1);
  });

  it('reports a failed turn and keeps going; without startNow it waits to be kicked', async () => {
    const errors: unknown[] = [];
    let turns = 0;
    const poller = startPoller(async () => {
      turns += 1;
      if (turns === 1) throw new Error('first turn fails');
    }, { intervalMs: NEVER, startNow: false, onError: (e) => errors.push(e) });
    expect(turns).toBe(0);
    poller.kick();
    await new Promise((resolve) => setImmediate(resolve));
    poller.kick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(turns).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['first turn fails']);
    await poller.stop();
  });

  it('runs a turn when what it is woken by fires, and unsubscribes on stop', async () => {
    const listeners = new Set<() => void>();
    let turns = 0;
    const poller = startPoller(async () => { turns += 1; }, {
      intervalMs: NEVER, startNow: false,
      wakeOn: (kick) => { listeners.add(kick); return () => listeners.delete(kick); },
    });
    for (const wake of listeners) wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(turns).toBe(1);
    await poller.stop();
    expect(listeners.size).toBe(0);
  });
});
