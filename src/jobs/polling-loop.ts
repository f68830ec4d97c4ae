/** A loop running in the background; `stop` waits for the pass under way. */
export interface PollingLoop {
  stop(): Promise<void>;
}

/**
 * Runs `pass` at once and again `pollMs` after each pass ends, until stopped: the one loop of the
 * job scheduler and the webhook deliverer. A pass that throws is told to `onError` and the loop
 * carries on; a long pass reads `stopped()` to end early.
 */
export function startPolling(
  pass: (stopped: () => boolean) => Promise<void>,
  pollMs: number,
  onError?: (error: unknown) => void,
): PollingLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const tick = () => {
    running = pass(isStopped)
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
