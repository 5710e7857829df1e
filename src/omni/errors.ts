/** Omni's answers, turned into messages a workflow author can act on. */
import { oneLine } from '../lib/text.js';

export type RouteName =
  | 'createJob'
  | 'getJob'
  | 'cancelJob'
  | 'getResult'
  | 'listModels'
  | 'listRoutines'
  | 'createRoutine'
  | 'updateRoutine'
  | 'deleteRoutine'
  | 'whoami';

const RoutineRoutes: readonly RouteName[] = ['listRoutines', 'createRoutine', 'updateRoutine', 'deleteRoutine'];

export class OmniApiError extends Error {
  /**
   * A create that may have happened: Omni failed (5xx), the connection broke after the request
   * was sent, or no answer came in time. Whoever created must look before creating again.
   */
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    readonly route: RouteName,
    readonly status?: number,
    readonly detail?: string,
    options: { outcomeUnknown?: boolean } = {},
  ) {
    super(message);
    this.name = 'OmniApiError';
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

export interface ErrorContext {
  route: RouteName;
  jobId?: string;
  modelId?: string;
  branchId?: string;
  topicName?: string;
  userId?: string;
  conversationId?: string;
  routineId?: string;
}

/** Omni's own words in a message: enough to act on, short enough for one log line. */
const DetailMaxChars = 300;

/** Message for a non-2xx answer with Omni's `{detail, status}` body (or none). */
export function describeHttpError(status: number, detail: string | undefined, context: ErrorContext): string {
  const said = detail ? `: ${oneLine(detail, DetailMaxChars)}` : '';
  if (RoutineRoutes.includes(context.route)) {
    const routine = describeRoutineError(status, said, context);
    if (routine) return routine;
  }
  switch (status) {
    case 400:
      return `Omni rejected the request as invalid (400)${said}`;
    case 401:
      return `Omni rejected the API key (401)${said}. Check that the apiKey input (or OMNI_API_KEY) holds a current organization API key or personal access token for this instance.`;
    case 403:
      if (context.userId) {
        return `Omni refused (403)${said}. userId only works with an organization API key; a personal access token can only act as its own user.`;
      }
      return `Omni refused (403)${said}. Check that AI jobs are enabled for the organization and that the key's user may use AI on this model.`;
    case 404:
      return notFound(detail, said, context);
    case 409:
      return context.route === 'createJob'
        ? `Omni refused (409)${said}. Conversation ${context.conversationId ?? ''} already has an active job; wait for it to finish or leave conversationId empty.`
        : `Omni reported a conflict (409)${said}`;
    case 429:
      return `Omni's rate limit was still exceeded after retrying (429)${said}. Lower requestsPerMinute or use a separate API key for this workflow.`;
    default:
      if (status >= 500 && context.route === 'createJob') {
        // Reads are retried on 5xx; a create is not, since Omni may have made the job before failing.
        return `Omni failed with a server error (${status})${said} while creating the job. It was not retried, so that the job is not created twice; run the workflow again.`;
      }
      return status >= 500
        ? `Omni failed with a server error (${status})${said}; retries did not help.`
        : `Omni answered ${status}${said}`;
  }
}

/** The routine endpoints' refusals, with what to do about each. */
function describeRoutineError(status: number, said: string, context: ErrorContext): string | undefined {
  switch (status) {
    case 400:
      return `Omni rejected the routine (400)${said}. Fix it in the routines file.`;
    case 403:
      return context.userId
        ? `Omni refused (403)${said}. Check that AI routines are enabled for the organization, and that apiKey is an organization API key: a personal access token cannot act for userId ${context.userId}.`
        : `Omni refused (403)${said}. Check that AI routines and AI query generation are enabled for the organization, and that the routine belongs to the key's user (a personal access token cannot touch another user's routines).`;
    case 404:
      if (context.route === 'listRoutines') return `Omni does not know userId ${context.userId ?? ''} (404)${said}: give the membership id of an active member.`;
      if (context.route === 'createRoutine') {
        return `Omni could not find the routine's model, branch or topic (404)${said}. Check modelId, branchId/branchName and topicName: they must exist and be visible to the routine's owner.`;
      }
      return `Omni no longer knows routine ${context.routineId ?? ''} (404)${said}: it was deleted.`;
    case 429:
      return context.route === 'createRoutine'
        ? `Omni refused to create another routine (429)${said}: the owner has reached Omni's limit of active routines, or the request rate stayed too high. Delete routines that are no longer needed (prune), or ask Omni support to raise the limit.`
        : undefined;
    default:
      if (status >= 500 && context.route === 'createRoutine') {
        return `Omni failed with a server error (${status})${said} while creating the routine; it may have been stored anyway.`;
      }
      return undefined;
  }
}

function notFound(detail: string | undefined, said: string, context: ErrorContext): string {
  switch (context.route) {
    case 'createJob': {
      const named = [
        context.modelId && `modelId ${context.modelId}`,
        context.branchId && `branchId ${context.branchId}`,
        context.topicName && `topicName '${context.topicName}'`,
        context.userId && `userId ${context.userId}`,
      ].filter(Boolean);
      return `Omni could not find what the job names (404)${said}. Check ${named.join(', ')}: the model must be a shared model of this organization, the branch a branch of that model, the topic a topic of it.`;
    }
    case 'getJob':
    case 'cancelJob':
      return `Omni no longer knows job ${context.jobId ?? ''} (404)${said}: it may have been deleted or belong to another organization.`;
    case 'getResult':
      return `Omni has no result for job ${context.jobId ?? ''} (404)${said}: results are kept 14 days after completion.`;
    default:
      return `Omni answered 404${said}${detail ? '' : ' (not found)'}`;
  }
}

