import * as core from '@actions/core';
import { State } from './constants.js';

/** What the main step leaves for the post step: which Omni jobs may still be running. */
export const isPost = (): boolean => core.getState(State.IsPost) === 'true';

/** First thing in main, before anything can fail: the post step must know it is the post step. */
export function markMainStarted(): void {
  core.saveState(State.IsPost, 'true');
}

export function saveConnection(omniApiBase: string, requestsPerMinute: number): void {
  core.saveState(State.OmniUrl, omniApiBase);
  core.saveState(State.RequestsPerMinute, String(requestsPerMinute));
}

/** Tracks running jobs; every change is saved at once, so a killed step still leaves the list. */
export class ActiveJobs {
  private readonly ids = new Set<string>();

  add(jobId: string): void {
    this.ids.add(jobId);
    this.save();
  }

  remove(jobId: string): void {
    if (this.ids.delete(jobId)) this.save();
  }

  private save(): void {
    core.saveState(State.ActiveJobIds, JSON.stringify([...this.ids]));
  }
}

export function savedPostState(): { omniApiBase: string; activeJobIds: string[]; requestsPerMinute: number } {
  let activeJobIds: string[] = [];
  try {
    const parsed: unknown = JSON.parse(core.getState(State.ActiveJobIds) || '[]');
    if (Array.isArray(parsed)) activeJobIds = parsed.filter((id): id is string => typeof id === 'string');
  } catch {
    // A state file cut short by a kill: nothing reliable to act on.
  }
  const requestsPerMinute = Number(core.getState(State.RequestsPerMinute)) || 60;
  return { omniApiBase: core.getState(State.OmniUrl), activeJobIds, requestsPerMinute };
}
