/** Job durations for the emulator: the same shape as its defaults, stretched to a total length. */
import type { JobTimings } from '../emulator/index.js';

/** Queued 10 %, three AI iterations 80 %, delivering 10 %: `totalMs` from creation to COMPLETE. */
export function timingsFor(totalMs: number): JobTimings {
  const iterations = 3;
  return {
    queuedMs: Math.round(totalMs * 0.1),
    iterationMs: Math.round((totalMs * 0.8) / iterations),
    iterations,
    deliveringMs: Math.round(totalMs * 0.1),
  };
}

/** `count` durations spread evenly over [minMs, maxMs], shuffled by `random`. */
export function spreadDurations(count: number, minMs: number, maxMs: number, random: () => number): number[] {
  const step = count > 1 ? (maxMs - minMs) / (count - 1) : 0;
  const durations = Array.from({ length: count }, (_, index) => Math.round(minMs + index * step + (random() - 0.5) * step));
  for (let index = durations.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [durations[index], durations[other]] = [durations[other]!, durations[index]!];
  }
  return durations.map((ms) => Math.min(maxMs, Math.max(minMs, ms)));
}

/** Prompts the emulated AI answers with a query and data (a result document to fetch). */
export const AnsweredPrompts = ['top 5 products by revenue', 'revenue by region', 'total revenue', 'orders by month'] as const;
