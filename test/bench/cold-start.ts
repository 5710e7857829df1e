/**
 * 1. Cold start: spawn of `node dist/index.js` to its first request reaching Omni, against the
 * toolkit's floor (a bundle of `@actions/core` alone, cold-start-floor.mjs, built here with ncc as
 * the action is) and spawn to exit of `node -e 0`, alternated in the same run so all see the same
 * machine state.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nccBuild } from '../../scripts/build.js';
import { actionEntry, bareNodeMs, discard, runAction, startServices } from './action.js';
import { median, summarize, type Summary } from './stats.js';

export interface ColdStartResult {
  runs: number;
  bareNodeMs: Summary;
  /** The floor bundle (`@actions/core` alone): spawn → its first request. */
  floorMs: Summary;
  floorBytes: number;
  firstRequestMs: Summary;
  /** Median over runs of (first request ms) / (bare node ms of the same round). */
  ratio: number;
  /** Median over runs of (first request ms) / (floor ms of the same round): the target's figure. */
  floorRatio: number;
  /** Same, with Node's compile cache (NODE_COMPILE_CACHE) warmed by an earlier run. */
  warmCacheFirstRequestMs: Summary;
  warmCacheRatio: number;
  dist: { files: { name: string; bytes: number }[]; totalBytes: number; jsBytes: number };
}

export async function measureColdStart(runs: number): Promise<ColdStartResult> {
  let firstRequest: ((at: number) => void) | undefined;
  const services = await startServices({
    emulator: { onRequest: (request) => firstRequest?.(request.at) },
  });
  const cacheDir = await mkdtemp(join(tmpdir(), 'omni-ai-job-bench-cache-'));
  const floorDir = await mkdtemp(join(tmpdir(), 'omni-ai-job-bench-floor-'));
  try {
    const floor = await buildFloor(floorDir);
    const timeToFirstRequest = async (env: Record<string, string> = {}, letFinish = false, entry?: string): Promise<number> => {
      let killChild = () => undefined as void;
      let arrivedAt: number | undefined;
      firstRequest = (at) => {
        arrivedAt ??= at;
        if (!letFinish) killChild();
      };
      const run = await runAction(services, { event: { name: 'workflow_dispatch' }, env, onSpawn: (kill) => (killChild = kill), ...(entry ? { entry } : {}) });
      firstRequest = undefined;
      await discard(run);
      if (arrivedAt === undefined) throw new Error(`the action sent no request (exit ${run.exitCode}): ${run.stdout}${run.stderr}`);
      return arrivedAt - run.spawnedAt;
    };

    // One unmeasured round each: the first spawn pays for disk caches that later ones do not. The
    // compile cache is written at exit, so that run must end normally.
    await bareNodeMs();
    await timeToFirstRequest({}, false, floor.entry);
    await timeToFirstRequest();
    await timeToFirstRequest({ NODE_COMPILE_CACHE: cacheDir }, true);

    const bare: number[] = [];
    const floors: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const ratios: number[] = [];
    const floorRatios: number[] = [];
    const warmRatios: number[] = [];
    for (let round = 0; round < runs; round++) {
      const b = await bareNodeMs();
      const f = await timeToFirstRequest({}, false, floor.entry);
      const c = await timeToFirstRequest();
      const w = await timeToFirstRequest({ NODE_COMPILE_CACHE: cacheDir });
      bare.push(b);
      floors.push(f);
      cold.push(c);
      warm.push(w);
      ratios.push(c / b);
      floorRatios.push(c / f);
      warmRatios.push(w / b);
    }
    services.emulator.reset();
    return {
      runs,
      bareNodeMs: summarize(bare),
      floorMs: summarize(floors),
      floorBytes: floor.bytes,
      firstRequestMs: summarize(cold),
      ratio: median(ratios),
      floorRatio: median(floorRatios),
      warmCacheFirstRequestMs: summarize(warm),
      warmCacheRatio: median(warmRatios),
      dist: await distSize(dirname(actionEntry())),
    };
  } finally {
    await services.close();
    await rm(cacheDir, { recursive: true, force: true });
    await rm(floorDir, { recursive: true, force: true });
  }
}

/** Bundles cold-start-floor.mjs as `npm run build` bundles the action. */
async function buildFloor(outDir: string): Promise<{ entry: string; bytes: number }> {
  nccBuild(join(dirname(fileURLToPath(import.meta.url)), 'cold-start-floor.mjs'), outDir, ['--quiet']);
  const entry = join(outDir, 'index.mjs');
  return { entry, bytes: (await stat(entry)).size };
}

async function distSize(dir: string): Promise<ColdStartResult['dist']> {
  const files: { name: string; bytes: number }[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const info = await stat(join(dir, name));
    if (info.isFile()) files.push({ name, bytes: info.size });
  }
  const sum = (list: typeof files) => list.reduce((total, file) => total + file.bytes, 0);
  return { files, totalBytes: sum(files), jsBytes: sum(files.filter((file) => /\.(c|m)?js$/.test(file.name))) };
}

