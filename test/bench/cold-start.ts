/**
 * 1. Cold start: spawn of `node dist/index.js` to its first request reaching Omni, against spawn
 * to exit of `node -e 0`, alternated in the same run so both see the same machine state.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { actionEntry, bareNodeMs, discard, runAction, startServices } from './action.js';
import { median, summarize, type Summary } from './stats.js';

export interface ColdStartResult {
  runs: number;
  bareNodeMs: Summary;
  firstRequestMs: Summary;
  /** Median over runs of (first request ms) / (bare node ms of the same round). */
  ratio: number;
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
  try {
    const timeToFirstRequest = async (env: Record<string, string> = {}, letFinish = false): Promise<number> => {
      let killChild = () => undefined as void;
      let arrivedAt: number | undefined;
      firstRequest = (at) => {
        arrivedAt ??= at;
        if (!letFinish) killChild();
      };
      const run = await runAction(services, { event: { name: 'workflow_dispatch' }, env, onSpawn: (kill) => (killChild = kill) });
      firstRequest = undefined;
      await discard(run);
      if (arrivedAt === undefined) throw new Error(`the action sent no request (exit ${run.exitCode}): ${run.stdout}${run.stderr}`);
      return arrivedAt - run.spawnedAt;
    };

    // One unmeasured round each: the first spawn pays for disk caches that later ones do not. The
    // compile cache is written at exit, so that run must end normally.
    await bareNodeMs();
    await timeToFirstRequest();
    await timeToFirstRequest({ NODE_COMPILE_CACHE: cacheDir }, true);

    const bare: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const ratios: number[] = [];
    const warmRatios: number[] = [];
    for (let round = 0; round < runs; round++) {
      const b = await bareNodeMs();
      const c = await timeToFirstRequest();
      const w = await timeToFirstRequest({ NODE_COMPILE_CACHE: cacheDir });
      bare.push(b);
      cold.push(c);
      warm.push(w);
      ratios.push(c / b);
      warmRatios.push(w / b);
    }
    services.emulator.reset();
    return {
      runs,
      bareNodeMs: summarize(bare),
      firstRequestMs: summarize(cold),
      ratio: median(ratios),
      warmCacheFirstRequestMs: summarize(warm),
      warmCacheRatio: median(warmRatios),
      dist: await distSize(dirname(actionEntry())),
    };
  } finally {
    await services.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
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

