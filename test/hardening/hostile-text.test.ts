/**
 * Hostile text from the AI (answer, progress, query names, fields, CSV data, errors) and from the
 * prompt, through dist/index.js into the job summary, the PR comment and the log: no one is
 * notified, no HTML or forged marker survives, tables and <details> stay intact, right-to-left
 * overrides and binary junk are gone, sizes stay under GitHub's limits. Snapshots show the result.
 */
import { describe, expect, it } from 'vitest';
import { CommentMaxChars, SummaryMaxBytes } from '../../src/render/budget.js';
import { commentMarker } from '../../src/github/marker.js';
import { hazards, readMarkdown } from '../render/commonmark-check.js';
import { renderProblems } from '../render/gfm-check.js';
import { ActionsBot } from '../support/github-standin.js';
import { inputs, runStep, withServices, workspace, type Services, type StepRun } from './support/e2e.js';
import { startOmniFront, type SeenRequest } from './support/omni-front.js';


const Key = 'hardening-hostile';
const Marker = commentMarker(Key);

const HostileAnswer = [
  '### Top products @octocat @acme/security-team, cc someone@example.com and acme/models#1 #2',
  '',
  `${Marker}`,
  '<!-- omni-ai-job:another-key -->',
  '</details></details><details open><summary>click me</summary>',
  '<img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">link</a>',
  '&#64;octocat &lt;b&gt; &#x3C;script&#x3E;',
  'Right-to-left: \u202Eevil.exe\u202C and \u2066isolate\u2069 and \u200Fmark',
  'Controls: a\u0000b\u0007c\u001bd',
  '| Product | Revenue |',
  '|---|---|',
  '| a \\| b | `x | y` |',
  '| line one',
  'line two |',
  '[click](javascript:alert(1)) [ok](https://example.com/@octocat)',
  '```',
  'a fence left open @octocat',
].join('\n');

const HostileQueryName = '</summary></details><details open><summary>@octocat <!-- omni-ai-job:hardening-hostile -->';
const HostileCsv = [
  'Name|x,"multi\nline @octocat",<b>bold</b>',
  '"a|b","c\r\nd","\u202Eevil"',
  '"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010","binary","#1"',
  'only-one-cell',
  'one,two,three,four,five',
].join('\n');
const HostileProgress = 'Working\n::warning::forged by the AI\n::set-output name=state::COMPLETE\n::add-mask::Top';
const HostilePrompt = 'top 5 products by revenue @octocat <!-- omni-ai-job:hardening-hostile --> </details> \u202Eevil #3';

function rewriteHostile(request: SeenRequest, body: unknown, size: 'small' | 'huge'): unknown {
  const doc = body as Record<string, unknown>;
  const answer = size === 'huge' ? Array.from({ length: 2_000 }, () => HostileAnswer.replace('```', '`')).join('\n\n') : HostileAnswer;
  if (request.route === 'getJob') {
    if (doc.progress) (doc.progress as { message: string }).message = HostileProgress;
    if (typeof doc.resultSummary === 'string') doc.resultSummary = answer;
    if (doc.error) doc.error = { message: HostileAnswer, code: HostileQueryName, detail: HostileAnswer };
  }
  if (request.route === 'getResult') {
    doc.message = answer;
    doc.resultSummary = answer;
    const result = (doc.actions as { result?: Record<string, unknown> }[]).find((action) => action.result)?.result;
    if (result) {
      result.queryName = HostileQueryName;
      const rows = size === 'huge' ? Array.from({ length: 20_000 }, (_, i) => `"@user${i} <b>|</b>",${i},"\u202E${i}"`) : [];
      result.csvResult = [HostileCsv, ...rows].join('\n');
      result.totalRowCount = 4 + rows.length;
      (result.query as { fields: string[] }).fields = ['@octocat', '<script>', 'a|b', '`tick`'];
    }
  }
  return body;
}

/** Hazards in what we render, ignoring our own markup: the marker line, <details>/<summary> and link URLs. */
function reportHazards(markdown: string): string[] {
  const ours = markdown
    .replace(new RegExp(`^${Marker}$`, 'm'), '')
    .replace(/<details( open)?><summary>|<\/summary>|<\/details>/g, '')
    .replace(/\]\(https?:\/\/[^)\s]+\)/g, '](url)');
  return hazards(ours);
}

/** Every table row has as many cells as its header. */
function raggedTables(markdown: string): string[] {
  const lines = markdown.split('\n');
  const problems: string[] = [];
  const cells = (line: string) => line.split(/(?<!\\)\|/).length;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^\|( ---:? \|)+$/.test(lines[i + 1]!)) continue;
    const width = cells(lines[i]!);
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      if (cells(lines[j]!) !== width) problems.push(lines[j]!);
    }
  }
  return problems;
}

async function expectHarmless(markdown: string, kind: 'comment' | 'summary'): Promise<void> {
  expect(reportHazards(markdown)).toEqual([]);
  // As GitHub renders it: no raw HTML but our details, working links, right-aligned numbers,
  // tables whole, no escapes on show, charts Mermaid reads as we meant them.
  // (The hostile text itself holds "a \\| b", which is shown as written.)
  const shownAsWritten = (problem: string) => problem.startsWith('escape shown literally') && /\\\|/.test(problem);
  expect((await renderProblems(markdown)).filter((problem) => !shownAsWritten(problem))).toEqual([]);
  expect(raggedTables(markdown)).toEqual([]);
  // Link destinations the AI wrote are left to GitHub's sanitiser (it drops javascript: and the
  // like); no raw HTML can carry one (hazards above), and the links we write are http(s) only.
  for (const link of markdown.matchAll(/\[(Open the conversation in Omni|Workflow run)\]\(([^)]*)\)/g)) expect(link[2]).toMatch(/^https:\/\//);
  // eslint-disable-next-line no-control-regex
  expect(markdown).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
  const outside = readMarkdown(markdown).outside.join('\n');
  expect(outside.match(/(?<!\\)<details/g)?.length ?? 0).toBe(outside.match(/(?<!\\)<\/details>/g)?.length ?? 0);
  // The marker is our comment's first line; anywhere else (escaped, or in code) it is only text,
  // which the hazards above confirm: no HTML comment survives outside code.
  if (kind === 'comment') {
    expect(markdown.split('\n')[0]).toBe(Marker);
    expect(markdown.length).toBeLessThanOrEqual(CommentMaxChars);
  } else {
    expect(markdown.startsWith('<!--')).toBe(false);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SummaryMaxBytes);
  }
}

/** The log: AI text stays on one line, so none of it can be read as a workflow command. */
function expectNoForgedCommands(run: StepRun): void {
  const lines = run.stdout.split('\n');
  expect(lines.some((line) => /^EXECUTING \(iteration 1: Working ::warning::forged by the AI ::set-output/.test(line))).toBe(true);
  const commands = lines.filter((line) => line.startsWith('::'));
  expect(commands.filter((line) => /forged|set-output|::add-mask::Top/.test(line))).toEqual([]);
}

/** Long enough in EXECUTING for the first poll to see the (hostile) progress message. */
const SeenExecuting = { emulator: { timings: { queuedMs: 10, iterationMs: 3_800, iterations: 1, deliveringMs: 10 } } };

/** Run-specific values (ids, times, paths) replaced, for snapshots. */
function stable(markdown: string): string {
  return markdown
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/g, '<time>')
    .replace(/\*\*Waited:\*\* [^\n]+/g, '**Waited:** <duration>')
    .replace(/`[^`\n]*omni-ai-job-e2e-[^`\n]*`/g, '`<resultFile>`');
}

async function hostileRun(services: Services, size: 'small' | 'huge', pullRequest: number) {
  const front = await startOmniFront({
    target: services.emulator.url,
    rewrite: (request, body) => rewriteHostile(request, body, size),
    // The prompt goes to the PR comment as typed; Omni gets one its AI understands.
    rewriteRequest: (request) => (request.route === 'createJob' ? request.rawBody.replace(JSON.stringify(HostilePrompt), '"top 5 products by revenue"') : undefined),
  });
  try {
    // Someone forged our marker in a comment of their own: it is neither adopted nor touched.
    services.github.seed({ owner: 'acme', repo: 'models', issueNumber: pullRequest, body: `${Marker}\nforged by a person`, user: { login: 'mallory', type: 'User' } });
    const place = await workspace(services.github, { name: 'pull_request', number: pullRequest });
    const run = await runStep(place, await inputs(services.emulator, { omniUrl: front.url, prompt: HostilePrompt, commentKey: Key }));
    const comments = services.github.commentsOn(pullRequest, 'acme', 'models');
    expect(comments.map((comment) => comment.user.login)).toEqual(['mallory', ActionsBot.login]);
    expect(comments[0]!.body).toBe(`${Marker}\nforged by a person`);
    return { run, comment: comments[1]!.body };
  } finally {
    await front.close();
  }
}

describe.concurrent('hostile text end to end', () => {
  it('a COMPLETE answer full of hostile text', ({ expect }) =>
    withServices(async (services) => {
      const { run, comment } = await hostileRun(services, 'small', 51);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.state).toBe('COMPLETE');
      await expectHarmless(comment, 'comment');
      await expectHarmless(run.summary, 'summary');
      expectNoForgedCommands(run);
      expect(run.summary).toContain('_(binary data)_');
      // Readable still: the words are there, only their power is gone.
      expect(comment).toMatch(/@\u2060octocat/);
      expect(comment).toContain('Top products');
      await expect(stable(comment)).toMatchFileSnapshot('__snapshots__/hostile-complete-comment.md');
      await expect(stable(run.summary)).toMatchFileSnapshot('__snapshots__/hostile-complete-summary.md');
    }, SeenExecuting));

  it('a FAILED job whose error is hostile text', ({ expect }) =>
    withServices(async (services) => {
      services.emulator.script({ fail: { message: 'placeholder', code: 'X', detail: 'y' } });
      const { run, comment } = await hostileRun(services, 'small', 52);
      expect(run.exitCode).toBe(1);
      expect(run.outputs.state).toBe('FAILED');
      await expectHarmless(comment, 'comment');
      await expectHarmless(run.summary, 'summary');
      expectNoForgedCommands(run);
      // The step's error is one line, whatever the AI wrote.
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      await expect(stable(comment)).toMatchFileSnapshot('__snapshots__/hostile-failed-comment.md');
      await expect(stable(run.summary)).toMatchFileSnapshot('__snapshots__/hostile-failed-summary.md');
    }, SeenExecuting));

  it('a huge hostile answer (2,000 copies) and 20,000 hostile CSV rows stay within GitHub limits', () =>
    withServices(async (services) => {
      const { run, comment } = await hostileRun(services, 'huge', 53);
      expect(run.exitCode).toBe(0);
      await expectHarmless(comment, 'comment');
      await expectHarmless(run.summary, 'summary');
      expect(comment).toContain('The answer was cut to fit in a comment');
      expect(run.summary).toContain('The answer was cut to fit in the job summary');
      expect(run.summary).toContain('first 50 rows of 20,004');
    }));
});
