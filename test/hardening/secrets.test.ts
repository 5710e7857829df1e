/**
 * The API key, the webhook signing secret and the GitHub token never show: not in the log (with
 * RUNNER_DEBUG=1), the summary, the PR comment, the outputs, the state, the result file or an
 * error message, even when Omni (or a gateway) echoes them back, escaped, cut short or in a table.
 * Each secret goes only where it belongs: the key in Omni's Authorization header, the webhook
 * secret in the create body, the GitHub token in GitHub's Authorization header.
 */
import { describe, expect, it } from 'vitest';
import { findLeaks } from './support/leaks.js';
import { startOmniFront, type OmniFront, type SeenRequest } from './support/omni-front.js';
import {
  artefacts,
  GithubToken,
  inputs,
  runPostStep,
  PollMs,
  runStep,
  startStep,
  testBudget,
  visibleLog,
  withServices,
  workspace,
  type Services,
} from './support/e2e.js';

/** Chosen to exercise escaping: markdown punctuation, "@" and "#1" (which get joiners), "<", "&". */
const WebhookSecret = 'whs_Hard*ening@Secret#1<&>_0123456789';
const WebhookInputs = { webhookUrl: 'https://hooks.example.com/omni', webhookSigningSecret: WebhookSecret, webhookMetadata: '{"run": "42"}' };
const Debug = { RUNNER_DEBUG: '1' };

function secretsOf(services: Services): Record<string, string> {
  return { apiKey: services.emulator.keys.org, webhookSecret: WebhookSecret, githubToken: GithubToken };
}

/** All three secrets, in the markdown contexts an answer can put them in. */
function hostileEcho(secrets: Record<string, string>): string {
  const all = Object.values(secrets);
  return [
    `Plain: ${all.join(' ')}`,
    `Emphasis: **${all.join('** **')}**`,
    `Code: \`${all.join('` `')}\``,
    `| key | value |\n|---|---|\n${all.map((s) => `| secret | ${s} |`).join('\n')}`,
    `Link: [here](https://evil.example/${encodeURIComponent(all[0]!)}) <${all[1]}>`,
    `Padded so that a cut lands inside: ${'x'.repeat(280)}${all.join('')}`,
  ].join('\n\n');
}

function withEcho(body: unknown, secrets: Record<string, string>, request: SeenRequest): unknown {
  const echo = hostileEcho(secrets);
  const doc = body as Record<string, unknown>;
  if (request.route === 'getJob') {
    const progress = doc.progress as { message?: string } | null | undefined;
    if (progress) progress.message = `Looking at ${Object.values(secrets).join(', ')}`;
    if (typeof doc.resultSummary === 'string') doc.resultSummary = `${doc.resultSummary}\n\n${echo}`;
    if (doc.error) doc.error = { message: `Failed with ${echo}`, code: `CODE_${secrets.apiKey}`, detail: echo };
  }
  if (request.route === 'getResult') {
    doc.message = `${String(doc.message)}\n\n${echo}`;
    doc.resultSummary = `${String(doc.resultSummary)}\n\n${echo}`;
    const actions = doc.actions as { result?: Record<string, unknown> }[];
    const result = actions.find((action) => action.result)?.result;
    if (result) {
      result.queryName = `Query for ${Object.values(secrets).join(' ')}`;
      result.csvResult = `${String(result.csvResult)}\n${Object.values(secrets).map((s) => `"${s.replace(/"/g, '""')}",1`).join('\n')}`;
      (result.query as { fields: string[] }).fields.push(...Object.values(secrets));
    }
  }
  return body;
}

async function withFront<T>(services: Services, options: Omit<Parameters<typeof startOmniFront>[0], 'target'>, test: (front: OmniFront) => Promise<T>): Promise<T> {
  const front = await startOmniFront({ target: services.emulator.url, ...options });
  try {
    return await test(front);
  } finally {
    await front.close();
  }
}

/** Each secret went only where it belongs. */
function expectSecretsWhereTheyBelong(services: Services, front: OmniFront, apiKey: string): void {
  const { github } = services;
  for (const request of front.seen) {
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    const elsewhere = JSON.stringify({ ...request.headers, authorization: '' }) + request.path;
    expect(findLeaks({ omniRequest: elsewhere }, { apiKey, githubToken: GithubToken, webhookSecret: WebhookSecret })).toEqual([]);
    if (request.route !== 'createJob') expect(findLeaks({ omniBody: request.rawBody }, { WebhookSecret })).toEqual([]);
    expect(findLeaks({ omniBody: request.rawBody }, { apiKey, GithubToken })).toEqual([]);
  }
  for (const request of github.requests) {
    expect(request.headers.authorization).toBe(`token ${GithubToken}`);
    const rest = JSON.stringify({ ...request.headers, authorization: '' }) + request.path + request.body;
    expect(findLeaks({ githubRequest: rest }, secretsOf(services))).toEqual([]);
  }
}

describe.concurrent('secrets never leak', () => {
  it('a PR run where Omni echoes every secret in progress, answer, queries and data (RUNNER_DEBUG=1)', () =>
    withServices(
      async (services) =>
        withFront(services, { rewrite: (request, body) => withEcho(body, secretsOf(services), request) }, async (front) => {
          const place = await workspace(services.github, { name: 'pull_request', number: 11 }, Debug);
          const run = await runStep(place, await inputs(services.emulator, { omniUrl: front.url, ...WebhookInputs }));
          expect(run.exitCode).toBe(0);
          expect(run.outputs.state).toBe('COMPLETE');
          const comment = services.github.commentsOn(11, 'acme', 'models')[0]?.body ?? '';
          expect(comment).toContain('***');
          const found = await artefacts(run, place);
          expect(found.resultFile).toContain('***');
          // The progress echo was seen and logged, scrubbed.
          expect(found.log).toMatch(/^EXECUTING \(iteration 1: Looking at \*\*\*, \*\*\*, \*\*\*\)$/m);
          expect(findLeaks({ ...found, comment }, secretsOf(services))).toEqual([]);
          expectSecretsWhereTheyBelong(services, front, services.emulator.keys.org);
          // The webhook secret did reach Omni, in the create body.
          expect(JSON.parse(front.seen.find((request) => request.route === 'createJob')!.rawBody)).toMatchObject({ webhookSigningSecret: WebhookSecret });
        }),
      // The progress message shows from 1.9 s to 3.8 s after creation: the first poll, 2.0–2.1 s
      // after Omni answered the create, lands inside, with 1.7 s to spare for a loaded machine.
      { emulator: { timings: { queuedMs: 10, iterationMs: 3_800, iterations: 1, deliveringMs: 10 } } },
    ),
    // Polls in EXECUTING, then after the job completes.
    testBudget(1, 2 * PollMs),
  );

  it('a FAILED job whose error message, code and detail echo the secrets', () =>
    withServices(async (services) =>
      withFront(services, { rewrite: (request, body) => withEcho(body, secretsOf(services), request) }, async (front) => {
        services.emulator.script({ fail: { message: 'Query failed', code: 'QUERY_ERROR', detail: 'detail' } });
        const place = await workspace(services.github, { name: 'pull_request', number: 12 }, Debug);
        const run = await runStep(place, await inputs(services.emulator, { omniUrl: front.url, ...WebhookInputs }));
        expect(run.exitCode).toBe(1);
        expect(run.outputs.state).toBe('FAILED');
        expect(run.stdout).toMatch(/::error::Omni job .* failed: Failed with/);
        const comment = services.github.commentsOn(12, 'acme', 'models')[0]?.body ?? '';
        expect(comment).toContain('Failed with');
        expect(findLeaks({ ...(await artefacts(run, place)), comment }, secretsOf(services))).toEqual([]);
      }),
    ),
    testBudget(1, PollMs),
  );

  it('an error that echoes the request (body and Authorization), with a secret where the message is cut', () =>
    withServices(async (services) =>
      withFront(
        services,
        {
          answer: (request) =>
            request.route === 'createJob'
              ? {
                  status: 400,
                  body: { status: 400, detail: `Bad Request: ${'y'.repeat(275)} ${String(request.headers.authorization)} in ${request.rawBody}` },
                }
              : undefined,
        },
        async (front) => {
          const place = await workspace(services.github, { name: 'schedule' }, Debug);
          const run = await runStep(place, await inputs(services.emulator, { omniUrl: front.url, ...WebhookInputs }));
          expect(run.exitCode).toBe(1);
          expect(visibleLog(run)).toMatch(/^::error::Omni rejected the request as invalid \(400\): Bad Request: y+ Bearer \*\*\*/m);
          expect(run.stderr).toBe('');
          expect(findLeaks(await artefacts(run, place), secretsOf(services))).toEqual([]);
        },
      ),
    ),
    testBudget(1),
  );

  it('a key from OMNI_API_KEY with a trailing newline, echoed in a 401', () =>
    withServices(async (services) =>
      withFront(
        services,
        {
          answer: (request) =>
            request.route === 'createJob'
              ? { status: 401, body: { status: 401, detail: `Unauthorized: ${String(request.headers.authorization)} is not a key of this instance` } }
              : undefined,
        },
        async (front) => {
          const key = services.emulator.keys.org;
          const place = await workspace(services.github, { name: 'schedule' }, { ...Debug, OMNI_API_KEY: `${key}\n` });
          const run = await runStep(place, await inputs(services.emulator, { omniUrl: front.url, apiKey: '' }));
          expect(run.exitCode).toBe(1);
          expect(visibleLog(run)).toMatch(/^::error::Omni rejected the API key \(401\): Unauthorized: Bearer \*\*\* is not a key/m);
          // The runner is told to mask exactly the key that is used.
          expect(run.stdout.split('\n')).toContain(`::add-mask::${key}`);
          expect(findLeaks(await artefacts(run, place), secretsOf(services))).toEqual([]);
        },
      ),
    ),
    testBudget(1),
  );

  it('the post step, when Omni echoes the key in an error while it checks a job left running', () =>
    withServices(async (services) => {
      let echoing = false;
      return withFront(
        services,
        {
          answer: (request) =>
            echoing && request.route === 'getJob'
              ? { status: 403, body: { status: 403, detail: `Forbidden for ${String(request.headers.authorization)}` } }
              : undefined,
        },
        async (front) => {
          services.emulator.script({ stuckIn: 'EXECUTING' });
          const place = await workspace(services.github, { name: 'schedule' }, Debug);
          const given = await inputs(services.emulator, { omniUrl: front.url, ...WebhookInputs });
          const step = startStep(place, given);
          await step.waitForOutput(/EXECUTING/);
          step.child.kill('SIGKILL');
          await step.done;
          echoing = true;
          const post = await runPostStep(place, given);
          expect(post.exitCode).toBe(0);
          expect(post.stdout).toMatch(/::warning::Post step: could not cancel Omni job .*: Omni refused \(403\): Forbidden for Bearer \*\*\*/);
          expect(post.stdout).not.toContain('::error::');
          expect(findLeaks({ log: visibleLog(post), stderr: post.stderr }, secretsOf(services))).toEqual([]);
        },
      );
    }),
    testBudget(2, PollMs),
  );
});
