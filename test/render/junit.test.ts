import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/render/junit.js';
import { complete, failed } from '../suite/support/outcomes.js';
import { Model, runStubSuite } from '../suite/support/suite-run.js';

/** Enough of an XML parser to prove well-formedness: every tag closes in order, attributes quoted, no raw `<` or `&`. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos|#\d+);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body))) {
    consumed = token.lastIndex;
    const [, closing, name, , selfClosing, text] = match;
    if (text !== undefined) {
      expect(text).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/);
      continue;
    }
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(consumed).toBe(body.length);
  expect(stack).toEqual([]);
}

describe('renderJunit', () => {
  it('writes one testcase per case: failures list the failed expectations; errors and skips say why', async () => {
    const yaml = `modelId: ${Model}\ncases:\n  - id: ok\n    prompt: fine\n  - id: wrong\n    prompt: "bad <b>&amp; \\"quotes\\" ' \\u0007"\n    expect: { contains: [Revenue, "<tag>"] }\n  - id: broken\n    prompt: x\n  - id: gone\n    prompt: y\n`;
    const { report } = await runStubSuite(
      yaml,
      (request) => {
        if (request.prompt === 'x') throw new Error('Omni refused (403) <forbidden> & "denied"');
        if (request.prompt === 'y') return failed();
        return complete('An answer with <html> & ]]> inside');
      },
      { failOn: new Set(['TIMEOUT']) },
    );
    const xml = renderJunit(report);
    assertWellFormed(xml);
    expect(xml).toContain('<testsuites name="Omni AI Job" tests="4" failures="1" errors="1" skipped="1" time="10.000">');
    expect(xml).toContain('<testcase name="ok" classname="prompts.yml" time="12.345" file="prompts.yml" line="3"');
    expect(xml).toContain(
      '<failure message="2 of 3 expectations failed: contains &quot;Revenue&quot;, contains &quot;&lt;tag&gt;&quot;" type="ExpectationFailed">contains "Revenue": the answer does not contain "Revenue"',
    );
    expect(xml).toContain('<error message="Omni refused (403) &lt;forbidden&gt; &amp; &quot;denied&quot;" type="JobNotCreated"/>');
    expect(xml).toContain('<skipped message="ended FAILED, which failOn does not list: not judged"/>');
    expect(xml).toContain('Prompt: bad &lt;b&gt;&amp;amp; "quotes" \' \n');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('An answer with &lt;html&gt; &amp; ]]&gt; inside');
    expect(xml).toContain('<property name="modelId" value="3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7"/>');
  });

  it('names the leg in a sharded report', async () => {
    const { report } = await runStubSuite(`modelId: ${Model}\ncases: [{id: a, prompt: b}, {id: c, prompt: d}]\n`, () => complete(), { shard: { index: 2, total: 2 } });
    const xml = renderJunit(report);
    assertWellFormed(xml);
    expect(xml).toContain('<testsuite name="prompts.yml (shard 2/2)" tests="1"');
    expect(xml).toContain('<property name="shard" value="2/2"/>');
  });
});
