/**
 * The suite report as markdown: the sticky PR comment (a table of cases, failing and changed
 * cases folded below it) and the job summary (everything). Pure; within GitHub's limits.
 */
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { queriesOf, queryData } from '../suite/cells.js';
import type { Change, TableChange } from '../suite/compare.js';
import type { CaseReport, RunRecord, SuiteReport } from '../suite/report.js';
import { CommentSize, fitToBudget, sizeWithin, SummarySize, type ReportSize, type Section } from './budget.js';
import { escapeInline, escapeTableCell, inlineCode, markdownTable } from './markdown.js';
import {
  answerMarkdown,
  answerText,
  compareChart,
  details,
  link,
  mainQueryIndex,
  promptQuote,
  queryChart,
  queryFields,
  queryRows,
  queryTable,
  queryTitle,
  stateExplanation,
  type ReportContext,
} from './parts.js';
import { truncateText } from '../lib/text.js';
import { formatCount, formatDuration, plural } from './text.js';

interface Style {
  size: ReportSize;
  /** Case details: every case (summary) or only failing and changed ones (comment). */
  allDetails: boolean;
  promptChars: number;
  answerSize: number;
  /** Data rows per query in the details; 0 = no data tables. */
  tableRows: number;
  heading: string;
}

const CommentStyle: Style = { size: CommentSize, allDetails: false, promptChars: 500, answerSize: 1_500, tableRows: 0, heading: '###' };
const SummaryStyle: Style = { size: SummarySize, allDetails: true, promptChars: 2_000, answerSize: 6_000, tableRows: 10, heading: '##' };
/** Changed cells listed per result table, and result tables per case. */
const ChangeRowsMax = 20;
const ChangeTablesMax = 3;
/** The change column's headline: what a reviewer scans. */
const HeadlineMaxChars = 70;

/** The sticky PR comment, leaving room for the marker the GitHub writer adds. */
export function renderSuiteComment(report: SuiteReport, ctx: ReportContext): string {
  return render(report, ctx, { ...CommentStyle, size: sizeWithin(CommentSize, ctx.budget) });
}

/** The job summary: every case in detail, under 1 MiB. */
export function renderSuiteSummary(report: SuiteReport, ctx: ReportContext): string {
  const style = { ...SummaryStyle, size: sizeWithin(SummarySize, ctx.budget), tableRows: ctx.maxTableRows ?? SummaryStyle.tableRows };
  return render(report, ctx, style);
}

function render(report: SuiteReport, ctx: ReportContext, style: Style): string {
  const title = `${style.heading} Omni AI suite · ${headline(report)}`;
  const sections: Section[] = [
    { text: title, required: true },
    { text: scope(report, ctx), required: true },
  ];
  sections.push(tableSection(report, style));
  const shown = report.cases.filter((c) => style.allDetails || isNotable(c));
  for (const testCase of shown) sections.push(caseSection(report, testCase, style));
  if (!style.allDetails && shown.length < report.cases.length) {
    sections.push({ text: `_${foldedCases(report.cases.filter((c) => !shown.includes(c)))}; ${summaryPlace(ctx)} has every answer._`, required: true });
  }
  sections.push({ text: details('Details', facts(report, ctx)), required: true });
  const { text } = fitToBudget(
    sections,
    style.size,
    (omitted, shrunk) =>
      `_Not everything fit here (${[omitted > 0 ? `${plural(omitted, 'part')} left out` : '', shrunk > 0 ? `${shrunk} shortened` : ''].filter(Boolean).join(', ')}): ${summaryPlace(ctx)} and the JSON report (\`suite-report.json\`, beside the JUnit \`reportFile\`) hold the rest._`,
  );
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

/** One short line under the title: what ran where; ids and files are in the details. */
function scope(report: SuiteReport, ctx: ReportContext): string {
  const { target } = report;
  const where = target.branchName ? `branch ${inlineCode(truncateText(target.branchName, 100))}` : target.branchId ? 'a branch' : 'the shared model';
  const parts = [`${plural(report.totals.cases, 'case')} on ${where}${target.compareTo ? ', compared with the shared model' : ''}`];
  if (report.shard) parts.push(`shard ${report.shard.index}/${report.shard.total}`);
  if (report.mergedShards) parts.push(`${report.mergedShards} matrix legs`);
  parts.push(formatDuration(report.durationMs));
  if (ctx.runUrl) parts.push(link('Workflow run', ctx.runUrl));
  return parts.join(' · ');
}

function facts(report: SuiteReport, ctx: ReportContext): string {
  const { target } = report;
  const code = (value: string) => inlineCode(truncateText(value, 200));
  const model = ctx.modelLabel ? `${escapeInline(truncateText(ctx.modelLabel, 200))} (${code(target.modelId)})` : code(target.modelId);
  let branch = 'shared model';
  if (target.branchName && target.branchId) branch = `${code(target.branchName)} (${code(target.branchId)})`;
  else if (target.branchName ?? target.branchId) branch = code((target.branchName ?? target.branchId)!);
  const items = [`- **Model:** ${model}`, `- **Branch:** ${branch}`];
  if (target.compareTo) items.push('- **Compared with:** the shared model');
  items.push(`- **Prompts file:** ${code(shownPath(report.suite.file))}`);
  if (report.shard) items.push(`- **Shard:** ${report.shard.index} of ${report.shard.total}`);
  if (report.mergedShards) items.push(`- **Matrix legs merged:** ${report.mergedShards}`);
  items.push(`- **Took:** ${formatDuration(report.durationMs)}`);
  return items.join('\n');
}

/** A path as readers can use it: relative as given; an absolute one is the runner's, so its name only. */
function shownPath(file: string): string {
  return /^(?:\/|[A-Za-z]:[\\/]|\$)/.test(file) ? (file.split(/[\\/]/).pop() ?? file) : file;
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
  const header = compare ? '| Case | Result | Change vs shared |\n| --- | --- | --- |' : '| Case | Result |\n| --- | --- |';
  const rows = report.cases.map((testCase) => tableRow(testCase, compare));
  const full = [header, ...rows].join('\n');
  return {
    text: full,
    shrink: (room) => {
      // Failing and changed cases first: they are what the reader needs.
      const notable = report.cases.map((c, i) => ({ c, row: rows[i]! })).filter(({ c }) => isNotable(c));
      const kept: string[] = [header];
      let size = style.size.measure(header);
      for (const { row } of notable) {
        const grow = style.size.measure(row) + 1;
        if (size + grow > room - 120) break;
        kept.push(row);
        size += grow;
      }
      const left = report.cases.length - (kept.length - 1);
      const text = `${kept.join('\n')}\n\n_${plural(left, 'more case')} not listed here._`;
      return style.size.measure(text) <= room ? text : '';
    },
  };
}

function tableRow(testCase: CaseReport, compare: boolean): string {
  const cells = [inlineCode(testCase.id, { table: true }), resultCell(testCase)];
  if (compare) cells.push(changeCell(testCase));
  return `| ${cells.join(' | ')} |`;
}

const StateWords = { FAILED: 'job failed', TIMEOUT: 'timed out', CANCELLED: 'cancelled', COMPLETE: 'complete' } as const;

/** The verdict in a few words: passed, which expectations failed, or what kept the case from running. */
function resultCell(testCase: CaseReport): string {
  const outcome = testCase.run.outcome;
  switch (testCase.status) {
    case 'passed':
      return '✅ passed';
    case 'failed':
      if (outcome && outcome.state !== 'COMPLETE' && testCase.expectations.some((e) => !e.passed && e.name.startsWith('state'))) return `❌ ${StateWords[outcome.state]}`;
      return `❌ ${failedCount(testCase)}`;
    case 'error':
      return '⚠️ not created';
    case 'skipped':
      return outcome ? `⏭️ ${StateWords[outcome.state]}, not judged` : '⏭️ not run';
  }
}

/** "1 of 3 expectations failed", "the expectation failed". */
function failedCount(testCase: CaseReport): string {
  const total = testCase.expectations.length;
  const failed = testCase.expectations.filter((e) => !e.passed).length;
  if (total === 1) return 'the expectation failed';
  return `${failed} of ${total} expectations failed`;
}

function changeCell(testCase: CaseReport): string {
  const diff = testCase.diff;
  if (!diff) {
    const shared = testCase.shared;
    if (shared && !shared.outcome) return `— shared ${shared.error ? 'not created' : 'not run'}`;
    return '—';
  }
  if (!diff.changed) {
    if (diff.answer.status === 'unknown') return '— not compared';
    return diff.answer.status === 'reworded' ? '= same data, reworded' : '= same';
  }
  return `🔄 ${escapeTableCell(diff.summary, HeadlineMaxChars)}`;
}

// --- Case details ------------------------------------------------------------------------

function caseSection(report: SuiteReport, testCase: CaseReport, style: Style): Section {
  const full = caseDetails(report, testCase, style, { answer: true, tables: style.tableRows > 0 });
  return {
    text: full,
    shrink: (room) => {
      for (const parts of [{ answer: true, tables: false }, { answer: false, tables: false }]) {
        const smaller = caseDetails(report, testCase, style, parts);
        if (style.size.measure(smaller) <= room) return smaller;
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
    body.push(testCase.expectations.map((e) => `- ${e.passed ? '✅' : '❌'} ${inlineCode(e.name)} — ${escapeInline(expectationMessage(e, outcome))}`).join('\n'));
  }
  if (report.target.compareTo) body.push(...comparison(testCase, !parts.tables));
  if (outcome && parts.answer && outcome.state === 'COMPLETE') {
    const label = report.target.compareTo ? '**Answer on the branch:**' : '**Answer:**';
    body.push(label, answerBlock(outcome, style));
    if (parts.tables) body.push(...queryBlocks(outcome, style, testCase.shared?.outcome));
    const shared = testCase.shared?.outcome;
    if (shared?.state === 'COMPLETE' && testCase.diff?.answer.status === 'changed') {
      body.push(details('Answer on the shared model', answerBlock(shared, style)));
    }
  }
  const links: string[] = [];
  if (outcome?.omniChatUrl) links.push(link('Open in Omni', outcome.omniChatUrl));
  if (testCase.shared?.outcome?.omniChatUrl) links.push(link('shared model in Omni', testCase.shared.outcome.omniChatUrl));
  if (outcome?.jobId) links.push(`job ${inlineCode(outcome.jobId)}`);
  if (links.length > 0) body.push(links.join(' · '));
  return details(caseTitle(testCase), body.join('\n\n'));
}

/** The state expectation repeats Omni's error, which the explanation above already shows. */
function expectationMessage(result: CaseReport['expectations'][number], outcome: Outcome | undefined): string {
  if (!result.passed && outcome?.state === 'FAILED' && result.name.startsWith('state')) return result.message.split(': ')[0] ?? result.message;
  return result.message;
}

function caseTitle(testCase: CaseReport): string {
  const mark = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' }[testCase.status];
  const parts = [`${mark} ${testCase.id}`];
  if (testCase.status === 'failed') parts.push(failedCount(testCase));
  if (testCase.status === 'error') parts.push('the job could not be created');
  if (testCase.diff?.changed) parts.push('🔄 changed vs shared');
  return parts.join(' — ');
}

function runProblem(what: string, run: RunRecord): string {
  if (run.error) return `**${what} could not run:** ${escapeInline(truncateText(run.error, 1_000))}`;
  return `**${what} was not run:** ${escapeInline(run.skipped ?? 'unknown reason')}`;
}

function comparison(testCase: CaseReport, withChart: boolean): string[] {
  const diff = testCase.diff;
  if (!diff) {
    const shared = testCase.shared;
    return [shared && !shared.outcome ? runProblem('The shared-model run', shared) : '_Not compared with the shared model._'];
  }
  if (!diff.changed) {
    if (diff.answer.status === 'unknown') return [`**Compared with the shared model:** ${escapeInline(diff.query.detail)}`];
    if (diff.answer.status === 'reworded') return [`**Compared with the shared model:** same queries and data; the answer is ${escapeInline(diff.answer.detail)}.`];
    return ['**Compared with the shared model:** no change in answer, queries or data.'];
  }
  const lines = ['**Compared with the shared model:**'];
  if (diff.state.changed) lines.push(`- State: ${diff.state.shared} → ${diff.state.branch}`);
  const line = (name: string, change: Change, detail = change.detail) => {
    if (change.status === 'same') lines.push(`- ${name}: same${change.detail ? ` (${escapeInline(change.detail)})` : ''}`);
    else lines.push(`- ${name}: ${change.status === 'changed' ? '🔄 ' : ''}${escapeInline(detail)}`);
  };
  const tables = dataChangeTables(testCase, withChart ? compareChartOf(testCase) : '');
  line('Answer', diff.answer);
  line('Query', diff.query);
  line('Data', diff.data, tables.length > 0 ? diff.data.headline : diff.data.detail);
  return [lines.join('\n'), ...tables];
}

// --- What changed in the data, cell by cell ----------------------------------------------

/** Row, column, shared, branch, Δ, Δ%: each changed result table as a small table, folded. */
function dataChangeTables(testCase: CaseReport, chart: string): string[] {
  const diff = testCase.diff;
  if (!diff || diff.data.status !== 'changed') return [];
  const branchQueries = testCase.run.outcome ? queriesOf(testCase.run.outcome) : [];
  return diff.data.tables.slice(0, ChangeTablesMax).map((table, k) => {
    const body: string[] = [];
    const notes: string[] = [];
    if (table.rowCount) notes.push(`${formatCount(table.rowCount.shared)} → ${formatCount(table.rowCount.branch)} rows`);
    if (table.rowsAdded.length > 0) notes.push(`only on the branch: ${table.rowsAdded.map((r) => escapeInline(truncateText(r, 40))).join(', ')}`);
    if (table.rowsRemoved.length > 0) notes.push(`only on the shared model: ${table.rowsRemoved.map((r) => escapeInline(truncateText(r, 40))).join(', ')}`);
    if (table.columnsAdded.length > 0) notes.push(`new columns: ${table.columnsAdded.map((c) => escapeInline(truncateText(c, 40))).join(', ')}`);
    if (table.columnsRemoved.length > 0) notes.push(`columns gone: ${table.columnsRemoved.map((c) => escapeInline(truncateText(c, 40))).join(', ')}`);
    if (notes.length > 0) body.push(`${notes.join('; ')}.`);
    if (k === 0 && chart) body.push(chart);
    if (table.cells.length > 0) body.push(cellTable(table, branchQueries[table.query - 1]));
    const changes = table.cells.length + table.rowsAdded.length + table.rowsRemoved.length;
    const what = changes > 0 ? plural(changes, 'change') : 'changed';
    return details(`Data of ${truncateText(table.name, 80)}: shared model → branch (${what})`, body.join('\n\n'));
  });
}

function cellTable(table: TableChange, query: QueryDigest | undefined): string {
  const cells = table.cells;
  const rowHeader = table.matchedBy === 'key' && query ? (queryData(query).header[0] ?? 'row') : 'row';
  const oneColumn = cells.every((c) => c.column === cells[0]!.column);
  const header = oneColumn ? [rowHeader, `${cells[0]!.column}: shared`, 'branch', 'Δ', 'Δ%'] : [rowHeader, 'column', 'shared', 'branch', 'Δ', 'Δ%'];
  const rows = cells.slice(0, ChangeRowsMax).map((c) => {
    const change = [c.shared || '(empty)', c.branch || '(empty)', signed(c.delta, Math.max(decimalsOf(c.shared), decimalsOf(c.branch))), c.deltaPercent === undefined ? '—' : `${signed(c.deltaPercent, 1)}%`];
    return oneColumn ? [c.row, ...change] : [c.row, c.column, ...change];
  });
  const markdown = markdownTable(header, rows, { maxCellChars: 60 });
  const more = cells.length - rows.length;
  return more > 0 ? `${markdown}\n\n_And ${plural(more, 'more changed cell')}._` : markdown;
}

/** "+1,234.50", "−3.0": a sign always, the decimals the data shows. */
function signed(value: number | undefined, decimals: number): string {
  if (value === undefined) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}

function decimalsOf(cell: string): number {
  return /\.(\d+)/.exec(cell)?.[1]?.length ?? 0;
}

/** The main queries of both sides, when both answers rest on one. */
function mainQueries(testCase: CaseReport): { branch: QueryDigest; shared: QueryDigest } | undefined {
  const branchOutcome = testCase.run.outcome;
  const sharedOutcome = testCase.shared?.outcome;
  if (!branchOutcome || !sharedOutcome) return undefined;
  const b = queriesOf(branchOutcome);
  const s = queriesOf(sharedOutcome);
  const branch = b[mainQueryIndex(b)];
  const shared = s[mainQueryIndex(s)];
  return branch && shared ? { branch, shared } : undefined;
}

function compareChartOf(testCase: CaseReport): string {
  const main = mainQueries(testCase);
  return main ? compareChart(main.branch, main.shared) : '';
}

function answerBlock(outcome: Outcome, style: Style): string {
  return answerMarkdown(answerText(outcome), style.answerSize, style.size.measure, '_The answer was cut here; the whole answer is in Omni and in the result file._').markdown;
}

/** The branch's queries with their data; the one the answer rests on with a chart (against the shared model's when compared). */
function queryBlocks(outcome: Outcome, style: Style, shared?: Outcome): string[] {
  const queries = queriesOf(outcome);
  const main = mainQueryIndex(queries);
  const sharedQueries = shared ? queriesOf(shared) : [];
  const sharedMain = sharedQueries[mainQueryIndex(sharedQueries)];
  return queries.map((query, index) => {
    const body: string[] = [];
    const fields = queryFields(query, 10);
    if (fields) body.push(fields);
    if (index === main) {
      const chart = (sharedMain && compareChart(query, sharedMain)) || queryChart(query);
      if (chart) body.push(chart);
    }
    body.push(queryTable(query, { maxRows: style.tableRows, maxColumns: 12, maxCellChars: 100 }).markdown);
    return details(`${query.status === 'success' ? '' : '❌ '}${queryTitle(query, index)} · ${queryRows(query)}`, body.join('\n\n'));
  });
}
