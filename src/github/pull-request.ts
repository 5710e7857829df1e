/** Which pull request, if any, the workflow event belongs to. Pure: reads the event payload only. */

/** The parts of @actions/github's context this needs (structural, so tests pass plain objects). */
export interface EventContext {
  eventName: string;
  payload: {
    pull_request?: { number?: unknown } | undefined;
    issue?: { number?: unknown; pull_request?: unknown } | undefined;
    workflow_run?: { pull_requests?: unknown } | undefined;
    [key: string]: unknown;
  };
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The pull request number: from pull_request, pull_request_target, pull_request_review(_comment)
 * events; from issue_comment when the issue is a pull request; from a workflow_run that belongs
 * to exactly one pull request (the safe way to comment on fork PRs). Otherwise undefined: the
 * caller then makes no GitHub call at all.
 */
export function pullRequestNumber(context: EventContext): number | undefined {
  const { payload } = context;
  const fromPullRequest = asNumber(payload.pull_request?.number);
  if (fromPullRequest !== undefined) return fromPullRequest;
  if (context.eventName === 'issue_comment' && payload.issue?.pull_request) return asNumber(payload.issue.number);
  if (context.eventName === 'workflow_run') {
    const pulls = payload.workflow_run?.pull_requests;
    if (Array.isArray(pulls) && pulls.length === 1) return asNumber((pulls[0] as { number?: unknown } | undefined)?.number);
  }
  return undefined;
}
