import { describe, expect, it } from 'vitest';
import { parseRoutinesFile, RoutinesFileError, RoutinesFileKeys, type RoutinesFile } from '../../src/routines/file.js';
import { formatProblem } from '../../src/lib/yaml-file.js';

const Model = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const Group = '550e8400-e29b-41d4-a716-446655440000';
const Stack = 'acme/models:routines.yml';

function parse(text: string): RoutinesFile {
  return parseRoutinesFile(text, 'routines.yml', Stack);
}

function problems(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof RoutinesFileError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected problems');
}

const valid = `version: 1
stack: analytics-routines
defaults:
  modelId: ${Model}
  timezone: America/New_York
routines:
  - key: weekly-revenue
    name: Weekly revenue by region
    prompt: |
      Summarise last week's revenue by region,
      with the change on the week before.
    schedule: "0 9 ? * MON *"
    timezone: Europe/Berlin
    topicName: order_items
    description: For the sales leads.
    destination:
      email: [Lead@acme.com, ops@acme.com]
      userGroupIds: [${Group}]
  - key: daily-orders
    name: Daily orders
    prompt: How many orders yesterday?
    schedule: "30 7 * * 1-5"
    branchName: feature/net-revenue
    destination:
      slack: { channel: C0123456789 }
    id: 9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
`;

describe('parseRoutinesFile', () => {
  it('reads routines with defaults, converted schedules and destinations', () => {
    const file = parse(valid);
    expect(file.stack).toBe('analytics-routines');
    expect(file.routines).toHaveLength(2);
    const [weekly, daily] = file.routines;
    expect(weekly).toMatchObject({
      key: 'weekly-revenue',
      prompt: "Summarise last week's revenue by region,\nwith the change on the week before.",
      schedule: '0 9 ? * MON *',
      timezone: 'Europe/Berlin',
      modelId: Model,
      topicName: 'order_items',
      description: 'For the sales leads.',
      destination: { type: 'email', recipientEmails: ['Lead@acme.com', 'ops@acme.com'], userGroupIds: [Group] },
      line: 7,
    });
    expect(weekly!.positions.timezone).toEqual({ line: 13, column: 15 });
    expect(weekly!.positions.modelId).toEqual({ line: 4, column: 12 });
    expect(daily).toMatchObject({
      schedule: '30 7 ? * MON-FRI *',
      scheduleWritten: '30 7 * * 1-5',
      timezone: 'America/New_York',
      branchName: 'feature/net-revenue',
      destination: { type: 'slack', recipientId: 'C0123456789', slackRecipientType: 'channel' },
      id: '9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    });
  });

  it('takes an empty list: the file then manages no routine (prune deletes them all)', () => {
    expect(parse('version: 1\nroutines: []\n').routines).toEqual([]);
  });

  it('reports every problem with file:line:col before anything else happens', () => {
    const text = `version: 2
stak: x
defaults:
  key: nope
  timezone: Mars/Olympus
routines:
  - key: a
    name: A
    prompt: p
    schedule: "*/5 * * * *"
    modelId: not-a-uuid
    destination: { email: [someone] }
    colour: blue
  - key: A
    name: B
    prompt: p
    schedule: "0 9 * * MON *"
    modelId: ${Model}
    destination:
      email: [x@acme.com]
      slack: { channel: C0123456789 }
  - key: c
    name: C
    prompt: p
    schedule: "0 9 ? * MON *"
    timezone: UTC
    modelId: ${Model}
    branchId: ${Model}
    branchName: main
    destination: { slack: { user: "@alice" } }
`;
    expect(problems(text)).toEqual([
      'routines.yml:1:10: version must be 1',
      "routines.yml:2:1: the top level has an unknown key 'stak' (did you mean stack?)",
      "routines.yml:4:3: defaults cannot give 'key': it is each routine's own",
      "routines.yml:5:13: defaults.timezone: timezone 'Mars/Olympus' is not an IANA time zone (like Europe/Berlin, America/New_York or UTC)",
      expect.stringMatching(/^routines\.yml:10:15: routines\[0\] \(a\)\.schedule: schedule '\*\/5 \* \* \* \*' \(five-field cron\): Omni runs a routine at most once an hour/),
      "routines.yml:11:14: routines[0] (a).modelId must be a UUID like 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7, not 'not-a-uuid'",
      "routines.yml:12:28: routines[0] (a).destination.email[0]: 'someone' is not an e-mail address",
      expect.stringMatching(/^routines\.yml:13:5: routines\[0\] has an unknown key 'colour'/),
      "routines.yml:14:10: routines[1].key 'A' is already used by the routine at line 7 (keys are compared ignoring case)",
      expect.stringMatching(/^routines\.yml:17:15: routines\[1\] \(A\)\.schedule: .*put \? in day-of-month or in day-of-week/),
      'routines.yml:21:14: routines[1] (A).destination: a routine has one destination: slack, or email and userGroupIds, not both (declare two routines)',
      'routines.yml:29:17: routines[2] (c): give branchId or branchName, not both',
      "routines.yml:30:35: routines[2] (c).destination.slack.user '@alice' is not a Slack user id (like U0123456789; the id, not the @name)",
    ]);
  });

  it('suggests the key a typo or a wrong case meant, else lists the keys it knows', () => {
    expect(problems('Version: 1\nroutine: []\nowner: me\n')).toEqual([
      "routines.yml:1:1: the top level has an unknown key 'Version' (did you mean version?)",
      'routines.yml:1:1: routines is required: a list of routines (an empty list [] manages none)',
      "routines.yml:2:1: the top level has an unknown key 'routine' (did you mean routines?)",
      "routines.yml:3:1: the top level has an unknown key 'owner' (expected version, stack, defaults, routines)",
    ]);
  });

  it('says a bad default once, although every routine inherits it', () => {
    const routine = (key: string) => `  - { key: ${key}, name: N, prompt: p, schedule: "0 9 ? * MON *", modelId: ${Model}, destination: { email: [a@acme.com] } }`;
    expect(problems(`defaults:\n  timezone: Mars/Olympus\nroutines:\n${routine('a')}\n${routine('b')}\n${routine('c')}\n`)).toEqual([
      "routines.yml:2:13: defaults.timezone: timezone 'Mars/Olympus' is not an IANA time zone (like Europe/Berlin, America/New_York or UTC)",
    ]);
  });

  it('reads an escaped CRLF in a prompt or description as LF, so the plan sees no change that is none', () => {
    const text = `routines:\n  - { key: a, name: N, prompt: "line one\\r\\nline two", description: "a\\rb", schedule: "0 9 ? * MON *", timezone: UTC, modelId: ${Model}, destination: { email: [a@acme.com] } }\n`;
    expect(parse(text).routines[0]).toMatchObject({ prompt: 'line one\nline two', description: 'a\nb' });
  });

  it('reports duplicate YAML keys where the second one is', () => {
    expect(problems('routines:\n  - key: a\n    key: b\n')).toEqual([expect.stringMatching(/^routines\.yml:3:5: this key is given twice/)]);
  });

  it("keeps to Omni's limits: name, topic, recipients, description with the marker line", () => {
    const many = Array.from({ length: 101 }, (_, i) => `u${i}@acme.com`).join(', ');
    const text = `routines:
  - key: big
    name: ${'n'.repeat(513)}
    prompt: p
    schedule: "0 9 ? * MON *"
    timezone: UTC
    modelId: ${Model}
    topicName: ${'t'.repeat(257)}
    description: ${'d'.repeat(1900)}
    destination:
      email: [${many}]
`;
    const found = problems(text);
    expect(found).toEqual([
      'routines.yml:3:11: routines[0] (big).name is 513 characters; Omni takes at most 512',
      'routines.yml:8:16: routines[0] (big).topicName is 257 characters; Omni takes at most 256',
      expect.stringMatching(/^routines\.yml:9:18: routines\[0\] \(big\)\.description of routines\[0\] \(big\) is 1900 characters; Omni takes 2000, and the line that marks the routine as managed from this file needs the rest: at most 1\d\d\d$/),
      'routines.yml:11:14: routines[0] (big).destination.email has 101 entries; Omni takes at most 100',
    ]);
  });

  it('says what is missing, here or in defaults', () => {
    expect(problems('routines:\n  - key: k\n    name: n\n')).toEqual([
      'routines.yml:2:5: routines[0] (k).prompt is required (here or in defaults)',
      'routines.yml:2:5: routines[0] (k).schedule is required (here or in defaults)',
      'routines.yml:2:5: routines[0] (k).timezone is required (here or in defaults)',
      'routines.yml:2:5: routines[0] (k).modelId is required (here or in defaults, or the modelId input)',
      'routines.yml:2:5: routines[0] (k).destination is required (here or in defaults)',
    ]);
  });

  it('refuses a file without routines, an empty file and several documents', () => {
    expect(problems('version: 1\n')).toEqual([expect.stringMatching(/routines is required/)]);
    expect(problems('')).toEqual([expect.stringMatching(/the file is empty/)]);
    expect(problems('routines: []\n---\nroutines: []\n')).toEqual([expect.stringMatching(/one YAML document/)]);
  });

  it('lets a routine own branch setting replace the default branch, whichever way each is given', () => {
    const text = `defaults:
  modelId: ${Model}
  branchId: ${Group}
  timezone: UTC
  destination: { email: [a@acme.com] }
routines:
  - { key: a, name: A, prompt: p, schedule: "0 9 ? * MON *", branchName: feature/x }
  - { key: b, name: B, prompt: p, schedule: "0 9 ? * MON *" }
`;
    const [a, b] = parse(text).routines;
    expect(a).toMatchObject({ branchName: 'feature/x' });
    expect(a!.branchId).toBeUndefined();
    expect(b).toMatchObject({ branchId: Group });
  });

  it('exports the keys it knows at every level', () => {
    expect(RoutinesFileKeys.routine).toContain('destination');
    expect(RoutinesFileKeys.defaults).not.toContain('key');
    expect(RoutinesFileKeys.slack).toEqual(['channel', 'user']);
  });
});

describe('examples/routines.yml', () => {
  it('is a valid routines file', async () => {
    const { loadRoutinesFile } = await import('../../src/routines/file.js');
    const file = await loadRoutinesFile('examples/routines.yml', Stack);
    expect(file.stack).toBe('acme-analytics-routines');
    expect(file.routines.map((r) => r.key)).toEqual(['weekly-revenue', 'top-products', 'category-revenue-on-branch']);
  });
});

describe('input defaults', () => {
  it('the modelId, branchId and branchName inputs fill what neither the routine nor defaults give', () => {
    const text = 'routines:\n  - { key: a, name: A, prompt: p, schedule: "0 9 ? * MON *", timezone: UTC, destination: { email: [a@acme.com] } }\n  - { key: b, name: B, prompt: p, schedule: "0 9 ? * MON *", timezone: UTC, destination: { email: [a@acme.com] }, branchId: 550e8400-e29b-41d4-a716-446655440000 }\n';
    const [a, b] = parseRoutinesFile(text, 'routines.yml', Stack, { modelId: Model, branchName: 'feature/x' }).routines;
    expect(a).toMatchObject({ modelId: Model, branchName: 'feature/x' });
    expect(b).toMatchObject({ modelId: Model, branchId: '550e8400-e29b-41d4-a716-446655440000' });
    expect(b!.branchName).toBeUndefined();
  });
});
