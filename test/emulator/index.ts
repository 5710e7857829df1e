/**
 * Local emulator of the Omni API subset the action uses (AI jobs, models, topics, AI routines,
 * whoami), served over loopback HTTP for integration tests, end-to-end tests, benchmarks and the
 * demo. Never bundled.
 */
import { EmulatorServer } from './server.js';
import type { Emulator, EmulatorOptions } from './types.js';

export type {
  EmulatedJob,
  Emulator,
  EmulatorIds,
  EmulatorOptions,
  Fault,
  JobError,
  JobProgress,
  JobScript,
  JobState,
  JobTimings,
  KeyKind,
  RateLimitOptions,
  RecordedRequest,
  RouteName,
  StateChange,
  WebhookDelivery,
} from './types.js';
export type {
  EmulatedRoutine,
  PageInfo,
  RoutineCondition,
  RoutineCreateBody,
  RoutineCreateResponse,
  RoutineDeleteResponse,
  RoutineDelivery,
  RoutineDestination,
  RoutineDestinationInput,
  RoutineEmailDestination,
  RoutineEmailDestinationInput,
  RoutineLastRun,
  RoutineOptions,
  RoutineResponse,
  RoutineRun,
  RoutineRunState,
  RoutineSeed,
  RoutineSlackDestination,
  RoutineStatusChange,
  RoutinesListResponse,
  RoutineTriggerResponse,
  RoutineUpdateBody,
  WhoamiModelRole,
  WhoamiResponse,
} from './routine-types.js';
export { TestTimings } from './jobs.js';
export { signWebhook } from './webhooks.js';
export { liveRoutines, outboxFor, routineBody, seedRoutines, waitForDelivery, waitForRun } from './routine-helpers.js';
export { DefaultMaxActiveRoutinesPerUser, EmulatorServer } from './server.js';

/** Timings for the demo and the sandbox: a job takes about five seconds. */
export const DemoTimings = { queuedMs: 800, iterationMs: 1_200, iterations: 3, deliveringMs: 600 } as const;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator & EmulatorServer> {
  const emulator = new EmulatorServer(options);
  await emulator.listen();
  return emulator;
}
