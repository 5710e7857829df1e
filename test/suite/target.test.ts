import { describe, expect, it } from 'vitest';
import { parsePromptsFile } from '../../src/suite/prompts-file.js';
import { suiteTarget } from '../../src/suite/run-suite.js';
import { suiteSettings } from './support/settings.js';

const fileModel = '11111111-1111-4111-8111-111111111111';
const inputModel = '22222222-2222-4222-8222-222222222222';
const suite = parsePromptsFile(
  `modelId: ${fileModel}\nbranchName: feature/from-file\ntopicName: order_items\ncases:\n  - id: a\n    prompt: total revenue\n`,
  'prompts.yml',
);

describe('suiteTarget', () => {
  it('uses the file values when the inputs are empty', () => {
    expect(suiteTarget(suite, suiteSettings())).toEqual({ modelId: fileModel, branchName: 'feature/from-file', topicName: 'order_items' });
  });

  it('lets the inputs win, a branch input replacing the file branch entirely', () => {
    const branchId = '33333333-3333-4333-8333-333333333333';
    expect(suiteTarget(suite, suiteSettings({ modelId: inputModel, branchId, topicName: 'customers' }))).toEqual({
      modelId: inputModel,
      branchId,
      topicName: 'customers',
    });
  });

  it('fails in one line when neither names the model', () => {
    const bare = parsePromptsFile('cases:\n  - id: a\n    prompt: total revenue\n', 'bare.yml');
    expect(() => suiteTarget(bare, suiteSettings())).toThrow(/^modelId: set the modelId input, or modelId at the top of bare.yml$/);
  });
});
