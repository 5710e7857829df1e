import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Imports only go down the stages (ARCHITECTURE.md). For each folder of src/: `only`, the folders
 * it may import (beside its own), or `not`, those it must not import; `files`, single files it
 * must not import. Paths are relative, so a folder names another one as `../<folder>/`.
 */
/** The Omni client and the interface it is called through. */
const OmniClientFiles = ['omni/client', 'omni/api'];

/** @type {Record<string, { only?: string[]; not?: string[]; files?: string[]; why: string }>} */
export const ImportBoundaries = {
  lib: { only: [], why: 'lib/ holds leaves: it imports nothing of the project' },
  omni: { only: ['lib'], why: 'omni/ is the Omni API: it imports only lib/' },
  job: { not: ['suite', 'routines', 'render', 'github', 'modes'], why: 'job/ runs one AI job: suites, routines, rendering, GitHub and modes sit above it' },
  suite: { not: ['routines', 'render', 'github', 'modes'], why: 'suite/ builds the report model: rendering, GitHub and modes sit above it, routines/ beside it' },
  routines: { not: ['suite', 'render', 'github', 'modes'], why: 'routines/ builds the plan: rendering, GitHub and modes sit above it, suite/ beside it' },
  render: { not: ['github', 'modes', 'action'], files: OmniClientFiles, why: 'render/ is pure text from models: it never writes to GitHub, reads inputs or calls Omni' },
  github: { not: ['modes'], files: OmniClientFiles, why: 'github/ writes to GitHub: the modes call it, and it never calls Omni' },
};

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The regular expressions of the import paths `folder` must not use. */
export function forbiddenImports({ only, not = [], files = [] }) {
  const patterns = [];
  // Leaving the folder for anything but the allowed ones (a deeper file climbs with more `../`).
  if (only) patterns.push(`^(\\.\\./)+(?!\\.\\./|${[...only.map((folder) => `${folder}/`), '\\0'].join('|')})`);
  if (not.length) patterns.push(`^(\\.\\./)+(${not.join('|')})/`);
  for (const file of files) patterns.push(`^(\\.\\./)+${escape(file)}\\.js$`);
  return patterns;
}

/** One no-restricted-imports block per folder. */
function boundaryBlocks() {
  return Object.entries(ImportBoundaries).map(([folder, boundary]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbiddenImports(boundary).map((regex) => ({ regex, message: `${boundary.why}.` })) }],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**', '.tmp/**', '.preview/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...boundaryBlocks(),
);
