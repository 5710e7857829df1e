/**
 * The suite's documentation says what the action prints: the prompts file's errors as
 * examples/README.md shows them, and the troubleshooting table's suite rows in README.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/action/input-helper.js';
import { resolveBranchId } from '../../src/omni/branch.js';
import { mergeReports, type LegReport } from '../../src/suite/merge.js';
import { parsePromptsFile } from '../../src/suite/prompts-file.js';
import { complete } from './support/outcomes.js';
import { Model, modelsOnlyApi, runStubSuite } from './support/suite-run.js';

const readme = readFileSync('README.md', 'utf8');
const examples = readFileSync('examples/README.md', 'utf8');

function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  expect(start, `${heading} is missing`).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0]!;
  const end = text.indexOf(`\n${level} `, start + heading.length);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The message a thrown error carries. */
async function thrown(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

/** The symptoms of the troubleshooting table: the code span of each row's first cell. */
function symptoms(): string[] {
  return section(readme, '## Troubleshooting')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| symptom'))
    .map((line) => /^\| [^|`]*`([^`]+)`/.exec(line)?.[1])
    .filter((symptom): symptom is string => symptom !== undefined);
}

/** A symptom as the table writes it, "…" standing for the parts that vary. */
function pattern(symptom: string): RegExp {
  return new RegExp(symptom.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
}

const promptsFileErrors = section(examples, '### Errors');
const brokenFile = /```yaml\n([\s\S]*?)```/.exec(promptsFileErrors)![1]!;
const shownError = /```text\n([\s\S]*?)```/.exec(promptsFileErrors)![1]!.trimEnd();

describe('examples/README.md', () => {
  it('shows the step error the example file with mistakes really gets', async () => {
    expect(await thrown(() => parsePromptsFile(brokenFile, 'prompts.yml'))).toBe(shownError);
  });

  it('says a conversationId input beside a prompts file fails the step, with the message it fails with', async () => {
    const row = section(examples, '### A case')
      .split('\n')
      .find((line) => line.startsWith('| `conversationId` |'))!;
    const quoted = /fails before any request with `([^`]+)`/.exec(row)?.[1];
    expect(quoted, 'the conversationId row quotes the error').toBeDefined();
    const message = await thrown(() =>
      parseSettings({ promptsFile: 'prompts.yml', conversationId: '11111111-1111-4111-8111-111111111111', omniUrl: 'https://acme.omniapp.co', apiKey: 'key' }, {}),
    );
    expect(message).toMatch(pattern(quoted!));
  });
});

describe("README.md's troubleshooting table", () => {
  it("quotes the suite's errors as the action prints them", async () => {
    const run = (id: string, attempt = 1) => ({ id, attempt });
    const yaml = `modelId: ${Model}\ncases:\n  - id: a\n    prompt: a\n  - id: b\n    prompt: b\n`;
    const legs: LegReport[] = [];
    for (const index of [1, 2, 3]) {
      const { report } = await runStubSuite(yaml, () => complete(), { shard: { index, total: 3 } }, undefined, { workflowRun: run(index === 2 ? '41' : '42') });
      legs.push({ file: `omni-suite-${index}/suite-report.json`, report });
    }
    const printed = {
      prompts: shownError.split('\n')[0]!,
      branch: await thrown(() => resolveBranchId(modelsOnlyApi(), Model, 'feature/net-revenue')),
      conversation: await thrown(() =>
        parseSettings({ promptsFile: 'prompts.yml', conversationId: '11111111-1111-4111-8111-111111111111', omniUrl: 'https://acme.omniapp.co', apiKey: 'key' }, {}),
      ),
      otherRun: await thrown(() => mergeReports(legs)),
      missingLeg: await thrown(() => mergeReports([legs[0]!, legs[2]!])),
    };
    const rows = symptoms();
    for (const [what, message] of Object.entries(printed)) {
      expect(rows.filter((symptom) => pattern(symptom).test(message)), `a row for ${what}: ${message}`).toHaveLength(1);
    }
  });
});
