/**
 * 7. Polling strategies side by side: the action's own (every 2.0–2.1 s, src/job-state.ts) and
 * the fixed intervals other actions use (5 s, 30 s). Each strategy runs the same set of job
 * durations through the action's own job runner and Omni client, against an emulator of its own,
 * all at once, so that only the poll schedule differs. Measured per job:
 *   noticed   = terminal state → the status check that saw it;
 *   finished  = terminal state → the runner returned (result fetched and digested);
 *   requests  = status checks per minute between creation and the last check.
 */
import { performance } from 'node:perf_hooks';
import { runJob } from '../../src/job/runner.js';
import { startEmulator } from '../emulator/index.js';
import { clientFor, withResultDir } from './in-process.js';
import { AnsweredPrompts, spreadDurations, timingsFor } from './jobs.js';
import { ScaledClock } from './scaled-clock.js';
import { seededRandom, summarize, type Summary } from './stats.js';

export interface Strategy {
  name: string;
  /** Undefined: the action's default schedule. */
  pollEveryMs?: number;
}

export const Strategies: readonly Strategy[] = [{ name: 'this action (2.0–2.1 s)' }, { name: 'fixed 5 s', pollEveryMs: 5_000 }, { name: 'fixed 30 s', pollEveryMs: 30_000 }];

export interface StrategyResult {
  strategy: Strategy;
  jobs: number;
  noticedMs: Summary;
  finishedMs: Summary;
  statusPerMinute: Summary;
}

export interface PollingResult {
  scale: number;
  jobMs: { min: number; max: number };
  strategies: StrategyResult[];
}

export async function measurePolling(options: { jobsPerStrategy: number; minJobMs: number; maxJobMs: number; scale: number; seed?: number }): Promise<PollingResult> {
  const clock = new ScaledClock(options.scale);
  const durations = spreadDurations(options.jobsPerStrategy, options.minJobMs, options.maxJobMs, seededRandom(options.seed ?? 7));
  const strategies = await Promise.all(Strategies.map((strategy) => runStrategy(strategy, durations, clock)));
  return { scale: options.scale, jobMs: { min: options.minJobMs, max: options.maxJobMs }, strategies };
}

async function runStrategy(strategy: Strategy, durations: number[], clock: ScaledClock): Promise<StrategyResult> {
  const emulator = await startEmulator({ rateLimit: false });
  const starts = seededRandom(11);
  try {
    const samples = await withResultDir((resultDir) =>
      Promise.all(
        durations.map(async (durationMs, index) => {
          // Jobs start over a few seconds, as independent runs would, not in lockstep.
          await clock.sleep(starts() * 3_000);
          emulator.script({ timings: timingsFor(durationMs / clock.scale) });
          let noticedAt = Number.NaN;
          // A client (and request budget) per job: each job stands for a step of its own.
          const client = clientFor(emulator, clock);
          const outcome = await runJob({
            api: client,
            request: { prompt: AnsweredPrompts[index % AnsweredPrompts.length]!, modelId: emulator.ids.modelId },
            timeoutMs: 30 * 60_000,
            clock,
            resultDir,
            ...(strategy.pollEveryMs ? { pollDelayMs: () => strategy.pollEveryMs! } : {}),
            onEvent: (event) => {
              if (event.kind === 'status' && event.status.state === 'COMPLETE') noticedAt = performance.now();
            },
          }).finally(() => client.close());
          const finishedAt = performance.now();
          const job = emulator.job(outcome.jobId);
          const terminal = job?.stateHistory.find((change) => change.state === 'COMPLETE');
          if (outcome.state !== 'COMPLETE' || !job || !terminal) throw new Error(`job ${index} ended ${outcome.state}`);
          const status = emulator.requests.filter((request) => request.route === 'getJob' && request.path.includes(outcome.jobId));
          const span = (status[status.length - 1]!.at - job.stateHistory[0]!.at) * clock.scale;
          return {
            noticedMs: (noticedAt - terminal.at) * clock.scale,
            finishedMs: (finishedAt - terminal.at) * clock.scale,
            statusPerMinute: (status.length * 60_000) / span,
          };
        }),
      ),
    );
    return {
      strategy,
      jobs: samples.length,
      noticedMs: summarize(samples.map((sample) => sample.noticedMs)),
      finishedMs: summarize(samples.map((sample) => sample.finishedMs)),
      statusPerMinute: summarize(samples.map((sample) => sample.statusPerMinute)),
    };
  } finally {
    await emulator.close();
  }
}
