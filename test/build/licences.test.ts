import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { licenceEntries, mergeLicences } from '../../scripts/build.js';

const packages = new Set(['@actions/core', 'undici', 'yaml', 'tunnel']);
const isPackage = (name: string) => packages.has(name);

// As ncc's licence plugin writes them: name, licence id, text (with blank lines of its own), blank line.
const mainChunk = '@actions/core\nMIT\nThe MIT License\n\nCopyright GitHub\n\nundici\nMIT\nMIT License\n\nCopyright Matteo Collina\n\n';
const suiteChunk = 'yaml\nISC\nCopyright Eemeli Aro\n\nundici\nMIT\nMIT License\n\nCopyright Matteo Collina\n\n';

describe('licence files of the chunks', () => {
  it('splits a file into entries only where a line after a blank line names a package', () => {
    expect(licenceEntries(mainChunk, isPackage)).toEqual([
      { name: '@actions/core', text: '@actions/core\nMIT\nThe MIT License\n\nCopyright GitHub' },
      { name: 'undici', text: 'undici\nMIT\nMIT License\n\nCopyright Matteo Collina' },
    ]);
  });

  it('lists every package of every chunk once, sorted by name', () => {
    const merged = mergeLicences([mainChunk, suiteChunk], isPackage);
    expect(licenceEntries(merged, isPackage).map((entry) => entry.name)).toEqual(['@actions/core', 'undici', 'yaml']);
    expect(merged.match(/^undici$/gm)).toHaveLength(1);
    expect(merged.endsWith('Copyright Eemeli Aro\n\n')).toBe(true);
  });

  it('refuses a file whose first lines belong to no package', () => {
    expect(() => licenceEntries('left-pad\nWTFPL\n', isPackage)).toThrow("line 1 ('left-pad') belongs to no package");
  });
});

describe('dist/licenses.txt', () => {
  const root = new URL('../../', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { dependencies: Record<string, string> };
  const bundled = (name: string) => existsSync(new URL(`node_modules/${name}/package.json`, root));

  it('names every runtime dependency, whichever chunk holds its code', () => {
    const listed = licenceEntries(readFileSync(new URL('dist/licenses.txt', root), 'utf8'), bundled).map((entry) => entry.name);
    expect(listed).toEqual(expect.arrayContaining(Object.keys(manifest.dependencies)));
  });
});
