/**
 * The plan: what it takes to make Omni hold what the routines file declares, routine by routine.
 * Only routines carrying this stack's marker (or adopted with `id:`) are ever planned for a
 * change; everything else is counted and left alone. Pure: the file, what Omni holds and "now" in,
 * the plan out.
 */
import type { RoutineResponse } from '../omni/types.js';
import type { DeclaredRoutine } from './file.js';
import {
  differingFields,
  fieldsDifferingFromSums,
  readDescription,
  ReplaceFields,
  type FieldName,
  type Marker,
  type RoutineFields,
} from './marker.js';
import { describeSchedule, formatRun, nextRuns } from './schedule.js';

export type PlanAction = 'create' | 'update' | 'replace' | 'delete' | 'unchanged' | 'keep' | 'error';

export interface ScheduleView {
  cron: string;
  /** The five-field cron as written, when it was converted. */
  convertedFrom?: string;
  timezone: string;
  words: string;
  /** The next runs in the routine's time zone, as people there read them. */
  nextRuns: string[];
}

/** What Omni holds for a routine, as the plan needs it. */
export interface LiveRoutine {
  id: string;
  fields: RoutineFields;
  marker?: Marker;
  disabled: boolean;
  systemDisabled: boolean;
  systemDisabledReason: string | null;
  lastRun: RoutineResponse['lastRun'];
  recipientCount: number;
  updatedAt: string;
}

/** The preview: the routine's prompt asked once as an AI job (never a routine run). */
export interface Preview {
  state: 'COMPLETE' | 'FAILED' | 'CANCELLED' | 'TIMEOUT' | 'NOT_RUN';
  answer?: string;
  jobId?: string;
  omniChatUrl?: string;
  error?: string;
}

export interface AppliedStatus {
  status: 'applied' | 'failed' | 'skipped';
  /** The routine's id after the change (a create's or a replace's new id). */
  id?: string;
  message?: string;
}

export interface PlannedRoutine {
  key: string;
  action: PlanAction;
  /** Taking over an existing routine (`id:` in the file): its marker is written by the apply. */
  adopt: boolean;
  declared?: DeclaredRoutine;
  /** What the file asks for (declared routines whose branch and model resolved). */
  desired?: RoutineFields;
  live?: LiveRoutine;
  /** Fields that differ between Omni and the file (update, replace). */
  changed: FieldName[];
  /** Fields edited in Omni since the last apply (from the marker's sums). */
  editedInOmni: FieldName[];
  schedule?: ScheduleView;
  /** The schedule Omni holds, when the file changes it. */
  previousSchedule?: ScheduleView;
  warnings: string[];
  /** Why the routine cannot be planned (an unknown branch, a model the key cannot see, an id that is not there). */
  error?: string;
  preview?: Preview;
  applied?: AppliedStatus;
}

export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  unchanged: number;
  keep: number;
  error: number;
  /** Routines that differ from the file and that an apply would change. */
  changes: number;
}

export interface RoutinesPlan {
  file: string;
  stack: string;
  prune: boolean;
  /** When the plan was made (ISO 8601). */
  generatedAt: string;
  routines: PlannedRoutine[];
  /** Routines of the owner carrying another stack's marker: never touched. */
  otherStacks: { stack: string; count: number }[];
  /** Routines of the owner without a marker: never touched unless adopted with `id:`. */
  unmanaged: number;
  warnings: string[];
  counts: PlanCounts;
}

/** A declared routine after its branch name was looked up (or the lookup failed). */
export interface ResolvedRoutine {
  declared: DeclaredRoutine;
  branchId?: string;
  error?: string;
}

export interface PlanInput {
  file: string;
  stack: string;
  /** The stack came from the repository and path, not from `stack:` in the file. */
  stackIsDefault: boolean;
  /** The repository (owner/name), to recognise the default stacks of files that moved. */
  repository?: string;
  routines: ResolvedRoutine[];
  live: RoutineResponse[];
  prune: boolean;
  now: Date;
}

/** Two routines carry the same marker: which one the file means cannot be told. */
export class DuplicateMarkerError extends Error {
  constructor(
    readonly key: string,
    readonly ids: string[],
    stack: string,
  ) {
    super(
      `Routines ${ids.join(', ')} all carry the marker of routine '${key}' of stack ${stack}: delete all but one in Omni (or remove the marker line from their description), then run again.`,
    );
    this.name = 'DuplicateMarkerError';
  }
}

export function toLiveRoutine(routine: RoutineResponse): LiveRoutine {
  const { description, marker } = readDescription(routine.description);
  const live: LiveRoutine = {
    id: routine.id,
    fields: {
      name: routine.name,
      prompt: routine.prompt,
      schedule: routine.schedule,
      timezone: routine.timezone,
      description,
      destination: routine.destination,
      modelId: routine.modelId,
      branchId: routine.branchId ?? null,
      topicName: routine.topicName ?? null,
    },
    disabled: routine.disabled,
    systemDisabled: routine.systemDisabled,
    systemDisabledReason: routine.systemDisabledReason ?? null,
    lastRun: routine.lastRun ?? null,
    recipientCount: routine.recipientCount,
    updatedAt: routine.updatedAt,
  };
  if (marker) live.marker = marker;
  return live;
}

export function desiredFields(declared: DeclaredRoutine, branchId: string | undefined): RoutineFields {
  return {
    name: declared.name,
    prompt: declared.prompt,
    schedule: declared.schedule,
    timezone: declared.timezone,
    description: declared.description ?? null,
    destination: declared.destination,
    modelId: declared.modelId,
    branchId: branchId ?? declared.branchId ?? null,
    topicName: declared.topicName ?? null,
  };
}

export function buildPlan(input: PlanInput): RoutinesPlan {
  const live = input.live.map(toLiveRoutine);
  const warnings: string[] = [];
  const byId = new Map(live.map((routine) => [routine.id, routine]));
  const declaredKeys = new Set(input.routines.map((r) => r.declared.key));

  // This stack's routines by key; an interrupted replace leaves the old one beside its replacement.
  const managed = new Map<string, LiveRoutine>();
  const leftovers: LiveRoutine[] = [];
  const groups = new Map<string, LiveRoutine[]>();
  for (const routine of live) {
    if (routine.marker?.stack !== input.stack) continue;
    const group = groups.get(routine.marker.key) ?? [];
    group.push(routine);
    groups.set(routine.marker.key, group);
  }
  for (const [key, group] of groups) {
    if (group.length === 1) {
      managed.set(key, group[0]!);
      continue;
    }
    const replacement = group.length === 2 ? group.find((r) => r.marker?.replaces && group.some((o) => o.id === r.marker?.replaces)) : undefined;
    if (!replacement) throw new DuplicateMarkerError(key, group.map((r) => r.id), input.stack);
    managed.set(key, replacement);
    leftovers.push(group.find((r) => r !== replacement)!);
  }

  const planned: PlannedRoutine[] = [];
  const adopted = new Set<string>();
  for (const resolved of input.routines) {
    const { declared } = resolved;
    const entry: PlannedRoutine = { key: declared.key, action: 'create', adopt: false, declared, changed: [], editedInOmni: [], warnings: [] };
    entry.schedule = scheduleView(declared.schedule, declared.timezone, input.now, declared.scheduleWritten);
    if (entry.schedule.nextRuns.length === 0) entry.warnings.push('The schedule has no run after now: the routine would never run.');

    let existing = managed.get(declared.key);
    if (declared.id) {
      const target = byId.get(declared.id);
      const problem = adoptionProblem(declared, target, existing, input.stack, declaredKeys);
      if (problem) {
        entry.action = 'error';
        entry.error = problem;
        if (existing) entry.live = existing;
        planned.push(entry);
        continue;
      }
      existing = target!;
      if (existing.marker?.stack !== input.stack || existing.marker.key !== declared.key) {
        entry.adopt = true;
        adopted.add(existing.id);
      }
    }
    if (existing) entry.live = existing;
    if (resolved.error) {
      entry.action = 'error';
      entry.error = resolved.error;
      planned.push(entry);
      continue;
    }

    const desired = desiredFields(declared, resolved.branchId);
    entry.desired = desired;
    if (!existing) {
      const namesake = live.find((r) => !r.marker && r.fields.name === desired.name);
      if (namesake) {
        entry.warnings.push(`An unmanaged routine with this name exists (${namesake.id}): to manage it instead of creating another, add \`id: ${namesake.id}\` to this routine.`);
      }
      planned.push(entry);
      continue;
    }

    entry.changed = differingFields(existing.fields, desired);
    entry.editedInOmni = existing.marker && !entry.adopt ? fieldsDifferingFromSums(existing.fields, existing.marker.sums) : [];
    if (entry.changed.some((field) => ReplaceFields.includes(field))) entry.action = 'replace';
    else if (entry.changed.length > 0 || entry.adopt) entry.action = 'update';
    else entry.action = 'unchanged';
    if (entry.changed.includes('schedule') || entry.changed.includes('timezone')) {
      entry.previousSchedule = scheduleView(existing.fields.schedule, existing.fields.timezone, input.now);
    }
    entry.warnings.push(...liveWarnings(entry, existing));
    planned.push(entry);
  }

  for (const [key, routine] of managed) {
    if (declaredKeys.has(key) || adopted.has(routine.id)) continue;
    planned.push(goneEntry(key, routine, input.prune ? 'delete' : 'keep', input.now));
  }
  for (const routine of leftovers) {
    const entry = goneEntry(routine.marker!.key, routine, 'delete', input.now);
    entry.warnings.push('Left over from a replace that did not finish: the routine that replaced it is in place, so this one is deleted.');
    planned.push(entry);
  }

  const otherStacks = new Map<string, number>();
  let unmanaged = 0;
  for (const routine of live) {
    if (adopted.has(routine.id)) continue;
    if (!routine.marker) unmanaged++;
    else if (routine.marker.stack !== input.stack) otherStacks.set(routine.marker.stack, (otherStacks.get(routine.marker.stack) ?? 0) + 1);
  }
  if (input.stackIsDefault && input.repository) {
    for (const [stack, count] of otherStacks) {
      if (stack.startsWith(`${input.repository}:`)) {
        warnings.push(
          `${count} routine${count === 1 ? '' : 's'} of stack ${stack} ${count === 1 ? 'was' : 'were'} managed from another file of this repository. If the routines file moved, add \`stack: ${stack}\` to it to keep managing them; otherwise they stay as they are and these are created anew.`,
        );
      }
    }
  }

  return {
    file: input.file,
    stack: input.stack,
    prune: input.prune,
    generatedAt: input.now.toISOString(),
    routines: planned,
    otherStacks: [...otherStacks].map(([stack, count]) => ({ stack, count })).sort((a, b) => a.stack.localeCompare(b.stack)),
    unmanaged,
    warnings,
    counts: countPlan(planned),
  };
}

export function countPlan(routines: readonly PlannedRoutine[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0, keep: 0, error: 0, changes: 0 };
  for (const routine of routines) counts[routine.action]++;
  counts.changes = counts.create + counts.update + counts.replace + counts.delete;
  return counts;
}

/** Why `id:` cannot adopt the routine, or undefined when it can. */
function adoptionProblem(
  declared: DeclaredRoutine,
  target: LiveRoutine | undefined,
  existing: LiveRoutine | undefined,
  stack: string,
  declaredKeys: ReadonlySet<string>,
): string | undefined {
  const id = declared.id!;
  if (!target) {
    return `id ${id} is not among the owner's routines: it was deleted, or belongs to another user (with an organization API key, set userId to its owner). Remove id to create the routine instead.`;
  }
  if (target.marker && target.marker.stack !== stack) {
    return `id ${id} is managed by another stack (${target.marker.stack}): routines of another stack are never changed. Remove it from that stack's file first.`;
  }
  if (target.marker && target.marker.key !== declared.key && declaredKeys.has(target.marker.key)) {
    return `id ${id} is the routine of key '${target.marker.key}', which this file also declares: one routine cannot be both.`;
  }
  if (existing && existing.id !== id) {
    return `key '${declared.key}' is already managed by routine ${existing.id}, not ${id}: remove id, or delete one of the two in Omni.`;
  }
  return undefined;
}

function liveWarnings(entry: PlannedRoutine, live: LiveRoutine): string[] {
  const warnings: string[] = [];
  if (live.disabled) {
    warnings.push(
      entry.action === 'replace'
        ? 'Paused by its owner in Omni: the routine that replaces it will not be paused (the API cannot pause routines); pause it again in Omni if needed.'
        : 'Paused by its owner in Omni: it does not run until it is resumed there (the API cannot resume routines).',
    );
  }
  if (live.systemDisabled) {
    const reason = live.systemDisabledReason ? `: ${live.systemDisabledReason}` : '';
    warnings.push(`Disabled by Omni${reason}. It does not run; check its model, branch and owner in Omni.`);
  }
  const overwritten = entry.editedInOmni.filter((field) => entry.changed.includes(field));
  if (overwritten.length > 0) {
    warnings.push(`Edited in Omni since the last apply (${overwritten.join(', ')}): the next apply overwrites these with the file's values.`);
  }
  return warnings;
}

function goneEntry(key: string, routine: LiveRoutine, action: 'delete' | 'keep', now: Date): PlannedRoutine {
  const entry: PlannedRoutine = { key, action, adopt: false, live: routine, changed: [], editedInOmni: [], warnings: [] };
  entry.schedule = scheduleView(routine.fields.schedule, routine.fields.timezone, now);
  if (action === 'keep') entry.warnings.push('No longer declared in the file; kept. Set prune: true to delete it.');
  return entry;
}

export function scheduleView(cron: string, timezone: string, now: Date, convertedFrom?: string): ScheduleView {
  const view: ScheduleView = {
    cron,
    timezone,
    words: describeSchedule(cron),
    nextRuns: nextRuns(cron, timezone, now, 3).map((run) => formatRun(run, timezone)),
  };
  if (convertedFrom) view.convertedFrom = convertedFrom;
  return view;
}
