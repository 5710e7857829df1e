/**
 * Workflow cancellation: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the step.
 * The first signal aborts the returned signal so the Omni job gets cancelled while there is time.
 */
export interface Cancellation {
  signal: AbortSignal;
  dispose(): void;
}

export function watchCancellation(onSignal?: (name: NodeJS.Signals, count: number) => void): Cancellation {
  const controller = new AbortController();
  let count = 0;
  const handler = (name: NodeJS.Signals) => {
    count++;
    onSignal?.(name, count);
    if (!controller.signal.aborted) controller.abort(new Error(`Workflow cancelled (${name})`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
