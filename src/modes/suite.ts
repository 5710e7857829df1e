import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as core from '@actions/core';
import { Outputs } from '../action/constants.js';
import { logEvent, surelyStopped, type ModeDeps } from './events.js';
import type { RequestBudget } from '../omni/request-budget.js';
import { postComment, writeSummary } from '../github/publish.js';
import { redact } from '../lib/secrets.js';
import type { MergeSettings, PromptCase, ReportSettings, SuiteSettings } from '../action/settings.js';
import { ActiveJobs } from '../action/state-helper.js';
import { renderJunit } from '../render/junit.js';
import { renderSuiteComment, renderSuiteSummary } from '../render/suite-markdown.js';
import { mergeReportFiles } from '../suite/merge.js';
import { PromptsFileError } from '../suite/prompts-file.js';
import { noExpectations, type Suite } from '../suite/suite.js';
import { suiteFailed, type SuiteReport, type WorkflowRun } from '../suite/report.js';
import { runLoadedSuite, runSuite } from '../suite/run-suite.js';

export interface SuiteModeDeps extends ModeDeps {
  /** The step's budget, the same one the Omni client takes its slots from. */
  budget: RequestBudget;
}

/** promptsFile (or a single prompt with compareTo): run the cases, then publish the report. */
export async function runSuiteMode(settings: SuiteSettings, deps: SuiteModeDeps): Promise<void> {
  const activeJobs = new ActiveJobs();
  const run = workflowRun();
  const suiteDeps = {
    api: deps.api,
    clock: deps.clock,
    budget: deps.budget,
    signal: deps.signal,
    resultDir: deps.resultDir,
    ...(run ? { workflowRun: run } : {}),
    log: (line: string) => core.info(line),
    onEvent: (key: string, event: Parameters<typeof logEvent>[0]) => {
      if (event.kind === 'created') activeJobs.add(event.jobId);
      if (event.kind === 'finished' && surelyStopped(event.outcome)) activeJobs.remove(event.outcome.jobId);
      if (event.kind === 'status' || event.kind === 'cancelling') logEvent(event, settings, key);
    },
  };
  let report: SuiteReport;
  try {
    report = 'promptsFile' in settings ? await runSuite(settings, suiteDeps) : await runLoadedSuite(promptCaseSuite(settings.promptCase, settings.topicName), settings, suiteDeps);
  } catch (error) {
    // One annotation on the file per problem; the step's error lists the first five as file:line:col lines.
    if (error instanceof PromptsFileError) {
      for (const problem of error.problems) core.error(problem.message, { file: problem.file, startLine: problem.line, startColumn: problem.column });
    }
    throw error;
  }
  await publishSuite(settings, deps, report);
}

/** mode: merge — the legs' JSON reports become one comment, one summary, one JUnit file. */
export async function runMergeMode(settings: MergeSettings, deps: Pick<ModeDeps, 'place' | 'resultDir' | 'signal'>): Promise<void> {
  const report = await mergeReportFiles(settings.reports, workflowRun());
  core.info(`Merged ${report.mergedShards ?? 1} reports: ${report.cases.length} cases.`);
  await publishSuite(settings, deps, report);
}

async function publishSuite(settings: ReportSettings & Pick<SuiteSettings, 'shard'>, deps: Pick<ModeDeps, 'place' | 'resultDir' | 'signal'>, report: SuiteReport): Promise<void> {
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
function promptCaseSuite(promptCase: PromptCase, topicName: string | undefined): Suite {
  return {
    file: 'prompt',
    defaults: {},
    cases: [
      {
        id: 'prompt',
        prompt: promptCase.prompt,
        ...(topicName ? { topicName } : {}),
        ...(promptCase.conversationId ? { conversationId: promptCase.conversationId } : {}),
        expect: noExpectations(),
        line: 1,
      },
    ],
  };
}

/** The workflow run this step is part of, as the runner names it; undefined outside GitHub Actions. */
export function workflowRun(env: NodeJS.ProcessEnv = process.env): WorkflowRun | undefined {
  const id = env.GITHUB_RUN_ID?.trim();
  if (!id) return undefined;
  const attempt = Number(env.GITHUB_RUN_ATTEMPT);
  return { id, attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1 };
}

/**
 * Names of the report files in the result directory. Fixed, so that a workflow can upload
 * `${{ runner.temp }}/omni-ai-job/suite-report.json` from every leg without reading an output.
 */
export const ReportFileNames = { json: 'suite-report.json', junit: 'suite-report.xml' } as const;

/** Writes the JSON report (what `mode: merge` reads) and the JUnit report (`reportFile`) into `directory`. */
export async function writeSuiteReports(report: SuiteReport, directory: string): Promise<{ json: string; junit: string }> {
  await mkdir(directory, { recursive: true });
  const json = join(directory, ReportFileNames.json);
  const junit = join(directory, ReportFileNames.junit);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  await writeFile(junit, renderJunit(report), 'utf8');
  return { json, junit };
}
