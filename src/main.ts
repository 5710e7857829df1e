import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { systemClock } from './lib/clock.js';
import { readSettings } from './action/input-helper.js';
import { OmniClient } from './omni/client.js';
import { runPlace } from './github/run-context.js';
import { RequestBudget } from './omni/request-budget.js';
import { errorMessage } from './lib/errors.js';
import { redact } from './lib/secrets.js';
import { watchCancellation } from './action/cancellation.js';
import { legRequestsPerMinute } from './suite/shard.js';
import { isPost, markMainStarted, saveConnection } from './action/state-helper.js';

/**
 * The action: the main step, or the post step that cancels what main left running. Returns when
 * the step is done; src/index.ts ends the process, and @github/local-action calls this as it is.
 */
export async function run(): Promise<void> {
  if (isPost()) {
    // The post step never fails the job, not even when its code cannot be loaded.
    let post: typeof import('./modes/post.js');
    try {
      post = await import('./modes/post.js');
    } catch (error) {
      core.warning(`The post step could not start: ${redact(errorMessage(error))}`);
      return;
    }
    await post.runPost();
  } else {
    await runMain();
  }
}

async function runMain(): Promise<void> {
  const cancellation = watchCancellation((name, count) => {
    if (count === 1) core.info(`Received ${name}: cancelling.`);
  });
  let client: OmniClient | undefined;
  try {
    markMainStarted();
    const settings = readSettings();
    const place = runPlace();
    const resultDir = join(process.env.RUNNER_TEMP || tmpdir(), 'omni-ai-job');
    // Each mode loads only when it runs (ncc makes each a chunk of dist/ of its own), so a single
    // prompt's first request never waits for the YAML, cron or suite code to be parsed.
    if (settings.mode === 'merge') {
      const { runMergeMode } = await import('./modes/suite.js');
      await runMergeMode(settings, { place, resultDir, signal: cancellation.signal });
      return;
    }
    // Matrix legs share the key: each takes its share of the budget.
    const requestsPerMinute = legRequestsPerMinute(settings.requestsPerMinute, settings.mode === 'suite' ? settings.shard : undefined);
    saveConnection(settings.omniApiBase, requestsPerMinute);
    const budget = new RequestBudget(requestsPerMinute, systemClock);
    client = new OmniClient({
      apiBase: settings.omniApiBase,
      apiKey: settings.apiKey,
      clock: systemClock,
      budget,
      log: (message) => core.info(redact(message)),
    });
    const deps = { api: client, clock: systemClock, signal: cancellation.signal, place, resultDir, budget };
    switch (settings.mode) {
      case 'single': {
        const { runSingle } = await import('./modes/single.js');
        await runSingle(settings, deps);
        break;
      }
      case 'suite': {
        const { runSuiteMode } = await import('./modes/suite.js');
        await runSuiteMode(settings, deps);
        break;
      }
      case 'routines': {
        const { runRoutinesMode } = await import('./modes/routines.js');
        await runRoutinesMode(settings, deps);
        break;
      }
    }
  } catch (error) {
    core.setFailed(redact(errorMessage(error)));
  } finally {
    cancellation.dispose();
    await client?.close();
  }
}
