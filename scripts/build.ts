/**
 * `npm run build`: bundles the action into dist/ with ncc. Each mode, and `@actions/github`, is a
 * chunk of its own that loads only when the run needs it, so a step parses little more than the
 * toolkit before its first request to Omni (BENCHMARKS.md, cold start).
 *
 * ncc writes the licences of the bundled packages once per chunk. Written under one name, each
 * chunk's list would replace the one before, so they are written per chunk and merged here into
 * the one `licenses.txt` that lists every package in dist/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ChunkLicences = /\.licenses\.txt$/;

/** One package's entry, as ncc's licence plugin renders it: name, licence id, licence text. */
export interface LicenceEntry {
  name: string;
  text: string;
}

/**
 * The entries of one licence file. The plugin writes `name\nlicence\ntext\n\n` per package, and a
 * licence text may hold blank lines itself, so an entry starts only where a line after a blank
 * line names a bundled package.
 */
export function licenceEntries(file: string, isPackage: (name: string) => boolean): LicenceEntry[] {
  const lines = file.split('\n');
  const entries: LicenceEntry[] = [];
  let current: { name: string; lines: string[] } | undefined;
  lines.forEach((line, index) => {
    if ((index === 0 || lines[index - 1] === '') && line !== '' && isPackage(line)) {
      if (current) entries.push({ name: current.name, text: current.lines.join('\n').trimEnd() });
      current = { name: line, lines: [line] };
    } else if (current) {
      current.lines.push(line);
    } else if (line !== '') {
      throw new Error(`licence file: line ${index + 1} ('${line}') belongs to no package`);
    }
  });
  if (current) entries.push({ name: current.name, text: current.lines.join('\n').trimEnd() });
  return entries;
}

/** Every package once, by name, in the plugin's own format. */
export function mergeLicences(files: readonly string[], isPackage: (name: string) => boolean): string {
  const byName = new Map<string, string>();
  for (const file of files) for (const entry of licenceEntries(file, isPackage)) byName.set(entry.name, entry.text);
  return [...byName.keys()]
    .sort()
    .map((name) => `${byName.get(name)!}\n\n`)
    .join('');
}

function isBundledPackage(name: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) && existsSync(join(root, 'node_modules', name, 'package.json'));
}

/**
 * ncc with the action's options, so that anything else bundled this way (the cold-start bench's
 * floor) is built as dist/ is. `extra`: further ncc flags.
 */
export function nccBuild(entry: string, outDir: string, extra: readonly string[] = []): void {
  const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', outDir, '--target', 'es2023', ...extra], { stdio: 'inherit' });
}

function build(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  nccBuild(join(root, 'src/index.ts'), outDir, ['--license', '[name].licenses.txt']);
  const perChunk = readdirSync(outDir).filter((name) => ChunkLicences.test(name)).sort();
  const merged = mergeLicences(
    perChunk.map((name) => readFileSync(join(outDir, name), 'utf8')),
    isBundledPackage,
  );
  for (const name of perChunk) rmSync(join(outDir, name));
  writeFileSync(join(outDir, 'licenses.txt'), merged);
}

// Run as a script (npm run build), not imported by its test; real paths, in case of links.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) build(join(root, 'dist'));
