/**
 * The earliest a suite can finish under a request budget, whatever the scheduler: the yardstick
 * the scheduler's tests and the benchmarks measure it against.
 */

/** Omni's rate-limit minute: what the lower bound is made of. */
const OmniMinuteMs = 60_000;

/**
 * The earliest any scheduler could finish, even knowing every duration in advance. Each entry
 * of `work` is a job's duration inside Omni (ms), or a lane: the durations of jobs that must run
 * one after another (one conversation). Each job needs at least three requests: its creation,
 * one status check after it ended, and the result download after that check (`requestsPerJob`;
 * two for a job without a result). The finish is at least the larger of two bounds:
 *
 * (a) Budget: at most R requests start in any 60 s, so the k-th request of the step (counting
 *     from 1) starts no earlier than 60 s × floor((k − 1) / R); the last of M = 3N requests no
 *     earlier than 60 s × floor((M − 1) / R). (The first R may all go at once: the window starts
 *     empty.) For 100 jobs at 60/min: M = 300, bound 240 s.
 * (b) Critical path: the j-th creation starts no earlier than 60 s × floor((j − 1) / R), and its
 *     lane ends no earlier than the sum of its durations later. Giving the earliest creations to
 *     the longest lanes minimises the latest end (exchange argument), so the finish is at least
 *     max_j (60 s × floor((j − 1) / R) + L_(j)), lanes sorted longest first.
 *
 * Request latency and the time between a job's end and the check that sees it are left out,
 * which only lowers the bound.
 */
export function lowerBoundMs(work: readonly (number | readonly number[])[], requestsPerMinute: number, requestsPerJob = 3): number {
  const slot = (k: number) => OmniMinuteMs * Math.floor((k - 1) / requestsPerMinute);
  const lanes = work.map((entry) => (typeof entry === 'number' ? [entry] : entry));
  const jobs = lanes.reduce((count, lane) => count + lane.length, 0);
  const budget = jobs === 0 ? 0 : slot(jobs * requestsPerJob);
  const longestFirst = lanes.map((lane) => lane.reduce((sum, d) => sum + d, 0)).sort((a, b) => b - a);
  const path = longestFirst.reduce((latest, length, index) => Math.max(latest, slot(index + 1) + length), 0);
  return Math.max(budget, path);
}
