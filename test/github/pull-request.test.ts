import { describe, expect, it } from 'vitest';
import { pullRequestNumber } from '../../src/github/pull-request.js';

describe('pullRequestNumber', () => {
  it.each([
    ['pull_request', { pull_request: { number: 12 } }, 12],
    ['pull_request_target', { pull_request: { number: 13 } }, 13],
    ['pull_request_review', { pull_request: { number: 14 } }, 14],
    ['issue_comment', { issue: { number: 15, pull_request: { url: 'x' } } }, 15],
    ['issue_comment', { issue: { number: 16 } }, undefined],
    ['issues', { issue: { number: 17 } }, undefined],
    ['workflow_run', { workflow_run: { pull_requests: [{ number: 18 }] } }, 18],
    ['workflow_run', { workflow_run: { pull_requests: [] } }, undefined],
    ['workflow_run', { workflow_run: { pull_requests: [{ number: 1 }, { number: 2 }] } }, undefined],
    ['schedule', {}, undefined],
    ['push', { pull_request: { number: 'x' } }, undefined],
    ['workflow_dispatch', { inputs: {} }, undefined],
  ])('%s %j → %s', (eventName, payload, expected) => {
    expect(pullRequestNumber({ eventName, payload })).toBe(expected);
  });
});
