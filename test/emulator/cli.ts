/**
 * `npm run sandbox`: the Omni API emulator as a standalone server on loopback, with demo timings,
 * so the action (or curl) can be pointed at it on a machine without an Omni account.
 */
import { parseArgs } from 'node:util';
import { PromptShapes } from './answer.js';
import { SampleRoutines } from './fixtures.js';
import { DemoTimings, startEmulator, type EmulatedRoutine } from './index.js';
import type { EmulatorOptions, RecordedRequest } from './types.js';

const usage = `Usage: npm run sandbox -- [options]

  --port <n>                 port to listen on (default: $OMNI_EMULATOR_PORT, $PORT or 8787; 0 = any)
  --host <addr>              address to bind (default 127.0.0.1)
  --fast                     test timings (a job takes ~40 ms) instead of demo timings (~5 s)
  --requests-per-minute <n>  per-key rate limit (default 60)
  --no-rate-limit            disable the rate limit
  --no-retry-after           answer 429 without a Retry-After header
  --chat-base-url <url>      base of omniChatUrl (default https://demo.omni.co)
  --max-active-routines <n>  active routines per user before create answers 429 (default 100)
  --quiet                    do not log requests
  --help                     show this help`;

function fail(message: string): never {
  console.error(`sandbox: ${message}`);
  process.exit(2);
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) fail(`${source} must be a port number (0-65535), got "${text}"`);
  return port;
}

function logLine(r: RecordedRequest): string {
  const time = new Date(r.wallAt).toISOString().slice(11, 19);
  const query = Object.keys(r.query).length > 0 ? '?' + new URLSearchParams(r.query).toString() : '';
  const status = r.status === null ? 'dropped' : String(r.status);
  return `${time} ${r.method} ${r.path}${query} → ${status} (${r.key} key${r.fault ? `, fault ${r.fault}` : ''})`;
}

function routineLine(r: EmulatedRoutine): string {
  const to =
    r.destination.type === 'slack'
      ? `Slack ${r.destination.slackRecipientType === 'channel' ? 'channel' : 'user'} ${r.destination.recipientId}`
      : `e-mail, ${r.recipientCount} recipient${r.recipientCount === 1 ? '' : 's'}`;
  const status = r.disabled ? ', paused' : r.systemDisabled ? ', disabled by Omni' : '';
  return `  ${r.id}   "${r.name}"  ${r.schedule} (${r.timezone}), ${to}${status}`;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        fast: { type: 'boolean' },
        'requests-per-minute': { type: 'string' },
        'no-rate-limit': { type: 'boolean' },
        'no-retry-after': { type: 'boolean' },
        'chat-base-url': { type: 'string' },
        'max-active-routines': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  if (args.help) {
    console.log(usage);
    return;
  }
  const envPort = process.env.OMNI_EMULATOR_PORT || process.env.PORT;
  const port =
    args.port !== undefined
      ? parsePort(args.port, '--port')
      : envPort !== undefined && envPort !== ''
        ? parsePort(envPort, process.env.OMNI_EMULATOR_PORT ? 'OMNI_EMULATOR_PORT' : 'PORT')
        : 8787;
  let rpm = 60;
  if (args['requests-per-minute'] !== undefined) {
    rpm = Number(args['requests-per-minute']);
    if (!Number.isInteger(rpm) || rpm < 1) fail(`--requests-per-minute must be a positive integer, got "${args['requests-per-minute']}"`);
  }
  let maxActivePerUser = 100;
  if (args['max-active-routines'] !== undefined) {
    maxActivePerUser = Number(args['max-active-routines']);
    if (!/^\d+$/.test(args['max-active-routines'])) {
      fail(`--max-active-routines must be a whole number, got "${args['max-active-routines']}"`);
    }
  }
  const options: EmulatorOptions = {
    host: args.host ?? '127.0.0.1',
    port,
    ...(args.fast ? {} : { timings: DemoTimings }),
    rateLimit: args['no-rate-limit'] ? false : { requestsPerMinute: rpm, retryAfter: !args['no-retry-after'] },
    ...(args['chat-base-url'] ? { chatBaseUrl: args['chat-base-url'] } : {}),
    ...(args.quiet ? {} : { onRequest: (r: RecordedRequest) => console.log(logLine(r)) }),
    routines: { maxActivePerUser, seed: [...SampleRoutines] },
  };

  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} is already in use; pick another with --port`);
    fail(error instanceof Error ? error.message : String(error));
  }
  const { ids, keys, url } = emulator;
  const example = JSON.stringify({ modelId: ids.modelId, prompt: 'top 5 products by revenue' });
  console.log(`Omni API emulator listening on ${url}

  omniUrl              ${url}
  apiKey (org key)     ${keys.org}
  apiKey (personal)    ${keys.personal}
  modelId              ${ids.modelId}   (shared model "Ecommerce")
  branchId             ${ids.branchId}   (branchName: ${ids.branchName})
  topicName            ${ids.topics.join(' | ')}
  userId               ${ids.userId}   (key owner; another member: ${ids.otherUserId})
  other model          ${ids.otherModelId}   ("Marketing", branch ${ids.otherBranchId})
  userGroupIds         ${ids.userGroups.map((g) => `${g.id} ("${g.name}", ${g.memberEmails.length} members)`).join('\n                       ')}

Routines of the key owner (GET /api/v1/ai/routines):
${emulator.routines().map(routineLine).join('\n')}

Try it:
  curl -s -X POST ${url}/api/v1/ai/jobs \\
    -H "Authorization: Bearer ${keys.org}" -H "Content-Type: application/json" \\
    -d '${example}'
  curl -s ${url}/api/v1/ai/jobs/<jobId> -H "Authorization: Bearer ${keys.org}"
  curl -s ${url}/api/v1/ai/routines -H "Authorization: Bearer ${keys.org}"

${PromptShapes}
On branch ${ids.branchName}, revenue excludes returned and cancelled orders and "margin" exists.
Rate limit: ${options.rateLimit === false ? 'off' : `${rpm} requests per minute per key`}. Press Ctrl-C to stop.
`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
