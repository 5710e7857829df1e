import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiFile, resolvePathTemplate, validateRequestBody, validateResponse, validateSchema } from '../support/openapi.js';
import { routinesOpenApi, routinesOpenApiFile } from './openapi-validator.js';

const shared = '/work/shared/omni-openapi/omni-ai-jobs.openapi.json';
const jobId = '550e8400-e29b-41d4-a716-446655440000';

const queuedJob = {
  id: jobId,
  state: 'QUEUED',
  prompt: 'top 5 products by revenue',
  conversationId: '660e8400-e29b-41d4-a716-446655440001',
  modelId: '770e8400-e29b-41d4-a716-446655440002',
  branchId: null,
  organizationId: '880e8400-e29b-41d4-a716-446655440003',
  userId: '990e8400-e29b-41d4-a716-446655440004',
  topicName: null,
  omniChatUrl: 'https://my-org.omni.co/chat/660e8400-e29b-41d4-a716-446655440001',
  createdAt: '2025-01-15T10:00:00.000Z',
  updatedAt: '2025-01-15T10:00:00.000Z',
};

describe('vendored OpenAPI document', () => {
  it.skipIf(!existsSync(shared))('equals the shared copy it was taken from', () => {
    expect(readFileSync(openApiFile, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('ships with its licence', () => {
    expect(readFileSync(new URL('./openapi/LICENSE', import.meta.url), 'utf8')).toMatch(/MIT License/);
  });
});

describe('validateSchema', () => {
  it('accepts a documented QUEUED job, with nullable uuid fields null', () => {
    expect(validateSchema('AiJobStatusResponse', queuedJob)).toEqual([]);
  });

  it('still checks the format of a nullable uuid when it is a string', () => {
    expect(validateSchema('AiJobStatusResponse', { ...queuedJob, branchId: 'not-a-uuid' })).toEqual([
      '/branchId must match format "uuid"',
    ]);
  });

  it('accepts progress null and rejects a progress object missing fields', () => {
    expect(validateSchema('AiJobStatusResponse', { ...queuedJob, state: 'EXECUTING', progress: null })).toEqual([]);
    expect(validateSchema('AiJobStatusResponse', { ...queuedJob, state: 'EXECUTING', progress: { iteration: 1 } })).toEqual([
      "/progress must have required property 'message'",
      "/progress must have required property 'updatedAt'",
    ]);
  });

  it('reports a missing required key and a bad enum value', () => {
    const { prompt: _prompt, ...withoutPrompt } = queuedJob;
    expect(validateSchema('AiJobStatusResponse', { ...withoutPrompt, state: 'RUNNING' })).toEqual([
      "(root) must have required property 'prompt'",
      '/state must be equal to one of the allowed values (["CANCELLED","COMPLETE","DELIVERING","EXECUTING","FAILED","QUEUED"])',
    ]);
  });

  it('names an unknown schema', () => {
    expect(validateSchema('NoSuchThing', {})[0]).toMatch(/no schema named NoSuchThing/);
  });
});

describe('validateResponse', () => {
  it('resolves templates, paths without /api and concrete paths', () => {
    expect(resolvePathTemplate('/api/v1/ai/jobs/{jobId}')).toBe('/api/v1/ai/jobs/{jobId}');
    expect(resolvePathTemplate('/v1/ai/jobs/{jobId}/cancel')).toBe('/api/v1/ai/jobs/{jobId}/cancel');
    expect(resolvePathTemplate(`/api/v1/ai/jobs/${jobId}/result?x=1`)).toBe('/api/v1/ai/jobs/{jobId}/result');
    expect(resolvePathTemplate('/api/v1/nope')).toBeUndefined();
  });

  it('uses the operation schema for a documented status', () => {
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}', 200, queuedJob)).toEqual([]);
    expect(validateResponse('POST', '/api/v1/ai/jobs/{jobId}/cancel', 200, { jobId, state: 'NOPE' })).toHaveLength(1);
  });

  it('falls back to ApiError<status> when the path documents the status without a body', () => {
    expect(validateResponse('GET', '/api/v1/models', 401, { detail: 'Unauthorized', status: 401 })).toEqual([]);
    expect(validateResponse('GET', '/api/v1/models', 401, { message: 'Unauthorized' })).toEqual([
      "(root) must have required property 'detail'",
      "(root) must have required property 'status'",
    ]);
  });

  it('holds undocumented error statuses to {detail, status} with a matching status', () => {
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}', 429, { detail: 'Too Many Requests', status: 429 })).toEqual([]);
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}', 503, { detail: 'x', status: 500 })).toEqual([
      '/status is 500 but the HTTP status is 503',
    ]);
  });

  it('says when nothing describes the answer', () => {
    expect(validateResponse('GET', '/api/v1/models', 204, {})).toEqual(['no response schema for GET /api/v1/models 204']);
    expect(validateResponse('PUT', '/api/v1/models', 200, {})).toEqual(['no PUT operation on /api/v1/models']);
  });
});

describe('validateRequestBody', () => {
  it('checks a job submission', () => {
    expect(validateRequestBody('POST', '/api/v1/ai/jobs', { modelId: queuedJob.modelId, prompt: 'hi' })).toEqual([]);
    expect(validateRequestBody('POST', '/api/v1/ai/jobs', { modelId: 'x', prompt: '', webhookUrl: 'nope' })).toEqual([
      '/modelId must match format "uuid"',
      '/prompt must NOT have fewer than 1 characters',
      '/webhookUrl must match format "uri"',
    ]);
  });

  it('says when the operation takes no JSON body', () => {
    expect(validateRequestBody('GET', '/api/v1/ai/jobs/{jobId}', {})).toEqual([
      'GET /api/v1/ai/jobs/{jobId} has no JSON request body schema',
    ]);
  });
});

describe('vendored routines OpenAPI document', () => {
  const sharedRoutines = '/work/shared/omni-openapi/omni-ai-routines.openapi.json';
  const routineId = '880e8400-e29b-41d4-a716-446655440003';
  const routine = {
    id: routineId,
    name: 'Weekly user signups',
    prompt: 'How many users signed up last week?',
    description: null,
    modelId: '770e8400-e29b-41d4-a716-446655440002',
    branchId: null,
    topicName: null,
    schedule: '0 9 ? * MON *',
    timezone: 'America/New_York',
    destination: { type: 'email', recipientEmails: ['alice@example.com'], userGroupIds: [] },
    recipientCount: 1,
    disabled: false,
    systemDisabled: false,
    systemDisabledReason: null,
    lastRun: { completedAt: '2026-01-05T14:00:12.000Z', label: 'Delivered', state: 'COMPLETE' },
    condition: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
  };

  it.skipIf(!existsSync(sharedRoutines))('equals the shared copy it was taken from', () => {
    expect(readFileSync(routinesOpenApiFile, 'utf8')).toBe(readFileSync(sharedRoutines, 'utf8'));
  });

  it('accepts a documented routine and tells the two destinations apart', () => {
    expect(routinesOpenApi.validateSchema('RoutineResponse', routine)).toEqual([]);
    const slack = { ...routine, destination: { type: 'slack', recipientId: 'C01234567', slackRecipientType: 'channel' } };
    expect(routinesOpenApi.validateSchema('RoutineResponse', slack)).toEqual([]);
    // An email destination in a response must carry both arrays; a Slack one cannot carry them.
    expect(routinesOpenApi.validateSchema('RoutineResponse', { ...routine, destination: { type: 'email', recipientEmails: [] } })).not.toEqual([]);
    expect(
      routinesOpenApi.validateSchema('RoutineResponse', { ...slack, destination: { ...slack.destination, userGroupIds: [] } }),
    ).not.toEqual([]);
  });

  it('checks create bodies: required fields, no unknown keys, formats', () => {
    const body = { modelId: routine.modelId, name: 'n', prompt: 'p', schedule: 's', timezone: 'UTC', destination: { type: 'email' } };
    expect(routinesOpenApi.validateRequestBody('POST', '/api/v1/ai/routines', body)).toEqual([]);
    expect(routinesOpenApi.validateRequestBody('POST', '/api/v1/ai/routines', { ...body, isActive: true })).toEqual([
      '(root) must NOT have additional properties (isActive)',
    ]);
    const bad = { ...body, destination: { type: 'email', recipientEmails: ['nope'] } };
    expect(routinesOpenApi.validateRequestBody('POST', '/api/v1/ai/routines', bad)).toContain(
      '/destination/recipientEmails/0 must match format "email"',
    );
  });

  it('resolves routine paths and holds errors to {detail, status}', () => {
    expect(routinesOpenApi.resolvePathTemplate(`/v1/ai/routines/${routineId}/trigger`)).toBe('/api/v1/ai/routines/{id}/trigger');
    expect(routinesOpenApi.resolvePathTemplate('/api/v1/ai/jobs')).toBeUndefined();
    expect(routinesOpenApi.validateResponse('POST', '/api/v1/ai/routines/{id}/trigger', 202, { id: routineId })).toEqual([]);
    expect(routinesOpenApi.validateResponse('POST', '/api/v1/ai/routines', 429, { detail: 'x', status: 429 })).toEqual([]);
    // whoami documents 404 without a body: the ApiError404 shape applies.
    expect(routinesOpenApi.validateResponse('GET', '/api/v1/whoami', 404, { message: 'x' })).toEqual([
      "(root) must have required property 'detail'",
      "(root) must have required property 'status'",
    ]);
    expect(routinesOpenApi.validateResponse('PUT', `/api/v1/ai/routines/${routineId}`, 200, routine)).toEqual([
      'no PUT operation on /api/v1/ai/routines/{id}',
    ]);
    expect(routinesOpenApi.validateSchema('Nope', {})[0]).toMatch(/no schema named Nope/);
  });
});
