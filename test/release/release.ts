/**
 * How a release is cut, as pure functions the release workflow calls (through release-cli.ts) and
 * the tests check: the version must be the one package.json and CHANGELOG.md name, its tag must
 * be new, the major tag (`v1`) moves only forward, and the release notes are the changelog's
 * section of that version.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** `rc.1` in 1.2.0-rc.1; empty for a stable release. */
  prerelease: string;
}

const SemVer = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

/** `1.2.3`, `v1.2.3` or `1.2.3-rc.1`; undefined for anything else (build metadata included). */
export function parseVersion(text: string): Version | undefined {
  const match = SemVer.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? '' };
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}${version.prerelease ? `-${version.prerelease}` : ''}`;
}

/** Semantic Versioning's precedence: negative when a comes first. */
export function compareVersions(a: Version, b: Version): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease === b.prerelease) return 0;
  // A pre-release comes before its release.
  if (!a.prerelease) return 1;
  if (!b.prerelease) return -1;
  const left = a.prerelease.split('.');
  const right = b.prerelease.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) return Number(x) - Number(y);
    if (xNumeric) return -1;
    if (yNumeric) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const SectionHeading = /^## \[?([^\]\s]+)\]?(?:\s+-\s+(\S+))?\s*$/;
const LinkDefinition = /^\[[^\]]+\]:\s+\S+/;

export interface ChangelogSection {
  /** The heading as written: `1.2.0` or `Unreleased`. */
  name: string;
  /** The date after the name (`## [1.2.0] - 2026-12-10`), if any. */
  date?: string;
  /** The section's text without its heading, trimmed. */
  body: string;
}

/** Every `## ` section of a Keep a Changelog file, in order. */
export function changelogSections(changelog: string): ChangelogSection[] {
  const sections: ChangelogSection[] = [];
  let current: { name: string; date?: string; lines: string[] } | undefined;
  const close = () => {
    if (!current) return;
    // Link definitions at the end of the file belong to no section.
    const lines = current.lines.filter((line) => !LinkDefinition.test(line));
    sections.push({ name: current.name, ...(current.date ? { date: current.date } : {}), body: lines.join('\n').trim() });
  };
  let fence = false;
  for (const line of changelog.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    const heading = fence ? null : SectionHeading.exec(line);
    if (heading) {
      close();
      current = heading[2] ? { name: heading[1]!, date: heading[2], lines: [] } : { name: heading[1]!, lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  close();
  return sections;
}

/** The release notes of `version`: its changelog section without the heading. */
export function releaseNotes(changelog: string, version: string): string {
  const wanted = parseVersion(version);
  const name = wanted ? formatVersion(wanted) : version;
  const section = changelogSections(changelog).find((s) => s.name.replace(/^v/, '') === name);
  if (!section) throw new Error(`CHANGELOG.md has no section for ${name}: add "## [${name}] - YYYY-MM-DD" (move the Unreleased entries under it)`);
  if (section.body === '') throw new Error(`CHANGELOG.md's section for ${name} is empty: list what the release changes`);
  return section.body;
}

export interface ReleasePlan {
  /** `v1.2.3`: the tag this release creates. */
  tag: string;
  /** `v1`: the tag users pin to for this major. */
  majorTag: string;
  /** True when this is the newest stable release of its major, so `v1` moves to it. */
  moveMajor: boolean;
  /** True when no stable release of any major is newer: GitHub shows it as the latest release. */
  latest: boolean;
  prerelease: boolean;
  notes: string;
}

export interface ReleaseFacts {
  /** What the person releasing typed, e.g. `1.2.0`. */
  version: string;
  /** package.json's `version`. */
  packageVersion: string;
  changelog: string;
  /** Every tag of the repository (`git tag --list`). */
  tags: readonly string[];
}

/** Checks that `version` can be released and says what to tag; throws one line saying what is wrong. */
export function planRelease(facts: ReleaseFacts): ReleasePlan {
  const version = parseVersion(facts.version);
  if (!version) throw new Error(`'${facts.version}' is not a semantic version like 1.2.0 or 1.2.0-rc.1`);
  const name = formatVersion(version);
  if (facts.packageVersion !== name) {
    throw new Error(`package.json says version ${facts.packageVersion}, not ${name}: run 'npm version ${name} --no-git-tag-version' and commit it first`);
  }
  const tag = `v${name}`;
  if (facts.tags.includes(tag)) throw new Error(`the tag ${tag} already exists: a released version is never moved; release the next version instead`);
  const section = changelogSections(facts.changelog).find((s) => s.name.replace(/^v/, '') === name);
  if (section && !section.date) throw new Error(`CHANGELOG.md's section for ${name} has no date: write "## [${name}] - YYYY-MM-DD"`);
  const notes = releaseNotes(facts.changelog, name);

  const prerelease = version.prerelease !== '';
  const newerStable = facts.tags
    .map(parseVersion)
    .filter((v): v is Version => v !== undefined && v.prerelease === '' && compareVersions(v, version) > 0);
  const newerInMajor = newerStable.some((v) => v.major === version.major);
  return {
    tag,
    majorTag: `v${version.major}`,
    moveMajor: !prerelease && !newerInMajor,
    latest: !prerelease && newerStable.length === 0,
    prerelease,
    notes,
  };
}
