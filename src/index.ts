import { run } from './main.js';

// The process ends once the log has reached the runner: nothing is left to do, and waiting for
// idle sockets, timers or Node's teardown of a large heap would only delay the next step.
try {
  await run();
} finally {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
