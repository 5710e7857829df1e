/**
 * `npm run preview`: the demo's PR comment and job summary as a reader sees them, to look at
 * before shipping. Runs the action from its sources (not dist/) against the Omni emulator and a
 * stand-in for GitHub: a single prompt, a suite compared with the shared model, a failed job and
 * a timeout; renders each report with cmark-gfm (GitHub's renderer) into HTML pages styled with
 * github-markdown-css, charts drawn by Mermaid, under .preview/. Needs no browser to run.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cmark from 'cmark-gfm';
import { actionInputs, runnerWorkspace } from '../e2e/harness.js';
import { startEmulator } from '../emulator/index.js';
import { startGithubStandin } from '../support/github-standin.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, '.preview');
const Fast = { queuedMs: 200, iterationMs: 300, iterations: 2, deliveringMs: 100 };

interface Scenario {
  name: string;
  title: string;
  inputs: Record<string, string>;
  prepare?: (emulator: Awaited<ReturnType<typeof startEmulator>>) => void;
}

async function runAction(env: Record<string, string>): Promise<{ summary: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/index.ts')], { env, stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { summary: await readFile(env.GITHUB_STEP_SUMMARY!, 'utf8'), code };
}

function page(title: string, markdown: string): string {
  const body = cmark.renderHtmlSync(markdown, {
    githubPreLang: true,
    unsafe: true,
    extensions: { table: true, autolink: true, strikethrough: true, tagfilter: true },
  } as Parameters<typeof cmark.renderHtmlSync>[1]);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="github-markdown-light.css">
<style>body{background:#fff;margin:0}.markdown-body{box-sizing:border-box;max-width:880px;margin:0 auto;padding:32px 40px;border:1px solid #d0d7de;border-radius:6px}pre[lang=mermaid]{background:none}</style>
</head><body><article class="markdown-body">
${body}
</article>
<script src="mermaid.min.js"></script>
<script>
for (const pre of document.querySelectorAll('pre[lang="mermaid"]')) {
  const div = document.createElement('div');
  div.className = 'mermaid';
  div.textContent = pre.textContent;
  pre.replaceWith(div);
}
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
mermaid.run();
</script>
</body></html>
`;
}

const emulator = await startEmulator({ timings: Fast, rateLimit: false });
const github = await startGithubStandin();
try {
  await mkdir(out, { recursive: true });
  await copyFile(join(root, 'node_modules/github-markdown-css/github-markdown-light.css'), join(out, 'github-markdown-light.css'));
  await copyFile(join(root, 'node_modules/mermaid/dist/mermaid.min.js'), join(out, 'mermaid.min.js'));
  const base = { omniUrl: emulator.url, apiKey: emulator.keys.org, modelId: emulator.ids.modelId, githubToken: 'ghs_preview_token' };
  const scenarios: Scenario[] = [
    { name: 'single', title: 'A single prompt on the PR branch', inputs: { ...base, branchName: emulator.ids.branchName, prompt: 'Top 5 products by revenue' } },
    {
      name: 'suite',
      title: 'A prompt suite, compared with the shared model',
      inputs: { ...base, branchName: emulator.ids.branchName, promptsFile: join(root, 'examples/prompts.yml'), compareTo: 'shared', failOn: '' },
    },
    {
      name: 'failed',
      title: 'A failed job',
      inputs: { ...base, prompt: 'Gross margin by warehouse', failOn: '' },
      prepare: (e) => e.script({ fail: { message: 'Could not find a dimension matching "warehouse" in topic order_items.', code: 'QUERY_GENERATION_ERROR', detail: 'Known dimensions: Product Name, Category, Brand, Region, State.' } }),
    },
    {
      name: 'timeout',
      title: 'A job that timed out',
      inputs: { ...base, prompt: 'Total revenue by region', timeoutSeconds: '3', failOn: '' },
      prepare: (e) => e.script({ stuckIn: 'EXECUTING' }),
    },
  ];
  const written: string[] = [];
  for (const [k, scenario] of scenarios.entries()) {
    const number = 100 + k;
    scenario.prepare?.(emulator);
    const workspace = await runnerWorkspace({ event: { name: 'pull_request', number, headRef: emulator.ids.branchName }, githubApiUrl: github.apiUrl });
    const env = { ...workspace.env, ...(await actionInputs(scenario.inputs)), NODE_OPTIONS: '' };
    const { summary } = await runAction(env);
    const comment = github.commentsOn(number, 'acme', 'models')[0]?.body ?? '_(no comment was posted)_';
    for (const [kind, markdown] of [['comment', comment], ['summary', summary]] as const) {
      const file = join(out, `${scenario.name}-${kind}.html`);
      await writeFile(file, page(`${scenario.title}: ${kind}`, markdown));
      await writeFile(join(out, `${scenario.name}-${kind}.md`), markdown);
      written.push(file);
    }
  }
  console.log(`Preview pages (open them in a browser):\n${written.map((f) => `  ${f}`).join('\n')}`);
} finally {
  await emulator.close();
  await github.close();
}
