/**
 * The lint rule that keeps imports going down the stages (eslint.config.js, ARCHITECTURE.md):
 * a wrong-way import is reported on the line that makes it; the right-way ones pass.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** The boundary messages ESLint gives `source` as if it were the file at `path`. */
async function boundaryProblems(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => `${message.line}: ${message.message}`);
}

describe('import boundaries', () => {
  it.each([
    ['src/lib/wrong.ts', "import type { JobState } from '../omni/types.js';", 'lib/ holds leaves'],
    ['src/lib/wrong.ts', "import { run } from '../main.js';", 'lib/ holds leaves'],
    ['src/omni/wrong.ts', "import { isTerminal } from '../job/state.js';", 'omni/ is the Omni API'],
    ['src/omni/wrong.ts', "import type { Settings } from '../action/settings.js';", 'omni/ is the Omni API'],
    ['src/omni/deep/wrong.ts', "import { runJob } from '../../job/runner.js';", 'omni/ is the Omni API'],
    ['src/job/wrong.ts', "import { cleanText } from '../render/text.js';", 'job/ runs one AI job'],
    ['src/job/wrong.ts', "import type { Suite } from '../suite/suite.js';", 'job/ runs one AI job'],
    ['src/suite/wrong.ts', "import { loadRoutinesFile } from '../routines/file.js';", 'suite/ builds the report model'],
    ['src/suite/wrong.ts', "import { renderJunit } from '../render/junit.js';", 'suite/ builds the report model'],
    ['src/routines/wrong.ts', "import { selectShard } from '../suite/shard.js';", 'routines/ builds the plan'],
    ['src/routines/wrong.ts', "import { postComment } from '../github/publish.js';", 'routines/ builds the plan'],
    ['src/render/wrong.ts', "import { OmniClient } from '../omni/client.js';", 'render/ is pure text'],
    ['src/render/wrong.ts', "import { Inputs } from '../action/constants.js';", 'render/ is pure text'],
    ['src/render/wrong.ts', "import { markedComment } from '../github/marker.js';", 'render/ is pure text'],
    ['src/github/wrong.ts', "import type { OmniApi } from '../omni/api.js';", 'github/ writes to GitHub'],
    ['src/github/wrong.ts', "import { logEvent } from '../modes/events.js';", 'github/ writes to GitHub'],
  ])('%s may not %s', async (path, line, why) => {
    const problems = await boundaryProblems(path, `import { readFile } from 'node:fs/promises';\n${line}\nexport { readFile };\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^2: .*${why}`));
  });

  it.each([
    ['src/lib/ok.ts', "import { redact } from './secrets.js';"],
    ['src/omni/ok.ts', "import type { Clock } from '../lib/clock.js';"],
    ['src/omni/deep/ok.ts', "import type { Clock } from '../../lib/clock.js';"],
    ['src/job/ok.ts', "import type { OmniApi } from '../omni/api.js';"],
    ['src/suite/ok.ts', "import { runJob } from '../job/runner.js';"],
    ['src/routines/ok.ts', "import type { OmniRoutinesApi } from '../omni/api.js';"],
    ['src/render/ok.ts', "import type { JobState } from '../omni/types.js';"],
    ['src/render/ok.ts', "import type { SuiteReport } from '../suite/report.js';"],
    ['src/github/ok.ts', "import { CommentMaxChars } from '../render/budget.js';"],
    ['src/modes/ok.ts', "import { postComment } from '../github/publish.js';"],
    ['src/main.ts', "import { OmniClient } from './omni/client.js';"],
  ])('%s may %s', async (path, line) => {
    expect(await boundaryProblems(path, `${line}\n`)).toEqual([]);
  });

  it('holds in the whole source tree', async () => {
    const results = await eslint.lintFiles(['src']);
    const problems = results.flatMap((result) =>
      result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => `${result.filePath}:${message.line}: ${message.message}`),
    );
    expect(problems).toEqual([]);
  });
});
