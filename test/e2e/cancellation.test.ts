import { describe, expect, it } from 'vitest';
import { RunnerGraceMs } from '../../src/action/constants.js';
import { PollMs, runPostStep, runStep, startStep, testBudget } from './harness.js';
import { inputsFor, withServices, workspaceFor } from './setup.js';

describe.concurrent('dist/index.js cancellation', () => {
  it(
    'SIGINT while EXECUTING cancels the Omni job within the grace period; post finds nothing left to do',
    () =>
      withServices(async ({ emulator, github }) => {
        emulator.script({ stuckIn: 'EXECUTING' });
        const workspace = await workspaceFor(github, { name: 'pull_request', number: 3 });
        const inputs = await inputsFor(emulator, { prompt: 'total revenue' });
        const step = startStep(workspace, inputs);
        await step.waitForOutput(/EXECUTING/);
        // The runner's grace period starts when it sends the signal.
        const signalledAt = Date.now();
        step.child.kill('SIGINT');
        const run = await step.done;
        expect(Date.now() - signalledAt).toBeLessThan(RunnerGraceMs);
        expect(run.outputs.state).toBe('CANCELLED');
        expect(run.exitCode).toBe(1);
        const job = emulator.jobs()[0]!;
        expect(emulator.requestsTo('cancelJob').map((request) => request.path)).toEqual([`/api/v1/ai/jobs/${job.id}/cancel`]);
        expect(job.cancelRequested).toBe(true);
        // The comment keeps the previous answer on a cancelled run.
        expect(github.requests).toHaveLength(0);

        const post = await runPostStep(workspace, inputs);
        expect(post.exitCode).toBe(0);
        expect(post.stdout).not.toContain('::error::');
      }),
    testBudget(2, PollMs + RunnerGraceMs),
  );

  it(
    'the post step cancels a job the main step left running when it was killed',
    () =>
      withServices(async ({ emulator, github }) => {
        emulator.script({ stuckIn: 'EXECUTING' });
        const workspace = await workspaceFor(github, { name: 'schedule' });
        const inputs = await inputsFor(emulator, { prompt: 'total revenue' });
        const step = startStep(workspace, inputs);
        await step.waitForOutput(/EXECUTING/);
        step.child.kill('SIGKILL');
        await step.done;
        const job = emulator.jobs()[0]!;
        expect(job.cancelRequested).toBe(false);

        const post = await runPostStep(workspace, inputs);
        expect(post.exitCode).toBe(0);
        expect(post.stdout).toContain(`Omni job ${job.id} was still EXECUTING; cancel requested`);
        expect(emulator.job(job.id)!.cancelRequested).toBe(true);

        // Idempotent: a second post run (or a job already stopped) changes nothing and does not fail.
        const again = await runPostStep(workspace, inputs);
        expect(again.exitCode).toBe(0);
      }),
    testBudget(3, PollMs),
  );

  it(
    'timeoutSeconds cancels the Omni job and reports TIMEOUT',
    () =>
      withServices(async ({ emulator, github }) => {
        emulator.script({ stuckIn: 'QUEUED' });
        const workspace = await workspaceFor(github, { name: 'schedule' });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'total revenue', timeoutSeconds: '1' }));
        expect(run.exitCode).toBe(1);
        expect(run.outputs.state).toBe('TIMEOUT');
        expect(run.stdout).toMatch(/::error::Omni job .* did not finish within 1 s/);
        expect(emulator.requestsTo('cancelJob')).toHaveLength(1);
        expect(emulator.jobs()[0]!.state).toBe('CANCELLED');
        expect(run.summary).toContain('TIMEOUT');
      }),
    // The 1 s timeout, then the cancel and up to three polls confirming it.
    testBudget(1, 1_000 + 3 * PollMs),
  );
});
