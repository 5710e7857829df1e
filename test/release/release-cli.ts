/**
 * The release workflow's checks, runnable by hand too:
 *
 *   npx tsx test/release/release-cli.ts plan 1.2.0 --notes notes.md   # checks, writes the notes
 *   npx tsx test/release/release-cli.ts notes 1.2.0                   # prints the notes
 *
 * `plan` prints (and appends to $GITHUB_OUTPUT when set) `tag`, `major-tag`, `move-major`,
 * `latest` and `prerelease`; any problem is one line on stderr and exit status 1.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { planRelease, releaseNotes } from './release.js';

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { notes: { type: 'string' } } });
  const [command, version] = positionals;
  if ((command !== 'plan' && command !== 'notes') || !version) {
    throw new Error('usage: release-cli.ts plan <version> [--notes <file>] | notes <version>');
  }
  const changelog = readFileSync('CHANGELOG.md', 'utf8');
  if (command === 'notes') {
    process.stdout.write(`${releaseNotes(changelog, version)}\n`);
    return;
  }
  const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  const tags = execFileSync('git', ['tag', '--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const plan = planRelease({ version, packageVersion, changelog, tags });
  if (values.notes) writeFileSync(values.notes, `${plan.notes}\n`);
  const outputs = `tag=${plan.tag}\nmajor-tag=${plan.majorTag}\nmove-major=${plan.moveMajor}\nlatest=${plan.latest}\nprerelease=${plan.prerelease}\n`;
  process.stdout.write(outputs);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, outputs);
}

try {
  main();
} catch (error) {
  console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
