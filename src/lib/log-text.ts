import { oneLine } from './text.js';

/**
 * Text from Omni (progress messages, errors) written to the log on one line: a line break followed
 * by `::` would otherwise be read by the runner as a workflow command.
 */
export function logLine(text: string, maxChars = 500): string {
  return oneLine(text, maxChars);
}
