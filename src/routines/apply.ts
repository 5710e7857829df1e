/**
 * Applying a plan: creates first, then updates, replaces (create the new routine, then delete the
 * old) and deletes last, so a run cut short never leaves a declared routine missing. A create is
 * never repeated blindly: Omni has no idempotency key, so after an unclear failure the owner's
 * routines are listed again and the marker looked for before trying once more. Every routine's
 * result is recorded on the plan: a partial apply says exactly what was and was not done.
 */
import type { OmniRoutinesApi } from '../omni/api.js';
import { OmniApiError } from '../omni/errors.js';
import type { RoutineCreateBody, RoutineResponse, RoutineUpdateBody } from '../omni/types.js';
import { composeDescription, fieldSums, readDescription, type Marker, type RoutineFields } from './marker.js';
import { errorMessage } from '../lib/errors.js';
import { oneLine } from '../lib/text.js';
import type { PlannedRoutine, RoutinesPlan } from './plan.js';

export interface ApplyOptions {
  api: OmniRoutinesApi;
  /** Lists every routine of the owner (all pages). */
  listRoutines: () => Promise<RoutineResponse[]>;
  userId?: string;
  signal?: AbortSignal;
  /** Changes sent at once within a phase. */
  concurrency?: number;
  log?: (message: string) => void;
}

export interface ApplyCounts {
  created: number;
  updated: number;
  replaced: number;
  deleted: number;
  failed: number;
  skipped: number;
}

/** Tries of a create whose outcome stayed unknown each time (each one looked for first). */
const CreateTries = 3;
const DefaultConcurrency = 4;

/** Applies the plan's changes; records each routine's result on it and returns the counts. */
export async function applyPlan(plan: RoutinesPlan, options: ApplyOptions): Promise<ApplyCounts> {
  const run = new ApplyRun(plan, options);
  const pending = plan.routines.filter((r) => r.action === 'error');
  for (const routine of pending) routine.applied = { status: 'skipped', message: routine.error ?? 'not planned' };

  await run.phase(plan.routines.filter((r) => r.action === 'create'), (r) => run.create(r));
  await run.phase(plan.routines.filter((r) => r.action === 'update'), (r) => run.update(r));
  await run.phase(plan.routines.filter((r) => r.action === 'replace'), (r) => run.replace(r));
  await run.phase(plan.routines.filter((r) => r.action === 'delete'), (r) => run.delete(r));
  return appliedCounts(plan.routines);
}

export function appliedCounts(routines: readonly PlannedRoutine[]): ApplyCounts {
  const counts: ApplyCounts = { created: 0, updated: 0, replaced: 0, deleted: 0, failed: 0, skipped: 0 };
  for (const routine of routines) {
    if (routine.applied?.status === 'failed') counts.failed++;
    else if (routine.applied?.status === 'skipped') counts.skipped++;
    else if (routine.applied?.status === 'applied') {
      if (routine.action === 'create') counts.created++;
      else if (routine.action === 'update') counts.updated++;
      else if (routine.action === 'replace') counts.replaced++;
      else if (routine.action === 'delete') counts.deleted++;
    }
  }
  return counts;
}

class ApplyRun {
  /** Set once Omni refused a write for a reason every later write shares (key, permission). */
  private stopped: string | undefined;
  /** Set once Omni refused a create for the owner's routine quota: other creates would be too. */
  private quotaFull: string | undefined;

  constructor(
    private readonly plan: RoutinesPlan,
    private readonly options: ApplyOptions,
  ) {}

  async phase(routines: PlannedRoutine[], change: (routine: PlannedRoutine) => Promise<void>): Promise<void> {
    const queue = [...routines];
    const worker = async () => {
      for (let routine = queue.shift(); routine; routine = queue.shift()) {
        if (this.options.signal?.aborted) {
          routine.applied = { status: 'skipped', message: 'Not attempted: the workflow run was cancelled.' };
          continue;
        }
        if (this.stopped) {
          routine.applied = { status: 'skipped', message: `Not attempted: ${this.stopped}` };
          continue;
        }
        try {
          await change(routine);
        } catch (error) {
          routine.applied = { status: 'failed', message: this.failure(routine, error) };
        }
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? DefaultConcurrency, queue.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }

  async create(routine: PlannedRoutine): Promise<void> {
    if (this.quotaFull) {
      routine.applied = { status: 'skipped', message: `Not attempted: ${this.quotaFull}` };
      return;
    }
    const id = await this.createRoutine(routine);
    routine.applied = { status: 'applied', id };
    this.log(`Created routine '${routine.key}' (${id}).`);
  }

  async update(routine: PlannedRoutine): Promise<void> {
    const live = routine.live!;
    const desired = routine.desired!;
    const body: RoutineUpdateBody = { description: composeDescription(desired.description, this.marker(routine.key, desired)) };
    for (const field of routine.changed) {
      if (field === 'name' || field === 'prompt' || field === 'schedule' || field === 'timezone') body[field] = desired[field];
      if (field === 'destination') body.destination = desired.destination;
    }
    await this.options.api.updateRoutine(live.id, body, this.callOptions());
    routine.applied = { status: 'applied', id: live.id };
    this.log(`Updated routine '${routine.key}' (${live.id}): ${routine.adopt ? 'adopted' : routine.changed.join(', ')}.`);
  }

  async replace(routine: PlannedRoutine): Promise<void> {
    if (this.quotaFull) {
      routine.applied = { status: 'skipped', message: `Not attempted: ${this.quotaFull}` };
      return;
    }
    const old = routine.live!;
    const id = await this.createRoutine(routine, old.id);
    try {
      await this.deleteRoutine(old.id);
    } catch (error) {
      routine.applied = {
        status: 'failed',
        id,
        message: `Created ${id} to replace ${old.id}, but could not delete ${old.id}: ${oneLine(errorMessage(error))} The next apply deletes it.`,
      };
      return;
    }
    routine.applied = { status: 'applied', id };
    this.log(`Replaced routine '${routine.key}': ${old.id} by ${id}.`);
  }

  async delete(routine: PlannedRoutine): Promise<void> {
    await this.deleteRoutine(routine.live!.id);
    routine.applied = { status: 'applied', id: routine.live!.id };
    this.log(`Deleted routine '${routine.key}' (${routine.live!.id}).`);
  }

  private async deleteRoutine(id: string): Promise<void> {
    try {
      await this.options.api.deleteRoutine(id, this.callOptions());
    } catch (error) {
      // Gone already (a retried delete that had worked, or someone deleted it in Omni): what was wanted.
      if (error instanceof OmniApiError && error.status === 404) return;
      throw error;
    }
  }

  /** Creates the routine; after a failure that leaves it unknown whether Omni stored it, looks before trying again. */
  private async createRoutine(routine: PlannedRoutine, replaces?: string): Promise<string> {
    const desired = routine.desired!;
    const marker = this.marker(routine.key, desired, replaces);
    const body: RoutineCreateBody = {
      modelId: desired.modelId,
      name: desired.name,
      prompt: desired.prompt,
      schedule: desired.schedule,
      timezone: desired.timezone,
      destination: desired.destination,
      description: composeDescription(desired.description, marker),
    };
    if (desired.branchId) body.branchId = desired.branchId;
    if (desired.topicName) body.topicName = desired.topicName;

    for (let attempt = 1; ; attempt++) {
      try {
        const { id } = await this.options.api.createRoutine(body, this.callOptions());
        return id;
      } catch (error) {
        if (!(error instanceof OmniApiError) || !error.outcomeUnknown) throw error;
        this.log(`Creating routine '${routine.key}' failed without a clear answer (${oneLine(errorMessage(error))}); looking for it in Omni before trying again.`);
        const found = (await this.options.listRoutines()).filter((candidate) => {
          if (candidate.id === replaces) return false;
          const { marker: stored } = readDescription(candidate.description);
          return stored?.stack === this.plan.stack && stored.key === routine.key;
        });
        if (found.length === 1) {
          this.log(`Routine '${routine.key}' had been created (${found[0]!.id}): not creating it again.`);
          return found[0]!.id;
        }
        if (found.length > 1) {
          throw new Error(`Omni holds ${found.length} routines for '${routine.key}' after an unclear failure (${found.map((f) => f.id).join(', ')}); delete all but one.`, { cause: error });
        }
        if (attempt >= CreateTries) throw error;
      }
    }
  }

  private marker(key: string, desired: RoutineFields, replaces?: string): Marker {
    const marker: Marker = { stack: this.plan.stack, key, sums: fieldSums(desired) };
    if (replaces) marker.replaces = replaces;
    return marker;
  }

  private callOptions(): { userId?: string; signal?: AbortSignal } {
    return {
      ...(this.options.userId ? { userId: this.options.userId } : {}),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    };
  }

  /** The one-line message for a failed change; notes refusals that every later change would meet too. */
  private failure(routine: PlannedRoutine, error: unknown): string {
    const message = oneLine(errorMessage(error));
    if (error instanceof OmniApiError) {
      if (error.status === 401 || error.status === 403) this.stopped ??= `Omni refused an earlier change (${error.status}) for a reason the others share.`;
      if (error.status === 429 && error.route === 'createRoutine') this.quotaFull ??= `Omni refused an earlier create (429): ${error.detail ?? 'routine limit reached'}.`;
    }
    if (this.options.signal?.aborted && error === this.options.signal.reason) return `Cancelled while changing '${routine.key}': the change may or may not have been made.`;
    return message;
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}

