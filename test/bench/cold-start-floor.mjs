/**
 * The toolkit’s floor for the cold-start benchmark: what every JavaScript action on
 * `@actions/core` pays before its first request. The bench bundles this file with ncc, as the
 * action's own build does, and times it like `dist/index.js`: spawn → first request at Omni.
 */
import { request } from 'node:http';
import { URL } from 'node:url';
import * as core from '@actions/core';

const base = new URL(core.getInput('omniUrl', { required: true }));
const sent = request(new URL('/api/v1/ai/jobs', base), { method: 'POST', headers: { authorization: `Bearer ${core.getInput('apiKey')}`, 'content-type': 'application/json' } }, (answer) => {
  answer.resume();
  answer.on('end', () => core.info(`floor: ${answer.statusCode}`));
});
sent.on('error', (error) => core.setFailed(error.message));
sent.end(JSON.stringify({ modelId: core.getInput('modelId'), prompt: core.getInput('prompt') }));
