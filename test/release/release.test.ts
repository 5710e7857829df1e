import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changelogSections, compareVersions, parseVersion, planRelease, releaseNotes, type Version } from './release.js';

const Changelog = `# Changelog

Intro text.

## [Unreleased]

### Added

- Routines.

## [1.1.0] - 2026-12-10

### Added

- Schemas.

\`\`\`yaml
## [9.9.9] - not a heading: inside a code block
\`\`\`

### Fixed

- Network failures said as such.

## [1.0.0] - 2026-11-24

### Added

- Everything.

[Unreleased]: https://github.com/acme/omni-ai-job/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/acme/omni-ai-job/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/acme/omni-ai-job/releases/tag/v1.0.0
`;

const v = (text: string): Version => parseVersion(text)!;

describe('versions', () => {
  it('reads semantic versions with or without v, and refuses the rest', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: '' });
    expect(parseVersion('v1.2.3-rc.1')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: 'rc.1' });
    for (const bad of ['1.2', 'v1', '01.2.3', '1.2.3+build', '1.2.3-', '1.2.3-01', 'V1.2.3', 'latest']) expect(parseVersion(bad), bad).toBeUndefined();
  });

  it('orders them as Semantic Versioning does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort((a, b) => compareVersions(v(a), v(b)))).toEqual(ordered);
  });
});

describe('the changelog', () => {
  it('splits into sections with their dates, code blocks and link definitions left out', () => {
    expect(changelogSections(Changelog).map((s) => [s.name, s.date])).toEqual([
      ['Unreleased', undefined],
      ['1.1.0', '2026-12-10'],
      ['1.0.0', '2026-11-24'],
    ]);
  });

  it('gives a version its section as release notes, without the heading or the links', () => {
    const notes = releaseNotes(Changelog, 'v1.1.0');
    expect(notes.startsWith('### Added\n\n- Schemas.')).toBe(true);
    expect(notes).toContain('## [9.9.9] - not a heading');
    expect(notes.endsWith('- Network failures said as such.')).toBe(true);
    expect(releaseNotes(Changelog, '1.0.0')).toBe('### Added\n\n- Everything.');
  });

  it('says what to write when the version has no section or an empty one', () => {
    expect(() => releaseNotes(Changelog, '1.2.0')).toThrow('CHANGELOG.md has no section for 1.2.0: add "## [1.2.0] - YYYY-MM-DD"');
    expect(() => releaseNotes('## [1.2.0] - 2026-12-12\n\n## [1.1.0] - 2026-12-10\n- x\n', '1.2.0')).toThrow("section for 1.2.0 is empty");
  });

  it("this repository's changelog has an Unreleased section and a dated section for package.json's version", () => {
    const root = resolve(import.meta.dirname, '../..');
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const sections = changelogSections(changelog);
    expect(sections[0]?.name).toBe('Unreleased');
    expect(sections.find((s) => s.name === version)?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(releaseNotes(changelog, version)).toMatch(/^### (Added|Changed|Fixed|Removed|Deprecated|Security)\n/);
    // Every section but Unreleased is a version, newest first.
    const versions = sections.slice(1).map((s) => v(s.name));
    expect(versions.every(Boolean)).toBe(true);
    expect([...versions].sort((a, b) => compareVersions(b, a))).toEqual(versions);
  });
});

describe('planning a release', () => {
  const facts = { version: '1.1.0', packageVersion: '1.1.0', changelog: Changelog, tags: ['v1.0.0', 'v1'] };

  it('tags the version and moves the major tag to it', () => {
    expect(planRelease(facts)).toEqual({ tag: 'v1.1.0', majorTag: 'v1', moveMajor: true, latest: true, prerelease: false, notes: releaseNotes(Changelog, '1.1.0') });
  });

  it('leaves the major tag where it is for a pre-release, or for a fix to an older minor', () => {
    const rc = `## [1.1.0-rc.1] - 2026-12-09\n\n- Try it.\n\n${Changelog}`;
    expect(planRelease({ ...facts, version: '1.1.0-rc.1', packageVersion: '1.1.0-rc.1', changelog: rc })).toMatchObject({ tag: 'v1.1.0-rc.1', moveMajor: false, latest: false, prerelease: true });
    const patch = `## [1.0.1] - 2026-12-11\n\n- Fix.\n\n${Changelog}`;
    expect(planRelease({ ...facts, version: '1.0.1', packageVersion: '1.0.1', changelog: patch, tags: ['v1.0.0', 'v1.1.0', 'v1'] })).toMatchObject({ tag: 'v1.0.1', majorTag: 'v1', moveMajor: false, latest: false });
    // A newer major does not hold back the older major's tag.
    expect(planRelease({ ...facts, version: '1.0.1', packageVersion: '1.0.1', changelog: patch, tags: ['v1.0.0', 'v2.0.0', 'v1', 'v2'] })).toMatchObject({ majorTag: 'v1', moveMajor: true, latest: false });
  });

  it('refuses, in one line each, what would make a wrong release', () => {
    expect(() => planRelease({ ...facts, version: 'v1.1' })).toThrow("'v1.1' is not a semantic version");
    expect(() => planRelease({ ...facts, packageVersion: '1.0.0' })).toThrow("package.json says version 1.0.0, not 1.1.0: run 'npm version 1.1.0 --no-git-tag-version'");
    expect(() => planRelease({ ...facts, tags: ['v1.1.0'] })).toThrow('the tag v1.1.0 already exists');
    expect(() => planRelease({ ...facts, version: '1.2.0', packageVersion: '1.2.0' })).toThrow('no section for 1.2.0');
    expect(() => planRelease({ ...facts, version: '1.2.0', packageVersion: '1.2.0', changelog: `## [1.2.0]\n\n- x\n${Changelog}` })).toThrow('has no date');
  });
});

describe('the command the release workflow runs', () => {
  const cli = resolve(import.meta.dirname, 'release-cli.ts');
  const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');

  it('checks against the files and tags of a repository and writes outputs and notes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
      git('init', '-q');
      writeFileSync(join(dir, 'CHANGELOG.md'), Changelog);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.1.0' }));
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'init');
      git('tag', 'v1.0.0');
      const output = join(dir, 'github-output');
      writeFileSync(output, '');
      const stdout = execFileSync(tsx, [cli, 'plan', '1.1.0', '--notes', 'notes.md'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_OUTPUT: output } });
      expect(stdout).toBe('tag=v1.1.0\nmajor-tag=v1\nmove-major=true\nlatest=true\nprerelease=false\n');
      expect(readFileSync(output, 'utf8')).toBe(stdout);
      expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe(`${releaseNotes(Changelog, '1.1.0')}\n`);

      git('tag', 'v1.1.0');
      let failure: { status: number; stderr: string } | undefined;
      try {
        execFileSync(tsx, [cli, 'plan', '1.1.0'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        failure = error as { status: number; stderr: string };
      }
      expect(failure?.status).toBe(1);
      expect(failure?.stderr.trim()).toBe('release: the tag v1.1.0 already exists: a released version is never moved; release the next version instead');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
