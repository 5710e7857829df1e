/** Input names as declared in action.yml. The contract fixes them; keep every reference here. */
export const Inputs = {
  Prompt: 'prompt',
  ModelId: 'modelId',
  BranchId: 'branchId',
  BranchName: 'branchName',
  TopicName: 'topicName',
  ConversationId: 'conversationId',
  UserId: 'userId',
  OmniUrl: 'omniUrl',
  ApiKey: 'apiKey',
  GithubToken: 'githubToken',
  TimeoutSeconds: 'timeoutSeconds',
  Comment: 'comment',
  CommentKey: 'commentKey',
  Summary: 'summary',
  FailOn: 'failOn',
  WebhookUrl: 'webhookUrl',
  WebhookSigningSecret: 'webhookSigningSecret',
  WebhookMetadata: 'webhookMetadata',
  PromptsFile: 'promptsFile',
  RequestsPerMinute: 'requestsPerMinute',
  CompareTo: 'compareTo',
  Shard: 'shard',
  Mode: 'mode',
  Reports: 'reports',
  RoutinesFile: 'routinesFile',
  Apply: 'apply',
  Prune: 'prune',
  Preview: 'preview',
} as const;
export type InputName = (typeof Inputs)[keyof typeof Inputs];

export const Outputs = {
  JobId: 'jobId',
  ConversationId: 'conversationId',
  State: 'state',
  ResultSummary: 'resultSummary',
  OmniChatUrl: 'omniChatUrl',
  ResultFile: 'resultFile',
  CommentUrl: 'commentUrl',
  Passed: 'passed',
  Failed: 'failed',
  ReportFile: 'reportFile',
  PlanFile: 'planFile',
  Created: 'created',
  Updated: 'updated',
  Replaced: 'replaced',
  Deleted: 'deleted',
  Unchanged: 'unchanged',
  Changes: 'changes',
} as const;

/** Names saved with core.saveState for the post step. */
export const State = {
  IsPost: 'isPost',
  OmniUrl: 'omniUrl',
  ActiveJobIds: 'activeJobIds',
  RequestsPerMinute: 'requestsPerMinute',
} as const;

/** Environment variable consulted when the apiKey input is empty. */
export const ApiKeyEnvVar = 'OMNI_API_KEY';

/** The runner sends SIGINT, then SIGTERM 7.5 s later, then kills. */
export const RunnerGraceMs = 7_500;
