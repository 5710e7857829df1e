import { describe, expect, it } from 'vitest';
import { runPostStep, runStep, startStep } from './harness.js';
import { inputsFor, useServices, workspaceFor } from './setup.js';

const services = useServices();

describe('dist/index.js cancellation', () => {
  it('SIGINT while EXECUTING cancels the Omni job within the grace period; post finds nothing left to do', async () => {
    const emulator = services.emulator();
    emulator.script({ stuckIn: 'EXECUTING' });
    const workspace = await workspaceFor(services.github(), { name: 'pull_request', number: 3 });
    const inputs = await inputsFor(emulator, { prompt: 'total revenue' });
    const step = startStep(workspace, inputs);
    await step.waitForOutput(/EXECUTING/);
    const signalledAt = Date.now();
    step.child.kill('SIGINT');
    const run = await step.done;
    expect(Date.now() - signalledAt).toBeLessThan(7_500);
    expect(run.outputs.state).toBe('CANCELLED');
    expect(run.exitCode).toBe(1);
    const job = emulator.jobs()[0]!;
    expect(emulator.requestsTo('cancelJob').map((request) => request.path)).toEqual([`/api/v1/ai/jobs/${job.id}/cancel`]);
    expect(job.cancelRequested).toBe(true);
    // The comment keeps the previous answer on a cancelled run.
    expect(services.github().requests).toHaveLength(0);

    const post = await runPostStep(workspace, inputs);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).not.toContain('::error::');
  });

  it('the post step cancels a job the main step left running when it was killed', async () => {
    const emulator = services.emulator();
    emulator.script({ stuckIn: 'EXECUTING' });
    const workspace = await workspaceFor(services.github(), { name: 'schedule' });
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
  });

  it('timeoutSeconds cancels the Omni job and reports TIMEOUT', async () => {
    const emulator = services.emulator();
    emulator.script({ stuckIn: 'QUEUED' });
    const workspace = await workspaceFor(services.github(), { name: 'schedule' });
    const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'total revenue', timeoutSeconds: '1' }));
    expect(run.exitCode).toBe(1);
    expect(run.outputs.state).toBe('TIMEOUT');
    expect(run.stdout).toMatch(/::error::Omni job .* did not finish within 1 s/);
    expect(emulator.requestsTo('cancelJob')).toHaveLength(1);
    expect(emulator.jobs()[0]!.state).toBe('CANCELLED');
    expect(run.summary).toContain('TIMEOUT');
  });
});
