/**
 * The suite report as JUnit XML, for test reporters (dorny/test-reporter,
 * mikepenz/action-junit-report, …): one testcase per case, failures listing the expectations
 * that failed, `file`/`line` pointing at the case in the prompts file. Pure.
 */
import type { CaseReport, SuiteReport } from '../suite/report.js';

const OutputMaxChars = 4_000;

export function renderJunit(report: SuiteReport): string {
  const { totals } = report;
  const suiteName = report.shard ? `${report.suite.file} (shard ${report.shard.index}/${report.shard.total})` : report.suite.file;
  const seconds = formatSeconds(report.durationMs);
  const counts = `tests="${totals.cases}" failures="${totals.failed}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Omni AI Job" ${counts}>`,
    `  <testsuite name="${attr(suiteName)}" ${counts} timestamp="${attr(report.startedAt.replace(/\.\d+Z$/, ''))}">`,
    '    <properties>',
    ...properties(report).map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...report.cases.flatMap((testCase) => testcase(report, testCase)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

function properties(report: SuiteReport): [string, string][] {
  const props: [string, string][] = [['modelId', report.target.modelId]];
  if (report.target.branchName) props.push(['branchName', report.target.branchName]);
  if (report.target.branchId) props.push(['branchId', report.target.branchId]);
  if (report.target.compareTo) props.push(['compareTo', report.target.compareTo]);
  if (report.shard) props.push(['shard', `${report.shard.index}/${report.shard.total}`]);
  if (report.mergedShards) props.push(['mergedShards', String(report.mergedShards)]);
  props.push(['requestsPerMinute', String(report.requestsPerMinute)]);
  return props;
}

function testcase(report: SuiteReport, testCase: CaseReport): string[] {
  const outcome = testCase.run.outcome;
  const time = formatSeconds(outcome?.timings.waitedMs ?? 0);
  const open = `    <testcase name="${attr(testCase.id)}" classname="${attr(report.suite.file)}" time="${time}" file="${attr(report.suite.file)}" line="${testCase.line}">`;
  const body: string[] = [];
  const failed = testCase.expectations.filter((e) => !e.passed);
  switch (testCase.status) {
    case 'failed': {
      const message = `${failed.length} of ${testCase.expectations.length} expectations failed: ${failed.map((e) => e.name).join(', ')}`;
      const detail = failed.map((e) => `${e.name}: ${e.message}`).join('\n');
      body.push(`      <failure message="${attr(message)}" type="ExpectationFailed">${text(detail)}</failure>`);
      break;
    }
    case 'error':
      body.push(`      <error message="${attr(testCase.run.error ?? 'the job could not run')}" type="JobNotCreated"/>`);
      break;
    case 'skipped':
      body.push(`      <skipped message="${attr(testCase.note ?? testCase.run.skipped ?? 'not run')}"/>`);
      break;
    case 'passed':
      break;
  }
  const out = systemOut(testCase);
  if (out) body.push(`      <system-out>${text(out)}</system-out>`);
  return body.length === 0 ? [open.replace(/>$/, '/>')] : [open, ...body, '    </testcase>'];
}

function systemOut(testCase: CaseReport): string {
  const outcome = testCase.run.outcome;
  const lines: string[] = [`Prompt: ${testCase.prompt}`];
  if (outcome) {
    lines.push(`State: ${outcome.state}`, `Job: ${outcome.jobId}`);
    if (outcome.omniChatUrl) lines.push(`Chat: ${outcome.omniChatUrl}`);
  }
  if (testCase.diff?.changed) lines.push(`Changed vs shared: ${testCase.diff.summary}`);
  for (const result of testCase.expectations) lines.push(`${result.passed ? 'PASS' : 'FAIL'} ${result.name}: ${result.message}`);
  if (outcome?.state === 'COMPLETE') lines.push('', outcome.resultSummary || outcome.result?.message || '');
  const all = lines.join('\n');
  return all.length > OutputMaxChars ? `${all.slice(0, OutputMaxChars - 1)}…` : all;
}

function formatSeconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF) are dropped. */
// eslint-disable-next-line no-control-regex
const NotXml = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function text(value: string): string {
  return value.replace(NotXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
