/**
 * Routine runs: POST /routines/{id}/trigger starts one, the routine's prompt runs as an AI job
 * through the job engine (as the owner, on the routine's model, branch and topic), and a completed
 * run is delivered to the outbox every recipient would get. One run at a time per routine.
 */
import { randomUUID } from 'node:crypto';
import type { JobEngine, JobRecord } from './jobs.js';
import type { RoutineDelivery, RoutineRun } from './routine-types.js';
import { emailRecipients, type RoutineRecord, type RoutineStore } from './routines.js';
import type { SemanticModel } from './semantic-model.js';
import type { KeyKind } from './types.js';

interface Waiter {
  resolve: (run: RoutineRun) => void;
  reject: (error: Error) => void;
}

export class RoutineRunner {
  private readonly runs = new Map<string, RoutineRun>();
  private readonly byJob = new Map<string, string>();
  private readonly deliveries: RoutineDelivery[] = [];
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(
    private readonly engine: JobEngine,
    private readonly store: RoutineStore,
    private readonly organizationId: string,
  ) {
    engine.onTerminal((job) => this.jobEnded(job));
  }

  /** True while the routine has a run that has not ended. */
  busy(routineId: string): boolean {
    for (const run of this.runs.values()) if (run.routineId === routineId && run.state === 'RUNNING') return true;
    return false;
  }

  start(routine: RoutineRecord, model: SemanticModel, triggeredBy: KeyKind): RoutineRun {
    const runId = randomUUID();
    const job = this.engine.create({
      prompt: routine.prompt,
      model,
      topicName: routine.topicName,
      organizationId: this.organizationId,
      userId: routine.ownerId,
      createdBy: triggeredBy,
      routineRun: { routineId: routine.id, runId },
    });
    const run: RoutineRun = {
      id: runId,
      routineId: routine.id,
      jobId: job.id,
      state: 'RUNNING',
      triggeredBy,
      startedAt: new Date().toISOString(),
      delivered: false,
    };
    this.runs.set(runId, run);
    this.byJob.set(job.id, runId);
    return run;
  }

  /**
   * Stops the routine's runs (it was deleted): each job is cancelled as Omni cancels jobs (at once
   * when queued, after the current iteration when executing); whatever still completes is not delivered.
   */
  stop(routine: RoutineRecord): void {
    for (const run of this.runs.values()) {
      if (run.routineId !== routine.id || run.state !== 'RUNNING') continue;
      const job = this.engine.get(run.jobId);
      if (job) this.engine.cancel(job, routine.ownerId);
    }
  }

  all(): RoutineRun[] {
    return [...this.runs.values()].map((r) => structuredClone(r));
  }

  get outbox(): RoutineDelivery[] {
    return this.deliveries.map((d) => structuredClone(d));
  }

  /** Resolves with the run once it has ended (at once if it already has). */
  finished(runId: string): Promise<RoutineRun> {
    const run = this.runs.get(runId);
    if (!run) return Promise.reject(new Error(`no routine run ${runId}`));
    if (run.state !== 'RUNNING') return Promise.resolve(structuredClone(run));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(runId) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(runId, list);
    });
  }

  clear(): void {
    for (const list of this.waiters.values()) {
      for (const w of list) w.reject(new Error('the emulator was reset or closed before the run ended'));
    }
    this.waiters.clear();
    this.runs.clear();
    this.byJob.clear();
    this.deliveries.length = 0;
  }

  private jobEnded(job: JobRecord): void {
    const runId = this.byJob.get(job.id);
    const run = runId ? this.runs.get(runId) : undefined;
    if (!run || run.state !== 'RUNNING') return;
    const routine = this.store.get(run.routineId);
    const completedAt = job.completedAt ?? job.cancelledAt ?? new Date().toISOString();
    run.completedAt = completedAt;
    if (!routine || routine.deletedAt !== null || job.state === 'CANCELLED') {
      // Deleting a routine stops it: the run's answer goes nowhere.
      run.state = 'CANCELLED';
    } else if (job.state === 'COMPLETE') {
      run.state = 'COMPLETE';
      run.delivered = true;
      this.deliveries.push({
        runId: run.id,
        routineId: routine.id,
        jobId: job.id,
        channel: routine.destination.type,
        recipients: emailRecipients(routine.destination),
        subject: routine.name,
        answer: job.resultSummary ?? '',
        prompt: job.prompt,
        modelId: job.modelId,
        branchId: job.branchId,
        topicName: routine.topicName,
        destination: structuredClone(routine.destination),
        deliveredAt: completedAt,
      });
      routine.lastRun = { completedAt, label: 'Delivered', state: 'COMPLETE' };
    } else {
      run.state = 'FAILED';
      if (job.error) run.error = { ...job.error };
      routine.lastRun = { completedAt, label: 'Failed', state: 'FAILED' };
    }
    const waiting = this.waiters.get(run.id) ?? [];
    this.waiters.delete(run.id);
    for (const w of waiting) w.resolve(structuredClone(run));
  }
}
