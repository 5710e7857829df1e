/**
 * Workflow cancellation at every phase, as the runner does it: a signal to dist/index.js (SIGINT,
 * or SIGTERM alone as some self-hosted runners and `docker stop` send), then the post step. The
 * Omni job is never left running, the step exits well within the runner's 7.5 s grace period,
 * and the post step never fails the job.
 */
import { describe, expect, it } from 'vitest';
import { RunnerGraceMs } from '../../src/action/constants.js';
import type { Emulator } from '../emulator/index.js';
import { inputs, PollMs, runPostStep, startStep, testBudget, withServices, workspace, type Services, type StepRun } from './support/e2e.js';

type Phase = 'creating' | 'QUEUED' | 'EXECUTING' | 'DELIVERING' | 'fetching results' | 'commenting';
const Phases: Phase[] = ['creating', 'QUEUED', 'EXECUTING', 'DELIVERING', 'fetching results', 'commenting'];
const Signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const PullRequest = 21;

/** Holds the step in `phase`: scripts the job, slows the right answer. */
function hold(services: Services, phase: Phase): void {
  const { emulator } = services;
  switch (phase) {
    case 'creating':
      emulator.script({ stuckIn: 'QUEUED' });
      emulator.inject('createJob', { kind: 'delay', ms: 1_500 });
      break;
    case 'QUEUED':
    case 'EXECUTING':
    case 'DELIVERING':
      emulator.script({ stuckIn: phase });
      break;
    case 'fetching results':
      emulator.inject('getResult', { kind: 'delay', ms: 10_000 });
      break;
    case 'commenting':
      break;
  }
}

/** Resolves once the step is in `phase`. */
async function reached(services: Services, phase: Phase, step: ReturnType<typeof startStep>): Promise<void> {
  const { emulator, github } = services;
  switch (phase) {
    case 'creating':
      return step.waitUntil(() => emulator.requestsTo('createJob').length > 0, 'the create request');
    case 'QUEUED':
    case 'EXECUTING':
    case 'DELIVERING':
      return step.waitForOutput(new RegExp(`^${phase}`, 'm'));
    case 'fetching results':
      return step.waitUntil(() => emulator.requestsTo('getResult').length > 0, 'the result request');
    case 'commenting':
      return step.waitUntil(() => github.requests.length > 0, 'the first GitHub request');
  }
}

function onlyJob(emulator: Emulator) {
  const jobs = emulator.jobs();
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

function expectCalmPost(post: StepRun): void {
  expect(post.exitCode).toBe(0);
  expect(post.stdout).not.toContain('::error::');
  expect(post.stderr).toBe('');
}

describe.concurrent('a cancellation signal at every phase, then the post step', () => {
  const cases = Phases.flatMap((phase) => Signals.map((signal) => [phase, signal] as const));

  it.each(cases)('%s + %s', (phase, signal) =>
    withServices(
      async (services) => {
        const { emulator, github } = services;
        hold(services, phase);
        const place = await workspace(github, { name: 'pull_request', number: PullRequest });
        const given = await inputs(emulator, { prompt: 'total revenue' });
        const step = startStep(place, given);
        await reached(services, phase, step);
        const signalledAt = Date.now();
        step.child.kill(signal);
        const run = await step.done;
        const exitMs = Date.now() - signalledAt;

        expect(run.signal, 'exited by itself, not killed').toBeNull();
        expect(exitMs).toBeLessThan(RunnerGraceMs);
        expect(run.stderr).toBe('');
        expect(run.stdout).toContain(`Received ${signal}: cancelling.`);
        const job = onlyJob(emulator);
        expect(emulator.requestsTo('createJob')).toHaveLength(1);

        switch (phase) {
          case 'creating':
          case 'QUEUED':
          case 'EXECUTING':
            // Cancelled in Omni (an executing job stops after its current step).
            expect(run.exitCode).toBe(1);
            expect(run.outputs.state).toBe('CANCELLED');
            expect(run.outputs.jobId).toBe(job.id);
            expect(run.stdout).toMatch(/^::error::Workflow cancelled: Omni job .* was cancelled\.$/m);
            expect(emulator.requestsTo('cancelJob')).toHaveLength(1);
            expect(job.cancelRequested || job.state === 'CANCELLED').toBe(true);
            expect(run.summary).toContain('Cancelled by the workflow run');
            // The PR comment keeps its previous answer.
            expect(github.requests).toHaveLength(0);
            break;
          case 'DELIVERING':
            // Omni cannot cancel a job that is delivering; the cancel is still asked for, and the
            // post step asks again. Such a job finishes by itself.
            expect(run.exitCode).toBe(1);
            expect(run.outputs.state).toBe('CANCELLED');
            expect(emulator.requestsTo('cancelJob')).toHaveLength(1);
            break;
          case 'fetching results':
            // The answer is in: COMPLETE, without the queries it could not fetch.
            expect(run.exitCode).toBe(0);
            expect(run.outputs.state).toBe('COMPLETE');
            expect(run.outputs.resultSummary).toContain('Total Revenue');
            expect(run.outputs.resultFile).toBe('');
            expect(run.summary).toMatch(/could not be fetched: Workflow cancelled \\\(SIG(INT|TERM)\\\)\./);
            expect(emulator.requestsTo('cancelJob')).toHaveLength(0);
            break;
          case 'commenting':
            expect(run.exitCode).toBe(0);
            expect(run.outputs.state).toBe('COMPLETE');
            // GitHub answers in 3 s here: the comment gets 3 s after the signal, then gives way.
            expect(run.stdout).toMatch(/^::warning::The pull request comment was not finished \(the workflow run was cancelled\); the answer is in the job summary\.$/m);
            expect(github.commentsOn(PullRequest, 'acme', 'models').length).toBeLessThanOrEqual(1);
            expect(emulator.requestsTo('cancelJob')).toHaveLength(0);
            break;
        }

        const before = emulator.requests.length;
        const post = await runPostStep(place, given);
        expectCalmPost(post);
        const postRequests = emulator.requests.slice(before);
        if (phase === 'fetching results' || phase === 'commenting') {
          // The job finished: the post step has nothing to look at.
          expect(postRequests).toHaveLength(0);
        } else {
          // It looks once more, and asks again only if the job still runs.
          expect(postRequests[0]?.route).toBe('getJob');
          expect(postRequests.filter((request) => request.route === 'cancelJob').length).toBe(emulator.job(job.id)!.state === 'DELIVERING' ? 1 : 0);
        }
        if (phase !== 'DELIVERING') expect(['CANCELLED', 'COMPLETE']).toContain(emulator.job(job.id)!.state);
      },
      { github: phase === 'commenting' ? { delayMs: 3_000 } : {} },
    ),
    // The step and its post step; a poll to reach the phase, then at most the runner's grace.
    testBudget(2, PollMs + RunnerGraceMs),
  );
});

describe.concurrent('cancellation edge cases', () => {
  it('a create Omni does not answer within the 4 s grace: the step exits in time and says a job may exist', () =>
    withServices(async (services) => {
      const { emulator, github } = services;
      emulator.script({ stuckIn: 'QUEUED' });
      emulator.inject('createJob', { kind: 'delay', ms: 15_000 });
      const place = await workspace(github, { name: 'schedule' });
      const given = await inputs(emulator, { prompt: 'total revenue' });
      const step = startStep(place, given);
      await step.waitUntil(() => emulator.requestsTo('createJob').length > 0, 'the create request');
      const signalledAt = Date.now();
      step.child.kill('SIGINT');
      const run = await step.done;
      expect(Date.now() - signalledAt).toBeLessThan(RunnerGraceMs);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/^::error::Workflow cancelled \(SIGINT\) while Omni was creating the job; .*a job may have been created in Omni/m);
      // Without the job id neither step can cancel it: this is the one case the message must cover.
      const post = await runPostStep(place, given);
      expectCalmPost(post);
    }),
    testBudget(2, RunnerGraceMs),
  );

  it('SIGINT then SIGTERM in quick succession: one cancel, a calm exit', () =>
    withServices(async (services) => {
      const { emulator, github } = services;
      emulator.script({ stuckIn: 'EXECUTING' });
      const place = await workspace(github, { name: 'schedule' });
      const step = startStep(place, await inputs(emulator, { prompt: 'total revenue' }));
      await step.waitForOutput(/^EXECUTING/m);
      step.child.kill('SIGINT');
      step.child.kill('SIGTERM');
      const run = await step.done;
      expect(run.signal).toBeNull();
      expect(run.outputs.state).toBe('CANCELLED');
      expect(emulator.requestsTo('cancelJob')).toHaveLength(1);
      expect(run.stdout.match(/Received SIG/g)).toHaveLength(1);
    }),
    testBudget(1, PollMs + RunnerGraceMs),
  );

  it('the post step after a main step killed outright (SIGKILL) while QUEUED cancels the job; a second post run is a no-op', () =>
    withServices(async (services) => {
      const { emulator, github } = services;
      emulator.script({ stuckIn: 'QUEUED' });
      const place = await workspace(github, { name: 'schedule' });
      const given = await inputs(emulator, { prompt: 'total revenue' });
      const step = startStep(place, given);
      await step.waitForOutput(/^QUEUED/m);
      step.child.kill('SIGKILL');
      await step.done;
      const job = onlyJob(emulator);
      const post = await runPostStep(place, given);
      expectCalmPost(post);
      expect(post.stdout).toContain(`Omni job ${job.id} was still QUEUED; cancel requested, Omni reports CANCELLED.`);
      expect(emulator.job(job.id)!.state).toBe('CANCELLED');
      const again = await runPostStep(place, given);
      expectCalmPost(again);
      expect(again.stdout).toContain(`Omni job ${job.id} is CANCELLED; nothing to cancel.`);
    }),
    testBudget(3, PollMs),
  );

  it('the post step when Omni is unreachable: a warning, never a failure', () =>
    withServices(async (services) => {
      const { emulator, github } = services;
      emulator.script({ stuckIn: 'EXECUTING' });
      const place = await workspace(github, { name: 'schedule' });
      const given = await inputs(emulator, { prompt: 'total revenue' });
      const step = startStep(place, given);
      await step.waitForOutput(/^EXECUTING/m);
      step.child.kill('SIGKILL');
      await step.done;
      emulator.inject('*', { kind: 'status', status: 503 }, 100);
      const post = await runPostStep(place, given);
      expectCalmPost(post);
      expect(post.stdout).toMatch(/^::warning::Post step: could not cancel Omni job .*: Omni failed with a server error \(503\)/m);
    }),
    // The post step's retries against the 503s: 0.5 s, then 1 s.
    testBudget(2, PollMs + 1_500),
  );
});
