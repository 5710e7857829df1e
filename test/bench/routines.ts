/**
 * Routines as code at scale: a file of 100 routines on one API key allowed 60 requests a minute,
 * planned and applied by the action's own code (file reader, branch and model checks, listing,
 * plan, apply, Omni client and request budget) in process against the emulator. Time is scaled
 * (ScaledClock): the emulator's rate-limit window shrinks by the same factor, so a minute of the
 * budget passes in 60 s / scale and every ratio holds.
 *
 * The lower bound: n requests on a key allowed r a minute cannot all start before
 * floor((n − 1) / r) windows have passed (the budget's window is 61 s: Omni's minute plus a second
 * of margin). Real latency is scaled too: each real millisecond reads as `scale` here. Previews (one AI job per new routine) are left out: they are bounded by the suite
 * figures, not by anything routine-specific.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetWindowMs, RequestBudget } from '../../src/omni/request-budget.js';
import { applyPlan } from '../../src/routines/apply.js';
import { loadRoutinesFile } from '../../src/routines/file.js';
import { listAllRoutines } from '../../src/routines/list.js';
import { buildPlan, type RoutinesPlan } from '../../src/routines/plan.js';
import { resolveRoutines } from '../../src/routines/resolve.js';
import { startEmulator } from '../emulator/index.js';
import { clientFor } from './in-process.js';
import { ScaledClock } from './scaled-clock.js';

export const RoutinesRequestsPerMinute = 60;

export interface RoutinesStep {
  what: string;
  requests: number;
  writes: number;
  refused: number;
  wallMs: number;
  lowerBoundMs: number;
  changes: number;
}

export interface RoutinesBench {
  routines: number;
  requestsPerMinute: number;
  scale: number;
  steps: RoutinesStep[];
}

export async function measureRoutines(options: { routines: number; scale: number }): Promise<RoutinesBench> {
  const { scale } = options;
  const rpm = RoutinesRequestsPerMinute;
  const emulator = await startEmulator({
    rateLimit: { requestsPerMinute: rpm, windowMs: 60_000 / scale, retryAfter: false },
    routines: { maxActivePerUser: options.routines + 10 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'omni-ai-job-bench-routines-'));
  const file = join(dir, 'routines.yml');
  const write = (prompt: (index: number) => string) =>
    writeFile(
      file,
      [
        'stack: bench',
        `defaults: { modelId: ${emulator.ids.modelId}, timezone: Europe/Berlin, destination: { email: [lead@example.com] } }`,
        'routines:',
        ...Array.from({ length: options.routines }, (_, i) => `  - { key: r${i}, name: Routine ${i}, prompt: "${prompt(i)}", schedule: "${i % 60} ${i % 24} ? * MON-FRI *" }`),
      ].join('\n'),
    );

  const steps: RoutinesStep[] = [];
  const clock = new ScaledClock(scale);
  // One step's budget is fresh, as a new workflow run's is.
  const step = async (what: string, apply: boolean): Promise<void> => {
    // Runs of a workflow minutes apart: the previous step's requests have left the key's window.
    await clock.sleep(BudgetWindowMs);
    const api = clientFor(emulator, clock, new RequestBudget(rpm, clock));
    const before = emulator.requests.length;
    const started = clock.now();
    const declared = await loadRoutinesFile(file, 'bench');
    const resolved = await resolveRoutines(api, file, declared.routines);
    const plan: RoutinesPlan = buildPlan({ file, stack: 'bench', stackIsDefault: false, routines: resolved, live: await listAllRoutines(api), prune: true, now: new Date() });
    if (apply) await applyPlan(plan, { api, listRoutines: () => listAllRoutines(api) });
    const wallMs = clock.now() - started;
    await api.close();
    const requests = emulator.requests.slice(before);
    const writes = requests.filter((r) => r.route === 'createRoutine' || r.route === 'updateRoutine' || r.route === 'deleteRoutine').length;
    steps.push({
      what,
      requests: requests.length,
      writes,
      refused: requests.filter((r) => r.status === 429).length,
      wallMs,
      lowerBoundMs: BudgetWindowMs * Math.floor((requests.length - 1) / rpm),
      changes: plan.counts.changes,
    });
  };

  try {
    await write((i) => `Total revenue by region, week ${i}`);
    await step(`plan ${options.routines} new routines`, false);
    await step(`apply: create ${options.routines}`, true);
    await step(`plan again: nothing to change`, false);
    await step(`apply again: nothing to change`, true);
    await write((i) => `Total revenue by category, week ${i}`);
    await step(`apply: update the prompt of all ${options.routines}`, true);
    await writeFile(file, 'stack: bench\nroutines: []\n');
    await step(`apply with prune: delete all ${options.routines}`, true);
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
  return { routines: options.routines, requestsPerMinute: rpm, scale, steps };
}

export function renderRoutinesBench(bench: RoutinesBench): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `Routines as code: ${bench.routines} routines on one API key allowed ${bench.requestsPerMinute} requests a minute, in process against the emulator, time scaled ×${bench.scale} (simulated minutes; the figures are in the action's time).`,
    '',
    '| step | requests (writes) | 429s | wall | lower bound the budget allows | above it |',
    '|---|---|---|---|---|---|',
    ...bench.steps.map(
      (step) =>
        `| ${step.what} | ${step.requests} (${step.writes}) | ${step.refused} | ${s(step.wallMs)} | ${s(step.lowerBoundMs)} | ${step.lowerBoundMs > 0 ? `+${s(step.wallMs - step.lowerBoundMs)}` : '—'} |`,
    ),
  ].join('\n');
}
