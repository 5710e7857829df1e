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
 * two for a job without a result). At most R requests start in any 60 s.
 *
 * Give every request the earliest time it could possibly start (its release): a creation at 0
 * (in a lane: once the jobs before it could have ended), a job's status check and result once
 * the job could have ended. Sort the M releases, r₁ ≤ … ≤ r_M. In any schedule, sorted by start
 * time, the k-th request starts no earlier than r_k (k requests have started by then, each after
 * its release), and no earlier than 60 s after the (k − R)-th (else R + 1 requests would start
 * within 60 s). So the k-th start is at least L_k = max(r_k, L_(k−R) + 60 s), and the last at
 * least L_M. The bound counts what the budget costs while jobs are still running: slots spent
 * early on creations come back only a minute later, when the checks and results need them.
 * (12 jobs of 8 s at 20 a minute: 12 creations at 0, 8 checks at 8 s, the remaining 16 requests
 * at 60 s and 68 s: 68 s.)
 *
 * The critical path bounds it too: the j-th creation starts no earlier than
 * 60 s × floor((j − 1) / R), and its lane ends no earlier than the sum of its durations later;
 * giving the earliest creations to the longest lanes minimises the latest end (exchange
 * argument): max_j (60 s × floor((j − 1) / R) + L_(j)), lanes sorted longest first.
 *
 * Request latency and the time between a job's end and the check that sees it are left out,
 * which only lowers the bound.
 */
export function lowerBoundMs(work: readonly (number | readonly number[])[], requestsPerMinute: number, requestsPerJob = 3): number {
  const slot = (k: number) => OmniMinuteMs * Math.floor((k - 1) / requestsPerMinute);
  const lanes = work.map((entry) => (typeof entry === 'number' ? [entry] : entry));
  const longestFirst = lanes.map((lane) => lane.reduce((sum, d) => sum + d, 0)).sort((a, b) => b - a);
  const path = longestFirst.reduce((latest, length, index) => Math.max(latest, slot(index + 1) + length), 0);

  const releases: number[] = [];
  for (const lane of lanes) {
    let ready = 0;
    for (const duration of lane) {
      releases.push(ready);
      ready += duration;
      for (let request = 1; request < requestsPerJob; request++) releases.push(ready);
    }
  }
  releases.sort((a, b) => a - b);
  const starts: number[] = [];
  releases.forEach((release, k) => starts.push(Math.max(release, k >= requestsPerMinute ? starts[k - requestsPerMinute]! + OmniMinuteMs : 0)));
  return Math.max(path, starts.at(-1) ?? 0);
}
