/**
 * 5, end to end: a prompt suite run by dist/index.js in real time (promptsFile, on a pull
 * request, `requestsPerMinute` as given), against the emulator holding the key to that many
 * requests a minute, Retry-After and all. As slow as on a runner (12 cases at 10 a minute take
 * three minutes), so it backs up the simulated runs rather than replaces them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lowerBoundMs } from '../support/lower-bound.js';
import { discard, runAction, startServices } from './action.js';
import { AnsweredPrompts, spreadDurations, timingsFor } from './jobs.js';
import { seededRandom } from './stats.js';
import type { SuiteRun } from './suites.js';

export async function measureDistSuite(options: { cases: number; requestsPerMinute: number; minJobMs?: number; maxJobMs?: number; seed?: number }): Promise<SuiteRun> {
  const { cases, requestsPerMinute } = options;
  const minJobMs = options.minJobMs ?? 15_000;
  const maxJobMs = options.maxJobMs ?? 60_000;
  const durations = spreadDurations(cases, minJobMs, maxJobMs, seededRandom(options.seed ?? cases));
  const services = await startServices({ emulator: { rateLimit: { requestsPerMinute } } });
  try {
    const { emulator } = services;
    for (const durationMs of durations) emulator.script({ timings: timingsFor(durationMs) });
    const lines = ['version: 1', 'cases:'];
    durations.forEach((_, index) => lines.push(`  - id: case-${index + 1}`, `    prompt: ${AnsweredPrompts[index % AnsweredPrompts.length]}`));
    const run = await runAction(services, {
      event: { name: 'pull_request', number: 7 },
      inputs: { prompt: '', requestsPerMinute: String(requestsPerMinute) },
      prepare: async (workspace) => {
        const promptsFile = join(workspace.dir, 'prompts.yml');
        await writeFile(promptsFile, `${lines.join('\n')}\n`);
        return { promptsFile };
      },
    });
    try {
      if (run.exitCode !== 0 || run.outputs.passed !== String(cases)) {
        throw new Error(`the suite did not pass (exit ${run.exitCode}, passed ${run.outputs.passed}):\n${run.stdout.slice(-4_000)}${run.stderr}`);
      }
      const wallMs = run.exitedAt - run.spawnedAt;
      const bound = lowerBoundMs(durations, requestsPerMinute);
      return {
        cases,
        requestsPerMinute,
        strategy: 'this action (scheduler)',
        method: `dist/index.js, real time, jobs of ${minJobMs / 1000}–${maxJobMs / 1000} s`,
        wallMs,
        lowerBoundMs: bound,
        aboveBound: wallMs / bound - 1,
        refused: emulator.requests.filter((request) => request.status === 429).length,
        requests: emulator.requests.length,
        completed: Number(run.outputs.passed),
        failed: cases - Number(run.outputs.passed),
      };
    } finally {
      await discard(run);
    }
  } finally {
    await services.close();
  }
}
