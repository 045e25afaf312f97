// The loop every background worker of an instance runs: do a turn on a timer and whenever woken,
// never two turns of one worker at once (a wake-up during a turn asks for one more turn after it),
// and on stop wait for the turn in progress. The event dispatcher, the webhooks' sender and the
// modules' timed tasks are each one of these.

export interface Poller {
  /** Runs a turn now, or once more after the one running. */
  kick: () => void;
  /** Stops the timer and the wake-ups, and waits for the turn in progress. */
  stop: () => Promise<void>;
}

export interface PollerOptions {
  intervalMs: number;
  /** Subscribes to what should start a turn at once; returns the unsubscribe. */
  wakeOn?: (kick: () => void) => () => void;
  /** First turn at start (default) or only after the first interval. */
  startNow?: boolean;
  /** A failed turn is reported here; the loop goes on. */
  onError?: (error: unknown) => void;
}

export function startPoller(turn: () => Promise<unknown>, options: PollerOptions): Poller {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = turn()
      .then(() => undefined, (error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const timer = setInterval(kick, options.intervalMs);
  timer.unref();
  const unsubscribe = options.wakeOn?.(kick);
  if (options.startNow ?? true) kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      while (running) await running;
    },
  };
}
