/** Omni's answers, turned into messages a workflow author can act on. */

export type RouteName = 'createJob' | 'getJob' | 'cancelJob' | 'getResult' | 'listModels';

export class OmniApiError extends Error {
  constructor(
    message: string,
    readonly route: RouteName,
    readonly status?: number,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'OmniApiError';
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
}

/** Message for a non-2xx answer with Omni's `{detail, status}` body (or none). */
export function describeHttpError(status: number, detail: string | undefined, context: ErrorContext): string {
  const said = detail ? `: ${oneLine(detail)}` : '';
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

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
