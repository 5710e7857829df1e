/**
 * Text from Omni (progress messages, errors) written to the log on one line: a line break followed
 * by `::` would otherwise be read by the runner as a workflow command.
 */
export function logLine(text: string, maxChars = 500): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars)}…` : flat;
}
