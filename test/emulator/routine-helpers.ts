/**
 * Helpers for tests that run code against the emulator's AI Routines (the action's routines mode,
 * end-to-end tests): a valid create body, seeding through the in-process API, reading the outbox,
 * and waiting for a triggered run on the emulator's event (bounded, never a fixed sleep).
 */
import type { Emulator } from './types.js';
import type {
  EmulatedRoutine,
  RoutineCreateBody,
  RoutineDelivery,
  RoutineRun,
  RoutineSeed,
} from './routine-types.js';

/** A body `POST /api/v1/ai/routines` accepts as is; `overrides` replace fields. */
export function routineBody(emu: Emulator, overrides: Partial<RoutineCreateBody> = {}): RoutineCreateBody {
  return {
    modelId: emu.ids.modelId,
    name: 'Weekly revenue by region',
    prompt: 'revenue by region',
    schedule: '0 9 ? * MON *',
    timezone: 'America/New_York',
    destination: { type: 'email', recipientEmails: ['lead@example.com'] },
    ...overrides,
  };
}

/** Seeds routines in order (later ones are newer); returns them as stored. */
export function seedRoutines(emu: Emulator, ...seeds: RoutineSeed[]): EmulatedRoutine[] {
  return seeds.map((seed) => emu.seedRoutine(seed));
}

/** Routines not deleted, optionally of one owner (membership id), oldest first. */
export function liveRoutines(emu: Emulator, ownerId?: string): EmulatedRoutine[] {
  return emu.routines().filter((r) => r.deletedAt === null && (ownerId === undefined || r.ownerId === ownerId));
}

/** Deliveries in the outbox, optionally of one routine, oldest first. */
export function outboxFor(emu: Emulator, routineId?: string): RoutineDelivery[] {
  return emu.outbox.filter((d) => routineId === undefined || d.routineId === routineId);
}

/**
 * Waits for a run to end. `boundMs` only turns a hang into a clear failure; it is generous so a
 * loaded machine does not trip it (with test timings a run takes a few tens of milliseconds).
 */
export async function waitForRun(emu: Emulator, runId: string, boundMs = 30_000): Promise<RoutineRun> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`routine run ${runId} did not end within ${boundMs} ms`)), boundMs);
    timer.unref();
  });
  try {
    return await Promise.race([emu.routineRunEnded(runId), bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a run to end and returns its delivery; throws when the run ended without one. */
export async function waitForDelivery(emu: Emulator, runId: string, boundMs?: number): Promise<RoutineDelivery> {
  const run = await waitForRun(emu, runId, boundMs);
  const delivery = emu.outbox.find((d) => d.runId === runId);
  if (!delivery) throw new Error(`routine run ${runId} ended ${run.state} without a delivery${run.error ? `: ${run.error.message}` : ''}`);
  return delivery;
}
