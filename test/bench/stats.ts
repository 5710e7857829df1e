/** Small, dependency-free statistics for benchmark samples. */

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Linear interpolation between closest ranks (the common "type 7" definition). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const xs = sorted(values);
  const rank = (p / 100) * (xs.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return xs[low]! + (xs[high]! - xs[low]!) * (rank - low);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, x) => sum + x, 0) / values.length;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    min: values.length ? Math.min(...values) : Number.NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : Number.NaN,
    mean: mean(values),
  };
}

export { seededRandom } from '../support/prng.js';
