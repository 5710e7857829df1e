import { relative } from 'node:path';
import * as core from '@actions/core';
import { Outputs } from '../action/constants.js';
import { logEvent, surelyStopped, type ModeDeps } from './single.js';
import type { RequestBudget } from '../omni/request-budget.js';
import { postComment, writeSummary } from '../github/publish.js';
import { redact } from '../lib/secrets.js';
import type { Settings } from '../action/settings.js';
import { ActiveJobs } from '../action/state-helper.js';
import { renderSuiteComment, renderSuiteSummary } from '../render/suite-markdown.js';
import { PromptsFileError } from '../suite/prompts-file.js';
import type { Suite } from '../suite/suite.js';
import { suiteFailed, type SuiteReport } from '../suite/report.js';
import { mergeReportFiles, runLoadedSuite, runSuite, writeSuiteReports } from '../suite/run-suite.js';

export interface SuiteModeDeps extends ModeDeps {
  /** The step's budget, the same one the Omni client takes its slots from. */
  budget: RequestBudget;
}

/** promptsFile (or a single prompt with compareTo): run the cases, then publish the report. */
export async function runSuiteMode(settings: Settings, deps: SuiteModeDeps): Promise<void> {
  const activeJobs = new ActiveJobs();
  const suiteDeps = {
    api: deps.api,
    clock: deps.clock,
    budget: deps.budget,
    signal: deps.signal,
    resultDir: deps.resultDir,
    log: (line: string) => core.info(line),
    onEvent: (key: string, event: Parameters<typeof logEvent>[0]) => {
      if (event.kind === 'created') activeJobs.add(event.jobId);
      if (event.kind === 'finished' && surelyStopped(event.outcome)) activeJobs.remove(event.outcome.jobId);
      if (event.kind === 'status' || event.kind === 'cancelling') logEvent(event, settings, key);
    },
  };
  let report: SuiteReport;
  try {
    report = settings.promptsFile ? await runSuite(settings, suiteDeps) : await runLoadedSuite(singlePromptSuite(settings), withoutConversation(settings), suiteDeps);
  } catch (error) {
    if (error instanceof PromptsFileError) {
      for (const problem of error.problems) core.error(problem.message, { file: problem.file, startLine: problem.line, startColumn: problem.column });
      const count = error.problems.length;
      throw new Error(`${settings.promptsFile} has ${count} problem${count === 1 ? '' : 's'}; the first: ${error.message.split('\n')[0]}`, { cause: error });
    }
    throw error;
  }
  await publishSuite(settings, deps, report);
}

/** mode: merge — the legs' JSON reports become one comment, one summary, one JUnit file. */
export async function runMergeMode(settings: Settings, deps: Pick<ModeDeps, 'place' | 'resultDir' | 'signal'>): Promise<void> {
  const report = await mergeReportFiles(settings.reports ?? '');
  core.info(`Merged ${report.mergedShards ?? 1} reports: ${report.cases.length} cases.`);
  await publishSuite(settings, deps, report);
}

async function publishSuite(settings: Settings, deps: Pick<ModeDeps, 'place' | 'resultDir' | 'signal'>, report: SuiteReport): Promise<void> {
  const files = await writeSuiteReports(report, deps.resultDir);
  const { passed, failed, errors } = report.totals;
  core.setOutput(Outputs.Passed, String(passed));
  core.setOutput(Outputs.Failed, String(failed + errors));
  core.setOutput(Outputs.ReportFile, files.junit);
  core.info(`Reports: ${relative(process.cwd(), files.junit)} (JUnit), ${relative(process.cwd(), files.json)} (JSON).`);

  const context = { ...(deps.place.runUrl ? { runUrl: deps.place.runUrl } : {}) };
  await writeSummary(settings, renderSuiteSummary(report, context));
  // A leg of a sharded suite leaves the comment to the merge step, which sees every case.
  if (settings.shard) core.info('Sharded run: the merge step posts the PR comment.');
  else if (!deps.signal.aborted) await postComment(settings, deps.place, renderSuiteComment(report, context), deps.signal);
  if (suiteFailed(report)) core.setFailed(redact(`Prompt suite: ${failed} failed, ${errors} could not run, ${passed} passed (of ${report.cases.length}).`));
}

/** A single prompt compared with the shared model runs as a suite of one case. */
function singlePromptSuite(settings: Settings): Suite {
  return {
    file: 'prompt',
    defaults: {},
    cases: [
      {
        id: 'prompt',
        prompt: settings.prompt ?? '',
        ...(settings.topicName ? { topicName: settings.topicName } : {}),
        ...(settings.conversationId ? { conversationId: settings.conversationId } : {}),
        expect: { contains: [], notContains: [], matches: [], notMatches: [], fields: [], values: [] },
        line: 1,
      },
    ],
  };
}

/** The suite case carries the conversation; the suite's own target must not. */
function withoutConversation(settings: Settings): Settings {
  const { conversationId: _inCase, ...rest } = settings;
  return rest;
}
