import type { OmniApi } from '../../../src/omni/api.js';
import type { ModelRecord, ModelsListQuery, ModelsListResponse } from '../../../src/omni/types.js';
import type { JobRequest, Outcome } from '../../../src/job/outcome.js';
import { RequestBudget } from '../../../src/omni/request-budget.js';
import { parsePromptsFile } from '../../../src/suite/prompts-file.js';
import { runLoadedSuite, type SuiteDeps } from '../../../src/suite/run-suite.js';
import { SimClock } from '../../support/sim-clock.js';
import { suiteSettings, type PromptsFileSettings } from './settings.js';

export const Model = '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7';
export const Branch = '5d7f91b3-d5f7-4193-bd5f-7193b3d5f719';

/** An API that only lists models (the branch lookup); jobs are run by the stub runner. */
export function modelsOnlyApi(branches: ModelRecord[] = []): OmniApi & { listed: ModelsListQuery[] } {
  const listed: ModelsListQuery[] = [];
  const refuse = () => Promise.reject(new Error('the stub runner makes no job requests'));
  return {
    listed,
    listModels: async (query: ModelsListQuery): Promise<ModelsListResponse> => {
      listed.push(query);
      return { pageInfo: { hasNextPage: false, nextCursor: null, pageSize: 100, totalRecords: branches.length }, records: branches };
    },
    createJob: refuse,
    getJob: refuse,
    cancelJob: refuse,
    downloadResult: refuse,
  };
}

export function branchRecord(id = Branch, name = 'feature/net-revenue'): ModelRecord {
  return { id, name, modelKind: 'BRANCH', baseModelId: Model, connectionId: null, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', deletedAt: null };
}

/**
 * Runs a prompts file with a stub runner in simulated time: `outcomeFor` decides each job's
 * outcome from its request; requests are recorded.
 */
export async function runStubSuite(
  yaml: string,
  outcomeFor: (request: JobRequest) => Outcome | Promise<Outcome>,
  settings: Partial<PromptsFileSettings> = {},
  api: OmniApi = modelsOnlyApi([branchRecord()]),
  deps: Partial<Pick<SuiteDeps, 'workflowRun' | 'signal'>> = {},
) {
  const lines: string[] = [];
  const clock = new SimClock();
  const full = suiteSettings(settings);
  const budget = new RequestBudget(full.requestsPerMinute, clock);
  const requests: JobRequest[] = [];
  const spans: { prompt: string; start: number; end: number }[] = [];
  const suite = parsePromptsFile(yaml, 'prompts.yml');
  const report = await clock.run(
    runLoadedSuite(suite, full, {
      api,
      clock,
      budget,
      resultDir: '/nonexistent',
      now: () => new Date('2025-03-01T10:00:00.000Z'),
      log: (line) => lines.push(line),
      ...deps,
      runJob: async (options) => {
        requests.push(options.request);
        const start = clock.now();
        await clock.sleep(10_000);
        const outcome = await outcomeFor(options.request);
        spans.push({ prompt: options.request.prompt, start, end: clock.now() });
        return { ...outcome, request: options.request };
      },
    }),
  );
  return { report, requests, suite, spans, lines };
}
