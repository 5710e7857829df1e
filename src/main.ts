import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { systemClock } from './clock.js';
import { readSettings } from './input-helper.js';
import { OmniClient } from './omni/client.js';
import { runPost } from './post.js';
import { runPlace } from './reporters/github-context.js';
import { RequestBudget } from './request-budget.js';
import { redact } from './secrets.js';
import { watchCancellation } from './signals.js';
import { runSingle } from './single.js';
import { isPost, markMainStarted, saveConnection } from './state-helper.js';

/** The action's entry: the main step, or the post step that cancels what main left running. */
export async function run(): Promise<void> {
  if (isPost()) {
    await runPost();
    return;
  }
  const cancellation = watchCancellation((name, count) => {
    if (count === 1) core.info(`Received ${name}: cancelling.`);
  });
  let client: OmniClient | undefined;
  try {
    markMainStarted();
    const settings = readSettings();
    saveConnection(settings.omniApiBase, settings.requestsPerMinute);
    client = new OmniClient({
      apiBase: settings.omniApiBase,
      apiKey: settings.apiKey,
      clock: systemClock,
      budget: new RequestBudget(settings.requestsPerMinute, systemClock),
      log: (message) => core.info(redact(message)),
    });
    const deps = {
      api: client,
      clock: systemClock,
      signal: cancellation.signal,
      place: runPlace(),
      resultDir: join(process.env.RUNNER_TEMP || tmpdir(), 'omni-ai-job'),
    };
    switch (settings.mode) {
      case 'single':
        await runSingle(settings, deps);
        break;
      default:
        throw new Error(`mode ${settings.mode} is not available yet`);
    }
  } catch (error) {
    core.setFailed(redact(error instanceof Error ? error.message : String(error)));
  } finally {
    cancellation.dispose();
    await client?.close();
  }
}
