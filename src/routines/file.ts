/**
 * The routines file (`routinesFile` input): the routines a repository declares. Read and checked
 * strictly before any request, every problem reported as file:line:col; what passes here is what
 * Omni's schemas accept (lengths, cron, time zone, recipients). The format is in the README,
 * "Routines as code", and examples/routines.yml.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { RoutineDestination } from '../omni/types.js';
import { DescriptionMaxChars, KeyPattern, markerLength, StackPattern } from './marker.js';
import { UuidPattern } from '../lib/uuid.js';
import { FileProblemsError, isNull, parseYaml, readFileText, type YamlReader } from '../lib/yaml-file.js';
import { readSchedule, timezoneProblem } from './schedule.js';

/** A routine as the file declares it, defaults applied and values checked. */
export interface DeclaredRoutine {
  key: string;
  name: string;
  prompt: string;
  /** Omni's six-field cron. */
  schedule: string;
  /** The five-field cron as written, when it was converted. */
  scheduleWritten?: string;
  timezone: string;
  modelId: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
  description?: string;
  destination: RoutineDestination;
  /** Adopt this existing Omni routine. */
  id?: string;
  /** Where the routine starts in the file (1-based). */
  line: number;
  /** Where each field was written (its own line or the defaults'), for messages about it later. */
  positions: Partial<Record<RoutineKey, { line: number; column: number }>>;
}

export interface RoutinesFile {
  /** The file as the user named it, for messages. */
  file: string;
  /** `stack:` as written; absent: the caller's default (repository and file path). */
  stack?: string;
  routines: DeclaredRoutine[];
}

/** Every key the file may hold, per level: the reader's contract with schemas/routines.schema.json. */
export const RoutinesFileKeys = {
  top: ['version', 'stack', 'defaults', 'routines'],
  routine: ['key', 'name', 'prompt', 'schedule', 'timezone', 'modelId', 'branchId', 'branchName', 'topicName', 'description', 'destination', 'id'],
  /** What `defaults` may give: every routine key but the routine's identity. */
  defaults: ['name', 'prompt', 'schedule', 'timezone', 'modelId', 'branchId', 'branchName', 'topicName', 'description', 'destination'],
  destination: ['email', 'userGroupIds', 'slack'],
  slack: ['channel', 'user'],
} as const;
export type RoutineKey = (typeof RoutinesFileKeys.routine)[number];

/** Omni's limits (RoutineCreateBody, RoutineEmailDestination). */
export const Limits = { nameMaxChars: 512, topicNameMaxChars: 256, recipientsMax: 100, userGroupsMax: 100 } as const;

/** What Omni's `format: email` accepts in practice: one @, a dotted domain, no spaces. */
const Email = /^[^\s@"<>(),;:\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const SlackChannel = /^[CG][A-Z0-9]{6,}$/;
const SlackUser = /^[UW][A-Z0-9]{6,}$/;
const BranchName = /^[\w\-/.]+$/;

export class RoutinesFileError extends FileProblemsError {
  override readonly name = 'RoutinesFileError';
}

/** What the step's inputs give routines that neither they nor `defaults` set (modelId, branchId, branchName inputs). */
export interface InputDefaults {
  modelId?: string;
  branchId?: string;
  branchName?: string;
}

/** Reads and checks the file; `defaultStack` names the stack when the file does not (for the description's room). */
export async function loadRoutinesFile(path: string, defaultStack: string, inputs: InputDefaults = {}): Promise<RoutinesFile> {
  return parseRoutinesFile(await readFileText(path, 'routinesFile'), path, defaultStack, inputs);
}

/** Parses the YAML text of a routines file; throws RoutinesFileError listing every problem. */
export function parseRoutinesFile(text: string, file: string, defaultStack: string, inputs: InputDefaults = {}): RoutinesFile {
  const { reader, root } = parseYaml(text, file, { duplicateKeyMessage: 'this key is given twice in the same mapping' });
  if (reader.problems.length > 0) throw new RoutinesFileError(reader.problems);

  if (!isMap(root)) {
    reader.problem(root, root === null || isNull(root) ? 'the file is empty: it needs a `routines` list' : 'the file must be a mapping with a `routines` list');
    throw new RoutinesFileError(reader.problems);
  }
  const top = reader.fields(root, RoutinesFileKeys.top, 'the top level');
  const version = top.get('version');
  if (version && !(isScalar(version) && version.value === 1)) reader.problem(version, 'version must be 1');

  let stack: string | undefined;
  const stackNode = top.get('stack');
  if (stackNode) {
    stack = reader.text(stackNode, 'stack');
    if (stack !== undefined && !StackPattern.test(stack)) {
      reader.problem(stackNode, "stack may hold only letters, digits and . _ / : @ + -, start with a letter or digit, at most 200 characters");
      stack = undefined;
    }
  }

  const defaultsNode = top.get('defaults');
  let defaults: YAMLMap | undefined;
  if (defaultsNode && !isNull(defaultsNode)) {
    if (!isMap(defaultsNode)) reader.problem(defaultsNode, `defaults must be a mapping of routine keys (${RoutinesFileKeys.defaults.join(', ')})`);
    else {
      defaults = defaultsNode;
      reader.fields(defaultsNode, RoutinesFileKeys.defaults, 'defaults', { notHere: { keys: ['key', 'id'], reason: "it is each routine's own" } });
    }
  }

  const routines: DeclaredRoutine[] = [];
  const routinesNode = top.get('routines');
  if (!routinesNode) reader.problemAt(root.range?.[0] ?? 0, 'routines is required: a list of routines (an empty list [] manages none)');
  else if (!isSeq(routinesNode) && !isNull(routinesNode)) reader.problem(routinesNode, 'routines must be a list of routines, each with a key');
  else if (isSeq(routinesNode)) {
    const keys = new Map<string, number>();
    const ids = new Map<string, number>();
    routinesNode.items.forEach((item, index) => {
      const routine = readRoutine(reader, item as Node, index, defaults, stack ?? defaultStack, inputs);
      const keyNode = isMap(item) ? (item.get('key', true) as Node | undefined) : undefined;
      if (routine?.key !== undefined || keyNode) {
        const key = routine?.key ?? (isScalar(keyNode) ? String(keyNode.value) : '');
        const earlier = keys.get(key.toLowerCase());
        if (earlier !== undefined && key) reader.problem(keyNode, `routines[${index}].key '${key}' is already used by the routine at line ${earlier} (keys are compared ignoring case)`);
        else if (key) keys.set(key.toLowerCase(), reader.lineOf(item as Node));
      }
      if (routine?.id) {
        const earlier = ids.get(routine.id);
        if (earlier !== undefined) reader.problem((item as YAMLMap).get('id', true) as Node, `routines[${index}].id ${routine.id} is already adopted by the routine at line ${earlier}`);
        else ids.set(routine.id, routine.line);
      }
      if (routine) routines.push(routine);
    });
  }

  if (reader.problems.length > 0) throw new RoutinesFileError(reader.problems);
  const parsed: RoutinesFile = { file, routines };
  if (stack) parsed.stack = stack;
  return parsed;
}

function readRoutine(reader: YamlReader, node: Node, index: number, defaults: YAMLMap | undefined, stack: string, inputs: InputDefaults): DeclaredRoutine | undefined {
  const path = `routines[${index}]`;
  if (!isMap(node)) {
    reader.problem(node, `${path} must be a mapping with key, name, prompt, schedule, timezone, modelId and destination`);
    return undefined;
  }
  const own = reader.fields(node, RoutinesFileKeys.routine, path);
  const key = reader.text(own.get('key'), `${path}.key`, { required: node });
  if (key !== undefined && !KeyPattern.test(key)) {
    reader.problem(own.get('key'), `${path}.key '${key}' may hold only letters, digits, '.', '_' and '-', start with a letter or digit, at most 64 characters`);
  }
  const named = key && KeyPattern.test(key) ? `${path} (${key})` : path;
  // A field from the routine itself, else from defaults; where it came from is where a problem points.
  const field = (name: RoutineKey): Node | undefined => {
    const value = own.get(name);
    if (value && !isNull(value)) return value;
    const inherited = defaults?.get(name, true) as Node | undefined;
    return inherited && !isNull(inherited) ? inherited : undefined;
  };
  /** The field as messages name it: the routine's own, or the default it inherits. */
  const at = (name: RoutineKey): string => {
    const value = own.get(name);
    return value && !isNull(value) ? `${named}.${name}` : `defaults.${name}`;
  };
  const required = (name: RoutineKey): Node | undefined => {
    const value = field(name);
    if (!value) reader.problem(own.get(name) ?? node, `${named}.${name} is required (here or in defaults${name === 'modelId' ? ', or the modelId input' : ''})`);
    return value;
  };
  const positions: DeclaredRoutine['positions'] = {};
  for (const name of RoutinesFileKeys.routine) {
    const value = field(name);
    if (value) positions[name] = reader.positionOf(value);
  }

  const nameNode = required('name');
  const name = nameNode ? reader.text(nameNode, at('name')) : undefined;
  if (name !== undefined && name.length > Limits.nameMaxChars) reader.problem(nameNode, `${at('name')} is ${name.length} characters; Omni takes at most ${Limits.nameMaxChars}`);
  const promptNode = required('prompt');
  const prompt = promptNode ? reader.text(promptNode, at('prompt'), { multiline: true }) : undefined;
  if (prompt?.includes('\0')) reader.problem(promptNode, `${at('prompt')} must not contain NUL characters`);

  const scheduleNode = required('schedule');
  const scheduleText = scheduleNode ? reader.text(scheduleNode, at('schedule')) : undefined;
  const schedule = scheduleText === undefined ? undefined : readSchedule(scheduleText);
  if (schedule && !schedule.ok) reader.problem(scheduleNode, `${at('schedule')}: ${schedule.message}`);

  const timezoneNode = required('timezone');
  const timezone = timezoneNode ? reader.text(timezoneNode, at('timezone')) : undefined;
  const zoneProblem = timezone === undefined ? undefined : timezoneProblem(timezone);
  if (zoneProblem) reader.problem(timezoneNode, `${at('timezone')}: ${zoneProblem}`);

  const modelNode = inputs.modelId && !field('modelId') ? undefined : required('modelId');
  const modelId = modelNode ? reader.uuid(modelNode, at('modelId')) : inputs.modelId;
  // A routine's own branch (by id or by name) replaces the default's, whichever way that was given.
  const ownBranch = own.has('branchId') || own.has('branchName');
  const branchIdNode = ownBranch ? own.get('branchId') : field('branchId');
  const branchNameNode = ownBranch ? own.get('branchName') : field('branchName');
  // The branch inputs count only where the file names no branch at all.
  const fromInputs = !branchIdNode && !branchNameNode;
  const branchId = fromInputs ? inputs.branchId : reader.uuid(branchIdNode, at('branchId'));
  const branchName = fromInputs ? inputs.branchName : reader.text(branchNameNode, at('branchName'));
  if (branchName !== undefined && !BranchName.test(branchName)) reader.problem(branchNameNode, `${at('branchName')} may only contain letters, digits, _, -, . and /`);
  if (branchIdNode && branchNameNode) reader.problem(own.get('branchName') ?? own.get('branchId') ?? branchNameNode, `${named}: give branchId or branchName, not both`);
  const topicNode = field('topicName');
  const topicName = reader.text(topicNode, at('topicName'));
  if (topicName !== undefined && topicName.length > Limits.topicNameMaxChars) {
    reader.problem(topicNode, `${at('topicName')} is ${topicName.length} characters; Omni takes at most ${Limits.topicNameMaxChars}`);
  }

  const descriptionNode = field('description');
  const description = reader.text(descriptionNode, at('description'), { multiline: true });
  if (description !== undefined && key !== undefined) {
    const room = DescriptionMaxChars - markerLength(stack, key) - 2;
    if (description.length > room) {
      reader.problem(descriptionNode, `${at('description')} of ${named} is ${description.length} characters; Omni takes ${DescriptionMaxChars}, and the line that marks the routine as managed from this file needs the rest: at most ${Math.max(0, room)}`);
    }
  }

  const destinationNode = required('destination');
  const destination = destinationNode ? readDestination(reader, destinationNode, at('destination')) : undefined;
  const id = reader.uuid(own.get('id'), `${named}.id`);

  if (key === undefined || name === undefined || prompt === undefined || !schedule?.ok || timezone === undefined || zoneProblem) return undefined;
  if (modelId === undefined || destination === undefined) return undefined;
  const routine: DeclaredRoutine = { key, name, prompt, schedule: schedule.cron, timezone, modelId, destination, line: reader.lineOf(node), positions };
  if (schedule.convertedFrom) routine.scheduleWritten = schedule.convertedFrom;
  if (branchId) routine.branchId = branchId;
  if (branchName) routine.branchName = branchName;
  if (topicName) routine.topicName = topicName;
  if (description) routine.description = description;
  if (id) routine.id = id;
  return routine;
}

function readDestination(reader: YamlReader, node: Node, path: string): RoutineDestination | undefined {
  if (!isMap(node)) {
    reader.problem(node, `${path} must be a mapping: email and/or userGroupIds, or slack: { channel } / { user }`);
    return undefined;
  }
  const fields = reader.fields(node, RoutinesFileKeys.destination, path);
  const slack = fields.get('slack');
  const emailNode = fields.get('email');
  const groupsNode = fields.get('userGroupIds');
  if (slack && (emailNode || groupsNode)) {
    reader.problem(slack, `${path}: a routine has one destination: slack, or email and userGroupIds, not both (declare two routines)`);
    return undefined;
  }
  if (slack) {
    if (!isMap(slack)) {
      reader.problem(slack, `${path}.slack must be { channel: C0123456789 } or { user: U0123456789 }`);
      return undefined;
    }
    const slackFields = reader.fields(slack, RoutinesFileKeys.slack, `${path}.slack`);
    const channel = reader.text(slackFields.get('channel'), `${path}.slack.channel`);
    const user = reader.text(slackFields.get('user'), `${path}.slack.user`);
    if ((channel === undefined) === (user === undefined)) {
      reader.problem(slack, `${path}.slack needs exactly one of channel and user (one Slack recipient per routine)`);
      return undefined;
    }
    if (channel !== undefined && !SlackChannel.test(channel)) {
      reader.problem(slackFields.get('channel'), `${path}.slack.channel '${channel}' is not a Slack channel id (like C0123456789; the id, not the #name)`);
      return undefined;
    }
    if (user !== undefined && !SlackUser.test(user)) {
      reader.problem(slackFields.get('user'), `${path}.slack.user '${user}' is not a Slack user id (like U0123456789; the id, not the @name)`);
      return undefined;
    }
    return channel !== undefined
      ? { type: 'slack', recipientId: channel, slackRecipientType: 'channel' }
      : { type: 'slack', recipientId: user!, slackRecipientType: 'users' };
  }

  const emails = readList(reader, emailNode, `${path}.email`, Limits.recipientsMax, (value) => (Email.test(value) ? undefined : `'${value.slice(0, 80)}' is not an e-mail address`), (v) => v.toLowerCase());
  const groups = readList(reader, groupsNode, `${path}.userGroupIds`, Limits.userGroupsMax, (value) => (UuidPattern.test(value) ? undefined : `'${value.slice(0, 60)}' is not a UUID`), (v) => v.toLowerCase());
  if (emails === undefined || groups === undefined) return undefined;
  if (emails.length === 0 && groups.length === 0) {
    reader.problem(node, `${path} has no recipient: give email (addresses), userGroupIds, or slack`);
    return undefined;
  }
  return { type: 'email', recipientEmails: emails, userGroupIds: groups.map((g) => g.toLowerCase()) };
}

/** A string or list of strings, each checked, none twice, at most `max`; undefined when there was a problem. */
function readList(
  reader: YamlReader,
  node: Node | undefined,
  path: string,
  max: number,
  check: (value: string) => string | undefined,
  identity: (value: string) => string,
): string[] | undefined {
  if (!node || isNull(node)) return [];
  const items = isSeq(node) ? (node.items as Node[]) : [node];
  let ok = true;
  if (items.length > max) {
    reader.problem(node, `${path} has ${items.length} entries; Omni takes at most ${max}`);
    ok = false;
  }
  const seen = new Map<string, number>();
  const values: string[] = [];
  items.forEach((item, index) => {
    const where = isSeq(node) ? `${path}[${index}]` : path;
    const value = reader.text(item, where);
    if (value === undefined) {
      ok = false;
      return;
    }
    const problem = check(value);
    if (problem) {
      reader.problem(item, `${where}: ${problem}`);
      ok = false;
      return;
    }
    const earlier = seen.get(identity(value));
    if (earlier !== undefined) {
      reader.problem(item, `${where}: '${value.slice(0, 80)}' is already listed at line ${earlier}`);
      ok = false;
      return;
    }
    seen.set(identity(value), reader.lineOf(item));
    values.push(value);
  });
  return ok ? values : undefined;
}
