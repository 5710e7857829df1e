/**
 * 2–4. The action as users run it (dist/index.js on a pull request: create, wait, result, summary,
 * sticky comment), repeated over jobs of varied length. From the emulator's records and the
 * child's exit:
 *   detection latency  = exit − the moment the job entered its terminal state;
 *   request cost       = status requests per minute between creation and the last status check;
 *   overhead           = (exit − spawn) − (terminal − creation), the wall time the job itself does not explain.
 */
import type { RecordedRequest } from '../emulator/index.js';
import { discard, runAction, startServices, type Services } from './action.js';
import { timingsFor } from './jobs.js';
import { seededRandom, summarize, type Summary } from './stats.js';

export interface SingleRun {
  jobMs: number;
  startupMs: number;
  /** Terminal state to the status check that saw it. */
  noticeMs: number;
  /** That status check answered, to process exit (result, digest, summary, comment, exit). */
  afterNoticeMs: number;
  detectionMs: number;
  overheadMs: number;
  statusRequests: number;
  statusPerMinute: number;
  requests: number;
  refused: number;
}

export interface SingleRunsResult {
  runs: SingleRun[];
  jobMs: { min: number; max: number };
  detectionMs: Summary;
  noticeMs: Summary;
  afterNoticeMs: Summary;
  startupMs: Summary;
  overheadMs: Summary;
  statusPerMinute: Summary;
  refused: number;
}

export async function measureSingleRuns(options: { runs: number; minJobMs: number; maxJobMs: number; seed?: number }): Promise<SingleRunsResult> {
  const services = await startServices();
  const random = seededRandom(options.seed ?? 42);
  try {
    const runs: SingleRun[] = [];
    for (let index = 0; index < options.runs; index++) {
      const jobMs = Math.round(options.minJobMs + random() * (options.maxJobMs - options.minJobMs));
      runs.push(await singleRun(services, jobMs));
      services.emulator.reset();
      services.github.requests.length = 0;
    }
    const all = (pick: (run: SingleRun) => number) => summarize(runs.map(pick));
    return {
      runs,
      jobMs: { min: options.minJobMs, max: options.maxJobMs },
      detectionMs: all((run) => run.detectionMs),
      noticeMs: all((run) => run.noticeMs),
      afterNoticeMs: all((run) => run.afterNoticeMs),
      startupMs: all((run) => run.startupMs),
      overheadMs: all((run) => run.overheadMs),
      statusPerMinute: all((run) => run.statusPerMinute),
      refused: runs.reduce((sum, run) => sum + run.refused, 0),
    };
  } finally {
    await services.close();
  }
}

async function singleRun(services: Services, jobMs: number): Promise<SingleRun> {
  const { emulator, github } = services;
  emulator.script({ timings: timingsFor(jobMs) });
  const run = await runAction(services, { event: { name: 'pull_request', number: 7 } });
  try {
    const jobId = run.outputs.jobId ?? '';
    const job = emulator.job(jobId);
    if (run.exitCode !== 0 || run.outputs.state !== 'COMPLETE' || !job) {
      throw new Error(`the action did not complete a job (exit ${run.exitCode}, state ${run.outputs.state}):\n${run.stdout}${run.stderr}`);
    }
    if (!run.summary.includes('top 5 products') || github.comments.length !== 1) throw new Error('the action wrote no summary or no PR comment');
    const created = job.stateHistory[0]!;
    const terminal = job.stateHistory.find((change) => change.state === 'COMPLETE')!;
    const ofJob = emulator.requests.filter((request) => request.path.includes(jobId) || request.route === 'createJob');
    const create = only(ofJob.filter((request) => request.route === 'createJob'), 'createJob');
    const status = ofJob.filter((request) => request.route === 'getJob');
    const noticing = status.find((request) => request.at >= terminal.at);
    if (!noticing) throw new Error('no status check after the job completed');
    const lastStatus = status[status.length - 1]!;
    return {
      jobMs: terminal.at - created.at,
      startupMs: create.at - run.spawnedAt,
      noticeMs: noticing.at - terminal.at,
      afterNoticeMs: run.exitedAt - (noticing.respondedAt ?? noticing.at),
      detectionMs: run.exitedAt - terminal.at,
      overheadMs: run.exitedAt - run.spawnedAt - (terminal.at - created.at),
      statusRequests: status.length,
      statusPerMinute: (status.length * 60_000) / (lastStatus.at - create.at),
      requests: emulator.requests.length,
      refused: emulator.requests.filter((request) => request.status === 429).length,
    };
  } finally {
    await discard(run);
  }
}

function only(requests: RecordedRequest[], route: string): RecordedRequest {
  if (requests.length !== 1) throw new Error(`expected one ${route} request, saw ${requests.length}`);
  return requests[0]!;
}
