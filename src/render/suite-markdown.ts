/**
 * The suite report as markdown: the sticky PR comment (a table of cases, failing and changed
 * cases folded below it) and the job summary (everything). Pure; within GitHub's limits.
 */
import type { Outcome } from '../job/outcome.js';
import { CommentBudget, fitToBudget, SummaryBudget, type Section } from './budget.js';
import { byteLength, charLength, escapeInline, escapeTableCell, inlineCode, type Measure } from './markdown.js';
import {
  answerMarkdown,
  answerText,
  details,
  link,
  promptQuote,
  queryFields,
  queryStatusLine,
  queryTable,
  queryTitle,
  stateBadge,
  stateExplanation,
  type ReportContext,
} from './parts.js';
import { formatDuration, plural } from './text.js';
import type { Change } from '../suite/compare.js';
import type { CaseReport, RunRecord, SuiteReport } from '../suite/report.js';

export type { ReportContext } from './parts.js';

/** Room under GitHub's limits for redaction and what core.summary adds. */

interface Style {
  measure: Measure;
  /** Case details: every case (summary) or only failing and changed ones (comment). */
  allDetails: boolean;
  promptChars: number;
  answerSize: number;
  /** Data rows per query in the details; 0 = no data tables. */
  tableRows: number;
  heading: string;
}

const CommentStyle: Style = { measure: charLength, allDetails: false, promptChars: 500, answerSize: 1_500, tableRows: 0, heading: '###' };
const SummaryStyle: Style = { measure: byteLength, allDetails: true, promptChars: 2_000, answerSize: 6_000, tableRows: 10, heading: '##' };

/** The sticky PR comment, leaving room for the marker the GitHub writer adds. */
export function renderSuiteComment(report: SuiteReport, ctx: ReportContext): string {
  const budget = Math.min(ctx.budget ?? CommentBudget, CommentBudget);
  return render(report, ctx, CommentStyle, budget);
}

/** The job summary: every case in detail, under 1 MiB. */
export function renderSuiteSummary(report: SuiteReport, ctx: ReportContext): string {
  const budget = Math.min(ctx.budget ?? SummaryBudget, SummaryBudget);
  const style = ctx.maxTableRows !== undefined ? { ...SummaryStyle, tableRows: ctx.maxTableRows } : SummaryStyle;
  return render(report, ctx, style, budget);
}

function render(report: SuiteReport, ctx: ReportContext, style: Style, budget: number): string {
  const title = `${style.heading} Omni AI suite · ${headline(report)}`;
  const sections: Section[] = [
    { text: title, required: true },
    { text: facts(report, ctx), required: true },
  ];
  sections.push(tableSection(report, style));
  const shown = report.cases.filter((c) => style.allDetails || isNotable(c));
  for (const testCase of shown) sections.push(caseSection(report, testCase, style));
  if (!style.allDetails && shown.length < report.cases.length) {
    sections.push({ text: `_${foldedCases(report.cases.filter((c) => !shown.includes(c)))}; ${summaryPlace(ctx)} has every answer._`, required: true });
  }
  const { text } = fitToBudget(sections, budget, {
    measure: style.measure,
    overflowNote: (omitted, shrunk) =>
      `_Not everything fit here (${[omitted > 0 ? `${omitted} parts left out` : '', shrunk > 0 ? `${shrunk} shortened` : ''].filter(Boolean).join(', ')}): ${summaryPlace(ctx)} and the JSON report (\`reportFile\`) hold the rest._`,
  });
  return `${text}\n`;
}

function summaryPlace(ctx: ReportContext): string {
  return ctx.runUrl ? `the job summary of the ${link('workflow run', ctx.runUrl)}` : "the workflow run's job summary";
}

function headline(report: SuiteReport): string {
  const { totals } = report;
  const parts = [`✅ ${totals.passed} passed`];
  if (totals.failed > 0) parts.push(`❌ ${totals.failed} failed`);
  if (totals.errors > 0) parts.push(`⚠️ ${plural(totals.errors, 'error')}`);
  if (totals.skipped > 0) parts.push(`⏭️ ${totals.skipped} skipped`);
  if (report.target.compareTo) parts.push(`🔄 ${totals.changed} changed vs shared`);
  return parts.join(' · ');
}

function facts(report: SuiteReport, ctx: ReportContext): string {
  const { target } = report;
  const code = (value: string) => inlineCode(value.slice(0, 200));
  const model = ctx.modelLabel ? `${escapeInline(ctx.modelLabel.slice(0, 200))} (${code(target.modelId)})` : code(target.modelId);
  let branch = 'shared model';
  if (target.branchName && target.branchId) branch = `${code(target.branchName)} (${code(target.branchId)})`;
  else if (target.branchName ?? target.branchId) branch = code((target.branchName ?? target.branchId)!);
  const items = [`**Model** ${model}`, `**Branch** ${branch}`];
  if (target.compareTo) items.push('compared with the shared model');
  items.push(`${plural(report.totals.cases, 'case')} from ${code(report.suite.file)}`);
  if (report.shard) items.push(`shard ${report.shard.index}/${report.shard.total}`);
  if (report.mergedShards) items.push(`${report.mergedShards} matrix legs`);
  items.push(formatDuration(report.durationMs));
  if (ctx.runUrl) items.push(link('Workflow run', ctx.runUrl));
  return items.join(' · ');
}

/** The cases the comment does not unfold, counted in words: "2 cases passed without changes, 1 was not judged". */
function foldedCases(cases: readonly CaseReport[]): string {
  const count = (status: 'passed' | 'not judged' | 'not run') =>
    cases.filter((c) => (c.status === 'passed' ? 'passed' : c.run.kind === 'skipped' ? 'not run' : 'not judged') === status).length;
  const parts: string[] = [];
  const passed = count('passed');
  if (passed > 0) parts.push(`${plural(passed, 'case')} passed without changes`);
  for (const status of ['not judged', 'not run'] as const) {
    const n = count(status);
    if (n > 0) parts.push(parts.length === 0 ? `${plural(n, 'case')} ${n === 1 ? 'was' : 'were'} ${status}` : `${n} ${n === 1 ? 'was' : 'were'} ${status}`);
  }
  return parts.join(', ');
}

function isNotable(testCase: CaseReport): boolean {
  return testCase.status === 'failed' || testCase.status === 'error' || testCase.diff?.changed === true;
}

// --- The table ---------------------------------------------------------------------------

function tableSection(report: SuiteReport, style: Style): Section {
  const compare = report.target.compareTo === 'shared';
  const header = compare ? '| Case | State | Expectations | vs shared | Omni |\n| --- | --- | --- | --- | --- |' : '| Case | State | Expectations | Omni |\n| --- | --- | --- | --- |';
  const rows = report.cases.map((testCase) => tableRow(testCase, compare));
  const full = [header, ...rows].join('\n');
  return {
    text: full,
    shrink: (room) => {
      // Failing and changed cases first: they are what the reader needs.
      const notable = report.cases.map((c, i) => ({ c, row: rows[i]! })).filter(({ c }) => isNotable(c));
      const kept: string[] = [header];
      let size = style.measure(header);
      for (const { row } of notable) {
        const grow = style.measure(row) + 1;
        if (size + grow > room - 120) break;
        kept.push(row);
        size += grow;
      }
      const left = report.cases.length - (kept.length - 1);
      const text = `${kept.join('\n')}\n\n_${plural(left, 'more case')} not listed here._`;
      return style.measure(text) <= room ? text : '';
    },
  };
}

function tableRow(testCase: CaseReport, compare: boolean): string {
  const cells = [inlineCode(testCase.id, { table: true }), stateCell(testCase.run), expectationsCell(testCase)];
  if (compare) cells.push(diffCell(testCase));
  cells.push(linksCell(testCase));
  return `| ${cells.join(' | ')} |`;
}

function stateCell(run: RunRecord): string {
  if (run.outcome) return stateBadge(run.outcome.state);
  if (run.error) return '⚠️ not created';
  return '⏭️ not run';
}

function expectationsCell(testCase: CaseReport): string {
  const total = testCase.expectations.length;
  const failed = testCase.expectations.filter((e) => !e.passed).length;
  switch (testCase.status) {
    case 'passed':
      return `✅ ${total}/${total}`;
    case 'failed':
      return `❌ ${failed} of ${total} failed`;
    case 'error':
      return '⚠️ error';
    case 'skipped':
      return '⏭️ not judged';
  }
}

function diffCell(testCase: CaseReport): string {
  const diff = testCase.diff;
  if (!diff) {
    const shared = testCase.shared;
    if (shared && !shared.outcome) return escapeTableCell(`— shared ${shared.error ? 'not created' : 'not run'}`, 60);
    return '—';
  }
  if (!diff.changed) {
    if (diff.answer.status === 'unknown') return '— not compared';
    return diff.answer.status === 'reworded' ? '= same data, reworded' : '= same';
  }
  return `🔄 ${escapeTableCell(diff.summary, 140)}`;
}

function linksCell(testCase: CaseReport): string {
  const links: string[] = [];
  const chat = testCase.run.outcome?.omniChatUrl;
  if (chat) links.push(tableLink('chat', chat));
  const shared = testCase.shared?.outcome?.omniChatUrl;
  if (shared) links.push(tableLink('shared', shared));
  return links.join(' · ') || '—';
}

/** A link inside a table cell: a "|" in the URL would end the cell. */
function tableLink(text: string, url: string): string {
  return link(text, url).replace(/\|/g, '%7C');
}

// --- Case details ------------------------------------------------------------------------

function caseSection(report: SuiteReport, testCase: CaseReport, style: Style): Section {
  const full = caseDetails(report, testCase, style, { answer: true, tables: style.tableRows > 0 });
  return {
    text: full,
    shrink: (room) => {
      for (const parts of [{ answer: true, tables: false }, { answer: false, tables: false }]) {
        const smaller = caseDetails(report, testCase, style, parts);
        if (style.measure(smaller) <= room) return smaller;
      }
      return '';
    },
  };
}

function caseDetails(report: SuiteReport, testCase: CaseReport, style: Style, parts: { answer: boolean; tables: boolean }): string {
  const body: string[] = [promptQuote(testCase.prompt, style.promptChars)];
  if (testCase.note) body.push(`_${escapeInline(testCase.note)}_`);
  const outcome = testCase.run.outcome;
  if (!outcome) body.push(runProblem('This case', testCase.run));
  else {
    const explanation = stateExplanation(outcome);
    if (explanation) body.push(explanation);
  }
  if (testCase.expectations.length > 0) {
    body.push(testCase.expectations.map((e) => `- ${e.passed ? '✅' : '❌'} ${inlineCode(e.name)} — ${escapeInline(e.message)}`).join('\n'));
  }
  if (report.target.compareTo) body.push(comparison(testCase));
  if (outcome && parts.answer && outcome.state === 'COMPLETE') {
    const label = report.target.compareTo ? '**Answer on the branch:**' : '**Answer:**';
    body.push(label, answerBlock(outcome, style));
    if (parts.tables) body.push(...queryBlocks(outcome, style));
    const shared = testCase.shared?.outcome;
    if (shared?.state === 'COMPLETE' && testCase.diff?.answer.status === 'changed') {
      body.push(details('Answer on the shared model', answerBlock(shared, style)));
    }
  }
  const links: string[] = [];
  if (outcome?.omniChatUrl) links.push(link('Open in Omni', outcome.omniChatUrl));
  if (testCase.shared?.outcome?.omniChatUrl) links.push(link('shared model in Omni', testCase.shared.outcome.omniChatUrl));
  if (links.length > 0) body.push(links.join(' · '));
  return details(caseTitle(testCase), body.join('\n\n'));
}

function caseTitle(testCase: CaseReport): string {
  const mark = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' }[testCase.status];
  const failed = testCase.expectations.filter((e) => !e.passed).length;
  const parts = [`${mark} ${testCase.id}`];
  if (testCase.status === 'failed') parts.push(`${failed} of ${testCase.expectations.length} expectations failed`);
  if (testCase.status === 'error') parts.push('the job could not be created');
  if (testCase.diff?.changed) parts.push('🔄 changed vs shared');
  return parts.join(' — ');
}

function runProblem(what: string, run: RunRecord): string {
  if (run.error) return `**${what} could not run:** ${escapeInline(run.error.slice(0, 1_000))}`;
  return `**${what} was not run:** ${escapeInline(run.skipped ?? 'unknown reason')}`;
}

function comparison(testCase: CaseReport): string {
  const diff = testCase.diff;
  if (!diff) {
    const shared = testCase.shared;
    return shared && !shared.outcome ? runProblem('The shared-model run', shared) : '_Not compared with the shared model._';
  }
  if (!diff.changed) {
    if (diff.answer.status === 'unknown') return `**Compared with the shared model:** ${escapeInline(diff.query.detail)}`;
    if (diff.answer.status === 'reworded') return `**Compared with the shared model:** same queries and data; the answer is ${escapeInline(diff.answer.detail)}.`;
    return '**Compared with the shared model:** no change in answer, queries or data.';
  }
  const lines = ['**Compared with the shared model:**'];
  if (diff.state.changed) lines.push(`- State: ${diff.state.shared} → ${diff.state.branch}`);
  const line = (name: string, change: Change) => {
    if (change.status === 'same') lines.push(`- ${name}: same${change.detail ? ` (${escapeInline(change.detail)})` : ''}`);
    else lines.push(`- ${name}: ${change.status === 'changed' ? '🔄 ' : ''}${escapeInline(change.detail)}`);
  };
  line('Answer', diff.answer);
  line('Query', diff.query);
  line('Data', diff.data);
  return lines.join('\n');
}

function answerBlock(outcome: Outcome, style: Style): string {
  return answerMarkdown(answerText(outcome), style.answerSize, style.measure, '_The answer was cut here; the whole answer is in Omni and in the result file._').markdown;
}

function queryBlocks(outcome: Outcome, style: Style): string[] {
  const queries = outcome.state === 'COMPLETE' ? (outcome.result?.queries ?? []) : [];
  return queries.map((query, index) => {
    const body = [queryStatusLine(query)];
    const fields = queryFields(query, 10);
    if (fields) body.push(fields);
    body.push(queryTable(query, { maxRows: style.tableRows, maxColumns: 12, maxCellChars: 100 }));
    return details(`${queryTitle(query, index)} · ${plural(query.totalRowCount, 'row')}`, body.join('\n\n'));
  });
}
