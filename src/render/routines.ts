/**
 * Routines as code, as markdown: the plan (or what an apply did) for the sticky PR comment and the
 * job summary. A table of every routine first, then each change folded: the prompt as a diff, the
 * schedule in words with its next runs in the routine's time zone, the recipients, the preview
 * answer. Pure; within GitHub's limits.
 */
import type { RoutineDestination } from '../omni/types.js';
import { lineDiff } from '../routines/line-diff.js';
import type { FieldName, RoutineFields } from '../routines/marker.js';
import type { PlanAction, PlannedRoutine, RoutinesPlan, ScheduleView } from '../routines/plan.js';
import { CommentSize, fitToBudget, sizeWithin, SummarySize, type ReportSize, type Section } from './budget.js';
import { codeBlock, escapeInline, inlineCode, markdownTable } from './markdown.js';
import { answerMarkdown, details, link } from './parts.js';
import { truncateText } from '../lib/text.js';
import { plural } from './text.js';

export interface RoutinesReport {
  plan: RoutinesPlan;
  /** plan: nothing was changed in Omni; apply: the plan's changes were made (see each routine's `applied`). */
  mode: 'plan' | 'apply';
  /** Why the run stopped before it could plan (Omni refused the listing, duplicate markers). */
  fatal?: string;
}

export interface RoutinesReportContext {
  runUrl?: string;
  /** The routines file on GitHub at this commit; routines link to their line in it. */
  fileUrl?: string;
  /** Size limit overriding the default (comment: characters, summary: UTF-8 bytes). */
  budget?: number;
}

interface Style {
  size: ReportSize;
  heading: string;
  /** Folded details for unchanged and kept routines too. */
  allDetails: boolean;
  promptLines: number;
  answerSize: number;
}

const CommentStyle: Style = { size: CommentSize, heading: '###', allDetails: false, promptLines: 60, answerSize: 3_000 };
const SummaryStyle: Style = { size: SummarySize, heading: '##', allDetails: true, promptLines: 400, answerSize: 20_000 };

const ActionBadge: Record<PlanAction, string> = {
  create: '➕ create',
  update: '✏️ update',
  replace: '♻️ replace',
  delete: '🗑️ delete',
  unchanged: '✅ unchanged',
  keep: '⏸️ kept',
  error: '❌ error',
};

const AppliedVerb: Partial<Record<PlanAction, string>> = { create: 'created', update: 'updated', replace: 'replaced', delete: 'deleted' };

/** The sticky PR comment, leaving room for the marker the GitHub writer adds. */
export function renderRoutinesComment(report: RoutinesReport, ctx: RoutinesReportContext): string {
  return render(report, ctx, { ...CommentStyle, size: sizeWithin(CommentSize, ctx.budget) });
}

/** The job summary: every routine in detail, under 1 MiB. */
export function renderRoutinesSummary(report: RoutinesReport, ctx: RoutinesReportContext): string {
  return render(report, ctx, { ...SummaryStyle, size: sizeWithin(SummarySize, ctx.budget) });
}

function render(report: RoutinesReport, ctx: RoutinesReportContext, style: Style): string {
  const { plan } = report;
  const sections: Section[] = [
    { text: `${style.heading} Omni routines · ${report.mode === 'apply' ? 'applied' : 'plan'} · ${inlineCode(truncateText(plan.file, 200))}`, required: true },
    { text: headline(report), required: true },
  ];
  if (report.fatal) sections.push({ text: `**❌ ${escapeInline(truncateText(report.fatal, 2_000))}**`, required: true });
  const notes = [...plan.warnings.map((w) => `- ⚠️ ${escapeInline(truncateText(w, 1_000))}`)];
  if (notes.length > 0) sections.push({ text: notes.join('\n'), required: true });
  if (plan.routines.length > 0) sections.push({ text: table(report, style), required: true });
  else if (!report.fatal) sections.push({ text: '_The file declares no routine, and Omni holds none of this stack._', required: true });

  const unchanged = plan.routines.filter((r) => r.action === 'unchanged');
  for (const routine of plan.routines) {
    if (!style.allDetails && (routine.action === 'unchanged' || routine.action === 'keep')) continue;
    sections.push(routineSection(routine, report.mode, ctx, style));
  }
  if (!style.allDetails && unchanged.length > 0) {
    sections.push({ text: `_${plural(unchanged.length, 'routine')} unchanged: ${unchanged.map((r) => inlineCode(r.key)).join(', ')}._`, required: true });
  }
  sections.push({ text: footer(report, ctx), required: true });

  const { text } = fitToBudget(
    sections,
    style.size,
    (omitted, shrunk) =>
      `_Not everything fit here (${[omitted > 0 ? `${omitted} routines' details left out` : '', shrunk > 0 ? `${shrunk} shortened` : ''].filter(Boolean).join(', ')}): the JSON plan (\`planFile\`)${
        ctx.runUrl ? ` and the job summary of the ${link('workflow run', ctx.runUrl)}` : ''
      } hold the rest._`,
  );
  return `${text}\n`;
}

function headline(report: RoutinesReport): string {
  const { plan } = report;
  const counts = plan.counts;
  const parts: string[] = [];
  if (report.mode === 'apply') {
    const done = (action: PlanAction) => plan.routines.filter((r) => r.action === action && r.applied?.status === 'applied').length;
    for (const action of ['create', 'update', 'replace', 'delete'] as const) {
      const n = done(action);
      if (n > 0) parts.push(`${n} ${AppliedVerb[action]}`);
    }
    const failed = plan.routines.filter((r) => r.applied?.status === 'failed').length;
    const skipped = plan.routines.filter((r) => r.applied?.status === 'skipped').length;
    if (failed > 0) parts.push(`❌ ${failed} failed`);
    if (skipped > 0) parts.push(`⏭️ ${skipped} not attempted`);
    if (parts.length === 0) parts.push(counts.changes === 0 && counts.error === 0 ? 'nothing to change: Omni matches the file' : 'no change made');
  } else {
    if (counts.create) parts.push(`${counts.create} to create`);
    if (counts.update) parts.push(`${counts.update} to update`);
    if (counts.replace) parts.push(`${counts.replace} to replace`);
    if (counts.delete) parts.push(`${counts.delete} to delete`);
    if (counts.error) parts.push(`❌ ${plural(counts.error, 'error')}`);
    if (parts.length === 0) parts.push('no changes: Omni matches the file');
  }
  if (counts.unchanged) parts.push(`${counts.unchanged} unchanged`);
  if (counts.keep) parts.push(`${counts.keep} no longer declared, kept`);
  const facts = [`**${parts.join(' · ')}**`, `stack ${inlineCode(truncateText(plan.stack, 200))}`, `prune ${plan.prune ? 'on' : 'off'}`];
  const untouched: string[] = [];
  if (plan.unmanaged > 0) untouched.push(`${plural(plan.unmanaged, 'routine')} not managed from a file`);
  const others = plan.otherStacks.reduce((sum, s) => sum + s.count, 0);
  if (others > 0) untouched.push(`${plural(others, 'routine')} of ${plural(plan.otherStacks.length, 'other stack')}`);
  const lines = [facts.join(' · ')];
  if (untouched.length > 0) lines.push(`_Left untouched: ${untouched.join(', ')}._`);
  if (report.mode === 'plan' && counts.changes > 0) lines.push('_This is a plan: nothing was changed in Omni. Applying it (`apply: true`, e.g. on the default branch) makes these changes._');
  return lines.join('\n\n');
}

function table(report: RoutinesReport, style: Style): string {
  const header = ['Routine', 'Name', report.mode === 'apply' ? 'Result' : 'Action', 'Changes', 'Schedule', 'Next run'];
  const rows = report.plan.routines
    .filter((r) => style.allDetails || r.action !== 'unchanged')
    .map((routine) => [
      routine.key,
      (routine.desired ?? routine.live?.fields)?.name ?? routine.declared?.name ?? '',
      report.mode === 'apply' ? resultText(routine) : `${ActionBadge[routine.action]}${routine.adopt ? ' (adopt)' : ''}${routine.warnings.length > 0 ? ' ⚠️' : ''}`,
      routine.action === 'error' ? (routine.error ?? '') : routine.changed.join(', '),
      routine.schedule ? `${routine.schedule.words} (${routine.schedule.timezone})` : '',
      routine.schedule?.nextRuns[0] ?? '',
    ]);
  return markdownTable(header, rows, { maxCellChars: 160 });
}

function resultText(routine: PlannedRoutine): string {
  const applied = routine.applied;
  if (!applied) return routine.action === 'unchanged' ? '✅ unchanged' : routine.action === 'keep' ? '⏸️ kept' : '—';
  if (applied.status === 'applied') return `✅ ${AppliedVerb[routine.action] ?? routine.action}`;
  if (applied.status === 'skipped') return `⏭️ not attempted${routine.action === 'error' ? ` (${routine.error ?? 'error'})` : ''}`;
  return `❌ ${routine.action} failed`;
}

function routineSection(routine: PlannedRoutine, mode: RoutinesReport['mode'], ctx: RoutinesReportContext, style: Style): Section {
  const title = `${mode === 'apply' ? resultText(routine) : ActionBadge[routine.action]} · ${routine.key}${routine.changed.length > 0 ? `: ${routine.changed.join(', ')}` : ''}`;
  const full = details(title, routineBody(routine, mode, ctx, style, { prompt: true, preview: true }));
  return {
    text: full,
    shrink: (room) => {
      for (const parts of [{ prompt: true, preview: false }, { prompt: false, preview: false }]) {
        const smaller = details(title, routineBody(routine, mode, ctx, style, parts));
        if (style.size.measure(smaller) <= room) return smaller;
      }
      return '';
    },
  };
}

function routineBody(
  routine: PlannedRoutine,
  mode: RoutinesReport['mode'],
  ctx: RoutinesReportContext,
  style: Style,
  parts: { prompt: boolean; preview: boolean },
): string {
  const blocks: string[] = [];
  const where = routine.declared ? ` · ${link(`line ${routine.declared.line} of the file`, ctx.fileUrl ? `${ctx.fileUrl}#L${routine.declared.line}` : undefined)}` : '';
  const id = routine.applied?.id ?? routine.live?.id;
  blocks.push(`**Key** ${inlineCode(routine.key)}${id ? ` · **Omni id** ${inlineCode(id)}` : ''}${where}`);
  if (routine.error) blocks.push(`**❌ ${escapeInline(truncateText(routine.error, 1_000))}**`);
  if (mode === 'apply' && routine.applied && routine.applied.status !== 'applied') {
    blocks.push(`**${routine.applied.status === 'failed' ? '❌ Failed' : '⏭️ Not attempted'}:** ${escapeInline(truncateText(routine.applied.message ?? '', 1_000))}`);
  }
  for (const warning of routine.warnings) blocks.push(`⚠️ ${escapeInline(truncateText(warning, 1_000))}`);

  const now = routine.desired ?? routine.live?.fields;
  const before = routine.live?.fields;
  if (now) {
    blocks.push(fieldLine('Name', now.name, before?.name, routine.changed.includes('name')));
    if (parts.prompt) blocks.push(promptBlock(now.prompt, routine.changed.includes('prompt') ? before?.prompt : undefined, style));
    if (routine.schedule) blocks.push(scheduleBlock(routine.schedule, routine.previousSchedule));
    blocks.push(`**Recipients:** ${recipients(now.destination)}${routine.changed.includes('destination') && before ? ` _(was: ${recipients(before.destination)})_` : ''}`);
    blocks.push(targetLine(now, before, routine.changed, routine.desired ? routine.declared?.branchName : undefined));
    if (now.description) blocks.push(fieldLine('Description', now.description, before?.description ?? undefined, routine.changed.includes('description')));
  }
  if (parts.preview && routine.preview) blocks.push(previewBlock(routine, style));
  return blocks.join('\n\n');
}

function fieldLine(label: string, value: string, before: string | undefined, changed: boolean): string {
  const shown = escapeInline(truncateText(value, 500));
  return changed && before !== undefined ? `**${label}:** ${shown} _(was: ${escapeInline(truncateText(before, 500))})_` : `**${label}:** ${shown}`;
}

/** The prompt, as a diff when it changed. */
function promptBlock(prompt: string, before: string | undefined, style: Style): string {
  if (before === undefined) return `**Prompt:**\n\n${codeBlock(cutLines(prompt.split('\n'), style.promptLines).join('\n'), 'text')}`;
  const lines = lineDiff(before, prompt).map((line) => `${line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '} ${line.text}`);
  return `**Prompt** (changed):\n\n${codeBlock(cutLines(lines, style.promptLines).join('\n'), 'diff')}`;
}

function cutLines(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines.map((line) => truncateText(line, 1_000));
  return [...lines.slice(0, max).map((line) => truncateText(line, 1_000)), `… ${lines.length - max} more lines`];
}

function scheduleBlock(schedule: ScheduleView, previous: ScheduleView | undefined): string {
  const written = schedule.convertedFrom ? ` (written ${inlineCode(schedule.convertedFrom)}, converted to Omni's six fields)` : '';
  const lines = [`**Schedule:** ${escapeInline(schedule.words)}, ${escapeInline(schedule.timezone)} · ${inlineCode(schedule.cron)}${written}`];
  lines.push(schedule.nextRuns.length > 0 ? `Next runs: ${schedule.nextRuns.map(escapeInline).join(' · ')}` : '_No run after now._');
  if (previous) lines.push(`_Was: ${escapeInline(previous.words)}, ${escapeInline(previous.timezone)} · ${inlineCode(previous.cron)}_`);
  return lines.join('  \n');
}

function recipients(destination: RoutineDestination): string {
  if (destination.type === 'slack') {
    return destination.slackRecipientType === 'channel' ? `Slack channel ${inlineCode(destination.recipientId)}` : `Slack direct message to ${inlineCode(destination.recipientId)}`;
  }
  const parts: string[] = [];
  const emails = destination.recipientEmails ?? [];
  const groups = destination.userGroupIds ?? [];
  if (emails.length > 0) parts.push(`e-mail to ${listed(emails.map((e) => escapeInline(e)), 20)}`);
  if (groups.length > 0) parts.push(`the members of user group${groups.length === 1 ? '' : 's'} ${listed(groups.map((g) => inlineCode(g)), 10)}`);
  return parts.join('; ') || '_nobody_';
}

function listed(items: string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const TargetFields: readonly [FieldName, string][] = [
  ['modelId', 'Model'],
  ['branchId', 'Branch'],
  ['topicName', 'Topic'],
];

function targetLine(now: RoutineFields, before: RoutineFields | undefined, changed: readonly FieldName[], branchName: string | undefined): string {
  const parts = TargetFields.map(([field, label]) => {
    const value = now[field as 'modelId' | 'branchId' | 'topicName'];
    let shown = value ? inlineCode(value) : field === 'branchId' ? 'shared model' : 'Omni picks';
    if (field === 'branchId' && value && branchName) shown = `${inlineCode(branchName)} (${inlineCode(value)})`;
    const was = before && changed.includes(field) ? ` _(was ${before[field as 'modelId'] ? inlineCode(before[field as 'modelId']) : field === 'branchId' ? 'shared model' : 'Omni picks'})_` : '';
    return `**${label}** ${shown}${was}`;
  });
  return parts.join(' · ');
}

function previewBlock(routine: PlannedRoutine, style: Style): string {
  const preview = routine.preview!;
  const chat = preview.omniChatUrl ? ` · ${link('open in Omni', preview.omniChatUrl)}` : '';
  if (preview.state !== 'COMPLETE') {
    return `**Preview:** ${preview.state === 'NOT_RUN' ? 'not run' : preview.state}${preview.error ? `: ${escapeInline(truncateText(preview.error, 1_000))}` : ''}${chat}`;
  }
  const answer = answerMarkdown(preview.answer ?? '', style.answerSize, style.size.measure, '_The answer was cut here; the JSON plan holds it whole._');
  return `**Preview** (the prompt asked once as an AI job, as recipients would get it; no routine was run)${chat}:\n\n${answer.markdown}`;
}

function footer(report: RoutinesReport, ctx: RoutinesReportContext): string {
  const links: string[] = [];
  if (ctx.fileUrl) links.push(link('Routines file', ctx.fileUrl));
  if (ctx.runUrl) links.push(link('Workflow run', ctx.runUrl));
  const generated = `_${report.mode === 'apply' ? 'Applied' : 'Planned'} against Omni at ${report.plan.generatedAt.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')}._`;
  return links.length > 0 ? `${links.join(' · ')}\n\n${generated}` : generated;
}
