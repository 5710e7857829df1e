/**
 * 6. Peak resident memory of the action's process while it handles a large result document
 * (the emulator pads the first query's csvResult to the requested size), against the same run
 * with the ordinary small document.
 */
import { stat } from 'node:fs/promises';
import { discard, runAction, startServices } from './action.js';
import { timingsFor } from './jobs.js';

export interface MemoryResult {
  resultBytes: number;
  peakRssMiB: number;
  /** Same action, small result: what the process needs anyway. */
  baselinePeakRssMiB: number;
  method: string;
}

export async function measureMemory(resultBytes: number): Promise<MemoryResult> {
  const services = await startServices({ emulator: { timings: timingsFor(200) } });
  try {
    const peak = async (paddingBytes: number) => {
      if (paddingBytes > 0) services.emulator.script({ resultPaddingBytes: paddingBytes });
      const run = await runAction(services, { event: { name: 'pull_request', number: 7 }, measureRss: true });
      try {
        if (run.exitCode !== 0 || run.outputs.state !== 'COMPLETE' || !run.outputs.resultFile) {
          throw new Error(`the action did not complete (exit ${run.exitCode}):\n${run.stdout}${run.stderr}`);
        }
        const bytes = (await stat(run.outputs.resultFile)).size;
        return { rssKiB: run.peakRssKiB ?? Number.NaN, bytes };
      } finally {
        await discard(run);
      }
    };
    const baseline = await peak(0);
    const large = await peak(resultBytes);
    if (large.bytes < resultBytes * 0.95) throw new Error(`the result file has ${large.bytes} bytes, expected about ${resultBytes}`);
    return {
      resultBytes: large.bytes,
      peakRssMiB: large.rssKiB / 1024,
      baselinePeakRssMiB: baseline.rssKiB / 1024,
      method: 'maximum resident set size of the process (GNU time %M, else /proc VmHWM)',
    };
  } finally {
    await services.close();
  }
}
