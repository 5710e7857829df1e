/** Pure rules about Omni job states. */
import type { OutcomeState } from './outcome.js';
import type { JobState } from '../omni/types.js';

export type TerminalState = 'COMPLETE' | 'FAILED' | 'CANCELLED';

export function isTerminal(state: JobState): state is TerminalState {
  return state === 'COMPLETE' || state === 'FAILED' || state === 'CANCELLED';
}

/** The step fails when the outcome's state is one the user listed in failOn. */
export function failsStep(state: OutcomeState, failOn: ReadonlySet<OutcomeState>): boolean {
  return failOn.has(state);
}

/** Omni's guidance: poll every 2–5 s; never faster than this. */
export const PollIntervalMinMs = 2_000;

/**
 * Omni's guidance is 2–5 s. Its floor is best for users: a finished job is seen about a second
 * later on average, at under 30 status requests a minute. A little jitter keeps many jobs from
 * polling in step; more would only add to the wait.
 */
export function defaultPollDelayMs(random: () => number = Math.random): number {
  return 2_000 + Math.floor(random() * 100);
}
