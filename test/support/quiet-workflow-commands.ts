/**
 * In-process tests run the action's own code, and @actions/core writes workflow commands
 * (`::add-mask::`, `::save-state`, `::error::`) to stdout. In the test log a runner would act on
 * them, and a masked value would sit there in clear, so they never reach the worker's stdout.
 * Tests that check those commands spy on process.stdout.write themselves, which replaces this.
 */
const write = process.stdout.write.bind(process.stdout);

process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (!text.includes('::')) return write(chunk, ...(rest as []));
  const kept = text
    .split(/(?<=\n)/)
    .filter((line) => !line.startsWith('::'))
    .join('');
  if (kept) return write(kept, ...(rest as []));
  const done = rest.find((arg): arg is () => void => typeof arg === 'function');
  done?.();
  return true;
}) as typeof process.stdout.write;
