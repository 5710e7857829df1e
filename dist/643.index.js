export const id = 643;
export const ids = [643];
export const modules = {

/***/ 7843:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eu: () => (/* binding */ readFileText),
/* harmony export */   hN: () => (/* binding */ parseYaml),
/* harmony export */   kZ: () => (/* binding */ isNull),
/* harmony export */   o6: () => (/* binding */ RangeKeys),
/* harmony export */   qH: () => (/* binding */ itemNode),
/* harmony export */   xV: () => (/* binding */ FileProblemsError)
/* harmony export */ });
/* unused harmony exports formatProblem, YamlReader, closest */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _uuid_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5308);
/**
 * A YAML file read into values with every mistake kept at its line and column, so that a file
 * with several mistakes gets all of them reported at once, as `file:line:col: message`. The
 * prompts file and the routines file both follow these rules, so the two read alike.
 */



/** `file:line:col: message`, as editors and GitHub's problem matchers read it. */
function formatProblem(problem) {
    return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}
/** How many problems the error message lists; `problems` holds them all. */
const ShownProblems = 5;
/** Larger than any hand-written file; a bigger one is a wrong path, not a file to parse. */
const MaxFileBytes = 1024 * 1024;
/** Every problem of a file, in file order; the message lists the first few, one per line. */
class FileProblemsError extends Error {
    problems;
    constructor(problems) {
        const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
        const shown = sorted.slice(0, ShownProblems).map(formatProblem);
        const more = sorted.length - shown.length;
        if (more > 0)
            shown.push(`… and ${more} more problem${more === 1 ? '' : 's'} in ${sorted[0].file}`);
        super(shown.join('\n'));
        this.name = 'FileProblemsError';
        this.problems = sorted;
    }
}
/** The text of a file of at most 1 MiB; `label` (what the file is for) starts the one-line error. */
async function readFileText(path, label) {
    try {
        const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path);
        if (bytes.length > MaxFileBytes)
            throw new Error(`${bytes.length} bytes; the limit is 1 MiB`);
        return bytes.toString('utf8');
    }
    catch (error) {
        const reason = error.code === 'ENOENT' ? 'no such file' : error.message;
        throw new Error(`${label}: cannot read '${path}': ${reason}`, { cause: error });
    }
}
/**
 * Parses one YAML document. Syntax errors are already in `reader.problems` (the caller stops
 * there: the nodes of a broken document point at the wrong places); `root` is null for an empty file.
 */
function parseYaml(text, file, options = {}) {
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const reader = new YamlReader(file, lines);
    for (const error of doc.errors) {
        const message = error.code === 'MULTIPLE_DOCS'
            ? 'the file must hold one YAML document (remove the --- separator)'
            : error.code === 'DUPLICATE_KEY' && options.duplicateKeyMessage
                ? options.duplicateKeyMessage
                : error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        reader.problemAt(error.pos[0], message);
    }
    return { reader, root: doc.contents };
}
function isNull(node) {
    return (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) && node.value === null;
}
/** The index-th item of a list node, or the node itself when it is not a list. */
function itemNode(node, index) {
    return (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node) ? (node.items[index] ?? node) : node;
}
/** The keys of a `{ min, max }` range. */
const RangeKeys = ['min', 'max'];
/** Walks nodes, turning them into values and problems with positions. */
class YamlReader {
    file;
    lines;
    problems = [];
    constructor(file, lines) {
        this.file = file;
        this.lines = lines;
    }
    problemAt(offset, message) {
        const { line, col } = this.lines.linePos(offset);
        // One mistake met several times (a routines default inherited by every routine, a parser
        // error repeated for each unclosed bracket) is said once.
        if (this.problems.some((p) => p.line === line && p.column === col && p.message === message))
            return;
        this.problems.push({ file: this.file, line, column: col, message });
    }
    problem(node, message) {
        this.problemAt(offsetOf(node), message);
    }
    lineOf(node) {
        return this.lines.linePos(offsetOf(node)).line;
    }
    positionOf(node) {
        const { line, col } = this.lines.linePos(offsetOf(node));
        return { line, column: col };
    }
    /** The map's values by key; unknown keys are problems, with the known key a typo most likely meant. */
    fields(map, known, where, options = {}) {
        const values = new Map();
        for (const pair of map.items) {
            const keyNode = pair.key;
            const key = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(keyNode) ? String(keyNode.value) : undefined;
            if (key === undefined) {
                this.problem(keyNode, `${where} has a key that is not a plain name`);
                continue;
            }
            if (options.notHere?.keys.includes(key)) {
                this.problem(keyNode, `${where} cannot give '${key}': ${options.notHere.reason}`);
                continue;
            }
            if (!known.includes(key)) {
                const hint = closest(key, known);
                const suggestion = hint ? ` (did you mean ${hint}?)` : ` (expected ${known.join(', ')})`;
                this.problem(keyNode, `${where} has an unknown key '${key}'${suggestion}`);
                continue;
            }
            // A key with no value (`topic:`) is a null scalar: treated like the key being absent, except where required.
            values.set(key, pair.value ?? keyNode);
        }
        return values;
    }
    /**
     * A string, trimmed (numbers and booleans written plainly count as their text, so `007` stays
     * "007"); one line unless `multiline`. YAML already reads a file's CRLF line ends as LF, but an
     * escaped "\r\n" in a quoted string keeps its CR: it becomes LF too, so a text is the same
     * whichever way its lines were written (and a plan does not see a change that is none).
     */
    text(node, path, options = {}) {
        if (!node || isNull(node)) {
            if (options.required)
                this.problem(node ?? options.required, `${path} is required`);
            return undefined;
        }
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) || (typeof node.value !== 'string' && typeof node.value !== 'number' && typeof node.value !== 'boolean')) {
            this.problem(node, `${path} must be a string`);
            return undefined;
        }
        const value = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
        if (value.trim() === '') {
            this.problem(node, `${path} must not be empty`);
            return undefined;
        }
        if (!options.multiline && /[\r\n]/.test(value.trim())) {
            this.problem(node, `${path} must be a single line`);
            return undefined;
        }
        return value.replace(/\r\n?/g, '\n').trim();
    }
    /** A string or a list of strings. */
    texts(node, path) {
        if (!node || isNull(node))
            return undefined;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node)) {
            if (node.items.length === 0) {
                this.problem(node, `${path} must not be an empty list`);
                return undefined;
            }
            const values = [];
            node.items.forEach((item, index) => {
                const value = this.text(item, `${path}[${index}]`);
                if (value !== undefined)
                    values.push(value);
            });
            return values;
        }
        const value = this.text(node, path);
        return value === undefined ? undefined : [value];
    }
    /** An Omni id, lower-cased. */
    uuid(node, path) {
        const value = this.text(node, path);
        if (value === undefined)
            return undefined;
        if (!_uuid_js__WEBPACK_IMPORTED_MODULE_2__/* .UuidPattern */ .c.test(value)) {
            this.problem(node, `${path} must be a UUID like 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7, not '${value.slice(0, 60)}'`);
            return undefined;
        }
        return value.toLowerCase();
    }
    number(node, path, options) {
        const kind = options.integer ? 'a non-negative integer' : 'a number';
        if (!node || !(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
            const example = options.integer ? '1000' : '1234.5';
            const written = node && (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) && typeof node.value === 'string' ? ` (write plain digits like ${example}, not '${node.value.slice(0, 40)}')` : '';
            this.problem(node, `${path} must be ${kind}${written}`);
            return undefined;
        }
        const value = node.value;
        if (options.integer && (!Number.isInteger(value) || value < 0)) {
            this.problem(node, `${path} must be ${kind}`);
            return undefined;
        }
        return value;
    }
    /**
     * { min?, max? } with at least one (unless `optional`), min ≤ max. With `keys`, min and max are
     * read from a mapping that holds other keys too, whose own `fields` call checks them.
     */
    range(map, path, options) {
        const fields = options.keys ? new Map() : this.fields(map, RangeKeys, path);
        if (options.keys) {
            for (const pair of map.items) {
                const key = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair.key) ? String(pair.key.value) : '';
                if (options.keys.includes(key) && pair.value)
                    fields.set(key, pair.value);
            }
        }
        const minNode = fields.get('min');
        const maxNode = fields.get('max');
        if (!minNode && !maxNode) {
            if (!options.optional)
                this.problem(map, `${path} needs min or max`);
            return undefined;
        }
        const range = {};
        if (minNode) {
            const min = this.number(minNode, `${path}.min`, options);
            if (min === undefined)
                return undefined;
            range.min = min;
        }
        if (maxNode) {
            const max = this.number(maxNode, `${path}.max`, options);
            if (max === undefined)
                return undefined;
            range.max = max;
        }
        if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
            this.problem(minNode, `${path} has min ${range.min} greater than max ${range.max}`);
            return undefined;
        }
        return range;
    }
}
function offsetOf(node) {
    if (!node)
        return 0;
    const range = node.range;
    if (range)
        return range[0];
    const key = node.key;
    return key?.range?.[0] ?? 0;
}
/** The known name a mistyped key most likely meant: the same ignoring case, or at most two edits away. */
function closest(key, known) {
    const lower = key.toLowerCase();
    const same = known.find((name) => name.toLowerCase() === lower);
    if (same)
        return same;
    let best;
    for (const name of known) {
        const distance = editDistance(lower, name.toLowerCase());
        if (distance <= Math.min(2, name.length - 1) && (!best || distance < best.distance))
            best = { name, distance };
    }
    return best?.name;
}
/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++)
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        previous = current;
    }
    return previous[b.length];
}


/***/ }),

/***/ 7643:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRoutinesMode: () => (/* binding */ runRoutinesMode)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/lib/secrets.ts + 1 modules
var secrets = __webpack_require__(1315);
// EXTERNAL MODULE: ./src/omni/errors.ts
var errors = __webpack_require__(6146);
// EXTERNAL MODULE: ./src/job/runner.ts + 2 modules
var runner = __webpack_require__(7999);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/routines/marker.ts
/**
 * Identity lives in Omni, not in a state file: every routine this action manages carries one line
 * at the end of its `description`, a note for people that it is managed from the repository, and
 * the stack, the key and short sums of each field as last applied. The sums tell, field by field,
 * what was edited in Omni since (and what the next apply would overwrite). Pure.
 */

const MarkerTag = 'omni-ai-job:v1';
/** Stack names: no spaces (the marker is space-separated), nothing markdown or HTML reads. */
const StackPattern = /^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,199}$/;
const KeyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Omni's limit on `description`, marker line included. */
const DescriptionMaxChars = 2000;
/** Order of the fields in the marker's sums: never reorder, only append. */
const FieldNames = ['name', 'prompt', 'schedule', 'timezone', 'description', 'destination', 'modelId', 'branchId', 'topicName'];
/** Omni cannot change these on an existing routine: a change means delete and create. */
const ReplaceFields = ['modelId', 'branchId', 'topicName'];
const SumChars = 3;
const MarkerLinePattern = new RegExp(`(?:^|\\s)${MarkerTag.replace(/[.]/g, '\\.')} stack=(\\S+) key=(\\S+) sums=([0-9a-f]{${SumChars},})(?: replaces=([0-9a-f-]{36}))?\\s*$`);
/** The marker line: a sentence for people, then what the action reads back. */
function markerLine(marker) {
    const replaces = marker.replaces ? ` replaces=${marker.replaces}` : '';
    return `Managed from a repository by Omni AI Job: edit it there, changes made in Omni are overwritten. ${MarkerTag} stack=${marker.stack} key=${marker.key} sums=${marker.sums}${replaces}`;
}
/** Longest marker line for this stack and key (for checking a description's room). */
function markerLength(stack, key) {
    return markerLine({ stack, key, sums: '0'.repeat(SumChars * FieldNames.length), replaces: '00000000-0000-0000-0000-000000000000' }).length;
}
/** The description Omni stores: what people wrote, a blank line, the marker line. */
function composeDescription(description, marker) {
    const line = markerLine(marker);
    return description ? `${description}\n\n${line}` : line;
}
/** Splits a stored description into the people's part and the marker (when it has a valid one). */
function readDescription(stored) {
    if (!stored)
        return { description: null };
    const lines = stored.replace(/\r\n?/g, '\n').split('\n');
    for (let index = lines.length - 1; index >= 0; index--) {
        const match = MarkerLinePattern.exec(lines[index]);
        if (!match || !StackPattern.test(match[1]) || !KeyPattern.test(match[2]))
            continue;
        const rest = [...lines.slice(0, index), ...lines.slice(index + 1)].join('\n').trim();
        const marker = { stack: match[1], key: match[2], sums: match[3] };
        if (match[4])
            marker.replaces = match[4];
        return { description: rest || null, marker };
    }
    return { description: stored.replace(/\r\n?/g, '\n').trim() || null };
}
/** Short sums of each field, in FieldNames order. */
function fieldSums(fields) {
    return FieldNames.map((name) => sum(canonical(fields, name))).join('');
}
/** Fields whose value differs from the sums in a marker (a marker of an older version compares by what it has). */
function fieldsDifferingFromSums(fields, sums) {
    return FieldNames.filter((name, index) => {
        const recorded = sums.slice(index * SumChars, (index + 1) * SumChars);
        return recorded.length === SumChars && recorded !== sum(canonical(fields, name));
    });
}
/** Fields of `a` and `b` that differ, compared as Omni would store them. */
function differingFields(a, b) {
    return FieldNames.filter((name) => canonical(a, name) !== canonical(b, name));
}
/** One field as a string that is equal exactly when the values mean the same to Omni. */
function canonical(fields, name) {
    switch (name) {
        case 'destination':
            return canonicalDestination(fields.destination);
        case 'schedule':
            return fields.schedule.trim().replace(/\s+/g, ' ').toUpperCase();
        case 'prompt':
            return fields.prompt.replace(/\r\n?/g, '\n').trim();
        case 'description':
            return (fields.description ?? '').replace(/\r\n?/g, '\n').trim();
        case 'modelId':
            return fields.modelId.toLowerCase();
        case 'branchId':
            return (fields.branchId ?? '').toLowerCase();
        case 'topicName':
            return fields.topicName ?? '';
        default:
            return fields[name];
    }
}
/** Recipients as sets: Omni may keep them in another order or case. */
function canonicalDestination(destination) {
    if (destination.type === 'slack')
        return `slack:${destination.slackRecipientType}:${destination.recipientId}`;
    const emails = [...new Set((destination.recipientEmails ?? []).map((e) => e.trim().toLowerCase()))].sort();
    const groups = [...new Set((destination.userGroupIds ?? []).map((g) => g.toLowerCase()))].sort();
    return `email:${emails.join(',')};groups:${groups.join(',')}`;
}
function sum(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, SumChars);
}

// EXTERNAL MODULE: ./src/lib/errors.ts
var lib_errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/text.ts
var lib_text = __webpack_require__(9112);
;// CONCATENATED MODULE: ./src/routines/apply.ts




/** Tries of a create whose outcome stayed unknown each time (each one looked for first). */
const CreateTries = 3;
const DefaultConcurrency = 4;
/** Applies the plan's changes; records each routine's result on it and returns the counts. */
async function applyPlan(plan, options) {
    const run = new ApplyRun(plan, options);
    const pending = plan.routines.filter((r) => r.action === 'error');
    for (const routine of pending)
        routine.applied = { status: 'skipped', message: routine.error ?? 'not planned' };
    await run.phase(plan.routines.filter((r) => r.action === 'create'), (r) => run.create(r));
    await run.phase(plan.routines.filter((r) => r.action === 'update'), (r) => run.update(r));
    await run.phase(plan.routines.filter((r) => r.action === 'replace'), (r) => run.replace(r));
    await run.phase(plan.routines.filter((r) => r.action === 'delete'), (r) => run.delete(r));
    return appliedCounts(plan.routines);
}
function appliedCounts(routines) {
    const counts = { created: 0, updated: 0, replaced: 0, deleted: 0, failed: 0, skipped: 0 };
    for (const routine of routines) {
        if (routine.applied?.status === 'failed')
            counts.failed++;
        else if (routine.applied?.status === 'skipped')
            counts.skipped++;
        else if (routine.applied?.status === 'applied') {
            if (routine.action === 'create')
                counts.created++;
            else if (routine.action === 'update')
                counts.updated++;
            else if (routine.action === 'replace')
                counts.replaced++;
            else if (routine.action === 'delete')
                counts.deleted++;
        }
    }
    return counts;
}
class ApplyRun {
    plan;
    options;
    /** Set once Omni refused a write for a reason every later write shares (key, permission). */
    stopped;
    /** Set once Omni refused a create for the owner's routine quota: other creates would be too. */
    quotaFull;
    constructor(plan, options) {
        this.plan = plan;
        this.options = options;
    }
    async phase(routines, change) {
        const queue = [...routines];
        const worker = async () => {
            for (let routine = queue.shift(); routine; routine = queue.shift()) {
                if (this.options.signal?.aborted) {
                    routine.applied = { status: 'skipped', message: 'Not attempted: the workflow run was cancelled.' };
                    continue;
                }
                if (this.stopped) {
                    routine.applied = { status: 'skipped', message: `Not attempted: ${this.stopped}` };
                    continue;
                }
                try {
                    await change(routine);
                }
                catch (error) {
                    routine.applied = { status: 'failed', message: this.failure(routine, error) };
                }
            }
        };
        const workers = Math.max(1, Math.min(this.options.concurrency ?? DefaultConcurrency, queue.length));
        await Promise.all(Array.from({ length: workers }, worker));
    }
    async create(routine) {
        if (this.quotaFull) {
            routine.applied = { status: 'skipped', message: `Not attempted: ${this.quotaFull}` };
            return;
        }
        const id = await this.createRoutine(routine);
        routine.applied = { status: 'applied', id };
        this.log(`Created routine '${routine.key}' (${id}).`);
    }
    async update(routine) {
        const live = routine.live;
        const desired = routine.desired;
        const body = { description: composeDescription(desired.description, this.marker(routine.key, desired)) };
        for (const field of routine.changed) {
            if (field === 'name' || field === 'prompt' || field === 'schedule' || field === 'timezone')
                body[field] = desired[field];
            if (field === 'destination')
                body.destination = desired.destination;
        }
        await this.options.api.updateRoutine(live.id, body, this.callOptions());
        routine.applied = { status: 'applied', id: live.id };
        this.log(`Updated routine '${routine.key}' (${live.id}): ${routine.adopt ? 'adopted' : routine.changed.join(', ')}.`);
    }
    async replace(routine) {
        if (this.quotaFull) {
            routine.applied = { status: 'skipped', message: `Not attempted: ${this.quotaFull}` };
            return;
        }
        const old = routine.live;
        const id = await this.createRoutine(routine, old.id);
        try {
            await this.deleteRoutine(old.id);
        }
        catch (error) {
            routine.applied = {
                status: 'failed',
                id,
                message: `Created ${id} to replace ${old.id}, but could not delete ${old.id}: ${(0,lib_text/* oneLine */.TN)((0,lib_errors/* errorMessage */.g)(error))} The next apply deletes it.`,
            };
            return;
        }
        routine.applied = { status: 'applied', id };
        this.log(`Replaced routine '${routine.key}': ${old.id} by ${id}.`);
    }
    async delete(routine) {
        await this.deleteRoutine(routine.live.id);
        routine.applied = { status: 'applied', id: routine.live.id };
        this.log(`Deleted routine '${routine.key}' (${routine.live.id}).`);
    }
    async deleteRoutine(id) {
        try {
            await this.options.api.deleteRoutine(id, this.callOptions());
        }
        catch (error) {
            // Gone already (a retried delete that had worked, or someone deleted it in Omni): what was wanted.
            if (error instanceof errors/* OmniApiError */._ && error.status === 404)
                return;
            throw error;
        }
    }
    /** Creates the routine; after a failure that leaves it unknown whether Omni stored it, looks before trying again. */
    async createRoutine(routine, replaces) {
        const desired = routine.desired;
        const marker = this.marker(routine.key, desired, replaces);
        const body = {
            modelId: desired.modelId,
            name: desired.name,
            prompt: desired.prompt,
            schedule: desired.schedule,
            timezone: desired.timezone,
            destination: desired.destination,
            description: composeDescription(desired.description, marker),
        };
        if (desired.branchId)
            body.branchId = desired.branchId;
        if (desired.topicName)
            body.topicName = desired.topicName;
        for (let attempt = 1;; attempt++) {
            try {
                const { id } = await this.options.api.createRoutine(body, this.callOptions());
                return id;
            }
            catch (error) {
                if (!(error instanceof errors/* OmniApiError */._) || !error.outcomeUnknown)
                    throw error;
                this.log(`Creating routine '${routine.key}' failed without a clear answer (${(0,lib_text/* oneLine */.TN)((0,lib_errors/* errorMessage */.g)(error))}); looking for it in Omni before trying again.`);
                const found = (await this.options.listRoutines()).filter((candidate) => {
                    if (candidate.id === replaces)
                        return false;
                    const { marker: stored } = readDescription(candidate.description);
                    return stored?.stack === this.plan.stack && stored.key === routine.key;
                });
                if (found.length === 1) {
                    this.log(`Routine '${routine.key}' had been created (${found[0].id}): not creating it again.`);
                    return found[0].id;
                }
                if (found.length > 1) {
                    throw new Error(`Omni holds ${found.length} routines for '${routine.key}' after an unclear failure (${found.map((f) => f.id).join(', ')}); delete all but one.`, { cause: error });
                }
                if (attempt >= CreateTries)
                    throw error;
            }
        }
    }
    marker(key, desired, replaces) {
        const marker = { stack: this.plan.stack, key, sums: fieldSums(desired) };
        if (replaces)
            marker.replaces = replaces;
        return marker;
    }
    callOptions() {
        return {
            ...(this.options.userId ? { userId: this.options.userId } : {}),
            ...(this.options.signal ? { signal: this.options.signal } : {}),
        };
    }
    /** The one-line message for a failed change; notes refusals that every later change would meet too. */
    failure(routine, error) {
        const message = (0,lib_text/* oneLine */.TN)((0,lib_errors/* errorMessage */.g)(error));
        if (error instanceof errors/* OmniApiError */._) {
            if (error.status === 401 || error.status === 403)
                this.stopped ??= `Omni refused an earlier change (${error.status}) for a reason the others share.`;
            if (error.status === 429 && error.route === 'createRoutine')
                this.quotaFull ??= `Omni refused an earlier create (429): ${error.detail ?? 'routine limit reached'}.`;
        }
        if (this.options.signal?.aborted && error === this.options.signal.reason)
            return `Cancelled while changing '${routine.key}': the change may or may not have been made.`;
        return message;
    }
    log(message) {
        this.options.log?.(message);
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/lib/uuid.ts
var uuid = __webpack_require__(5308);
// EXTERNAL MODULE: ./src/lib/yaml-file.ts
var yaml_file = __webpack_require__(7843);
// EXTERNAL MODULE: ./node_modules/croner/dist/croner.js
var croner = __webpack_require__(5814);
// EXTERNAL MODULE: ./node_modules/cronstrue/dist/cronstrue.js
var cronstrue = __webpack_require__(2507);
var cronstrue_default = /*#__PURE__*/__webpack_require__.n(cronstrue);
;// CONCATENATED MODULE: ./src/routines/schedule.ts
/**
 * Routine schedules: Omni's six-field cron (minute hour day-of-month month day-of-week year, `?`
 * in exactly one day field), the familiar five-field cron converted to it, words for people and
 * the next runs in the routine's time zone. Pure (the caller passes "now").
 *
 * croner and cronstrue read a six-field cron as starting with seconds, and a seven-field one as
 * seconds … year: Omni's fields are handed to them behind a `0` seconds field.
 */


const DayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const Example = "'0 9 ? * MON *' (every Monday at 09:00) or '0 9 1 * ? *' (the 1st of each month)";
/** Reads a schedule as written in the routines file: six fields as Omni takes them, or five converted. */
function readSchedule(written) {
    const text = written.trim().replace(/\s+/g, ' ');
    const fields = text.split(' ');
    if (fields.length === 5)
        return fromFiveFields(fields, text);
    if (fields.length !== 6) {
        return { ok: false, message: `schedule '${schedule_short(text)}' has ${fields.length} fields; Omni's cron has six (minute hour day-of-month month day-of-week year), e.g. ${Example}; a five-field cron is also accepted and converted` };
    }
    const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields.map((f) => f.toUpperCase());
    const cron = [minute, hour, dayOfMonth, month, dayOfWeek, year].join(' ');
    const problem = checkSixFields(minute, hour, dayOfMonth, month, dayOfWeek, year);
    if (problem)
        return { ok: false, message: `schedule '${schedule_short(text)}': ${problem}` };
    return { ok: true, cron };
}
function checkSixFields(minute, hour, dayOfMonth, month, dayOfWeek, year) {
    const questionMarks = [dayOfMonth, dayOfWeek].filter((f) => f === '?').length;
    if ([minute, hour, month, year].some((f) => f.includes('?')))
        return '? may only stand for a whole day field (day-of-month or day-of-week)';
    if (questionMarks === 0)
        return `put ? in day-of-month or in day-of-week (Omni needs exactly one of them unspecified), e.g. ${Example}`;
    if (questionMarks === 2)
        return 'only one of day-of-month and day-of-week may be ?; give the other (* for every day)';
    if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) {
        return `Omni runs a routine at most once an hour, so the minute must be one number from 0 to 59 (got '${schedule_short(minute)}')`;
    }
    if (/\d/.test(dayOfWeek.replace(/#\d/g, ''))) {
        return `write days of the week as names (MON, MON-FRI, MON#1), not numbers (got '${schedule_short(dayOfWeek)}'): cron dialects disagree on whether 1 is Sunday or Monday`;
    }
    try {
        new croner/* Cron */.l4(schedule_croner(`${minute} ${hour} ${dayOfMonth} ${month} ${dayOfWeek} ${year}`), { mode: '7-part', paused: true });
    }
    catch (error) {
        return `not a valid cron: ${cronerMessage(error)}`;
    }
    return undefined;
}
/** `m h dom mon dow` (Unix cron: dom and dow both restricted means either) to Omni's six fields. */
function fromFiveFields(fields, text) {
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((f) => f.toUpperCase());
    const fail = (message) => ({ ok: false, message: `schedule '${schedule_short(text)}' (five-field cron): ${message}` });
    if (fields.some((f) => f.includes('?')))
        return fail('a five-field cron has no ?; write * or use the six-field form');
    const dayOfWeekNames = dayOfWeek === '*' ? '*' : weekdayNames(dayOfWeek);
    if (dayOfWeekNames === undefined)
        return fail(`cannot convert day-of-week '${schedule_short(dayOfWeek)}'; write the six-field form, e.g. ${Example}`);
    if (dayOfMonth !== '*' && dayOfWeekNames !== '*') {
        return fail("it restricts both day-of-month and day-of-week, which in a five-field cron means either of them; Omni's cron takes one: split it into two routines");
    }
    const cron = dayOfWeekNames === '*' ? `${minute} ${hour} ${dayOfMonth} ${month} ? *` : `${minute} ${hour} ? ${month} ${dayOfWeekNames} *`;
    const six = readSchedule(cron);
    if (!six.ok)
        return fail(six.message.replace(/^schedule '[^']*': /, ''));
    return { ok: true, cron: six.cron, convertedFrom: text };
}
/** Unix day-of-week numbers (0 or 7 Sunday) and names to names; undefined when it cannot be done safely. */
function weekdayNames(field) {
    const days = new Set();
    const named = [];
    for (const item of field.split(',')) {
        if (/^[A-Z]{3}(-[A-Z]{3})?$/.test(item) && item.split('-').every((name) => DayNames.includes(name))) {
            named.push(item);
            continue;
        }
        const nth = /^([0-7])#([1-5])$/.exec(item);
        if (nth) {
            named.push(`${DayNames[Number(nth[1]) % 7]}#${nth[2]}`);
            continue;
        }
        const range = /^(\*|([0-7])(?:-([0-7]))?)(?:\/([1-7]))?$/.exec(item);
        if (!range)
            return undefined;
        const from = range[1] === '*' ? 0 : Number(range[2]);
        const to = range[1] === '*' ? 6 : range[3] !== undefined ? Number(range[3]) : range[4] ? 7 : from;
        const step = range[4] ? Number(range[4]) : 1;
        if (to < from)
            return undefined;
        for (let day = from; day <= to; day += step)
            days.add(day % 7);
    }
    if (days.size === 7 && named.length === 0)
        return '*';
    return [...compressDays([...days].sort((a, b) => a - b)), ...named].join(',');
}
function compressDays(days) {
    const out = [];
    for (let start = 0; start < days.length;) {
        let end = start;
        while (end + 1 < days.length && days[end + 1] === days[end] + 1)
            end++;
        if (end - start >= 2)
            out.push(`${DayNames[days[start]]}-${DayNames[days[end]]}`);
        else
            for (let k = start; k <= end; k++)
                out.push(DayNames[days[k]]);
        start = end + 1;
    }
    return out;
}
/** The schedule in words, e.g. "At 09:00, only on Monday". */
function describeSchedule(cron) {
    try {
        return cronstrue_default().toString(schedule_croner(cron), { use24HourTimeFormat: true, verbose: false, throwExceptionOnParseError: true });
    }
    catch {
        return `cron ${cron}`;
    }
}
/** The next `count` runs after `from`, in the routine's time zone (fewer when the schedule ends). */
function nextRuns(cron, timezone, from, count = 3) {
    try {
        return new croner/* Cron */.l4(schedule_croner(cron), { mode: '7-part', paused: true, timezone }).nextRuns(count, from);
    }
    catch {
        return [];
    }
}
/** "Mon 30 Mar 2026 09:00 CEST": a run as people in that time zone read it. */
function formatRun(date, timezone) {
    const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: timezone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
    }).formatToParts(date);
    const part = (type) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} ${part('hour')}:${part('minute')} ${zoneName(date, timezone)}`;
}
/** The zone's abbreviation where people use one (CET, EST), else its offset (GMT+5:30). */
function zoneName(date, timezone) {
    let offset = '';
    // Each locale knows the abbreviations of its own region's zones: British English says CET, American English EST.
    for (const locale of ['en-GB', 'en-US', 'en-AU', 'en-IN']) {
        const name = new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
        if (name && !/^(GMT|UTC)[+-]/.test(name))
            return name;
        offset ||= name;
    }
    return offset || timezone;
}
let zones;
/** An IANA time zone Omni will take: undefined when fine, otherwise what is wrong. */
function timezoneProblem(timezone) {
    zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);
    if (zones.has(timezone))
        return undefined;
    const notIana = `timezone '${schedule_short(timezone)}' is not an IANA time zone (like Europe/Berlin, America/New_York or UTC)`;
    // Intl also takes offsets (+02:00), which are not zone names.
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/.test(timezone))
        return notIana;
    let canonical;
    try {
        canonical = new Intl.DateTimeFormat('en', { timeZone: timezone }).resolvedOptions().timeZone;
    }
    catch {
        return notIana;
    }
    if (canonical === timezone)
        return undefined;
    // An alias (Asia/Kolkata for Asia/Calcutta) is fine as written; a case variant is not.
    if (canonical.toLowerCase() === timezone.toLowerCase() || !/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(timezone)) {
        return `timezone '${schedule_short(timezone)}' is not written as IANA names it: did you mean ${canonical}?`;
    }
    return undefined;
}
/** Omni's fields as croner and cronstrue read them: seconds first, `?` kept (both read it as "any"). */
function schedule_croner(cron) {
    return `0 ${cron}`;
}
function cronerMessage(error) {
    const message = error instanceof Error && error.message ? error.message : 'unrecognised field';
    return message.replace(/^CronPattern: /, '').replace(/configuration entry (\d)/, (_m, n) => fieldName(Number(n)));
}
function fieldName(cronerIndex) {
    return ['second', 'minute', 'hour', 'day-of-month', 'month', 'day-of-week', 'year'][cronerIndex] ?? `field ${cronerIndex}`;
}
function schedule_short(text) {
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

;// CONCATENATED MODULE: ./src/routines/file.ts
/**
 * The routines file (`routinesFile` input): the routines a repository declares. Read and checked
 * strictly before any request, every problem reported as file:line:col; what passes here is what
 * Omni's schemas accept (lengths, cron, time zone, recipients). The format is in the README,
 * "Routines as code", and examples/routines.yml.
 */





/** Every key the file may hold, per level: the reader's contract with schemas/routines.schema.json. */
const RoutinesFileKeys = {
    top: ['version', 'stack', 'defaults', 'routines'],
    routine: ['key', 'name', 'prompt', 'schedule', 'timezone', 'modelId', 'branchId', 'branchName', 'topicName', 'description', 'destination', 'id'],
    /** What `defaults` may give: every routine key but the routine's identity. */
    defaults: ['name', 'prompt', 'schedule', 'timezone', 'modelId', 'branchId', 'branchName', 'topicName', 'description', 'destination'],
    destination: ['email', 'userGroupIds', 'slack'],
    slack: ['channel', 'user'],
};
/** Omni's limits (RoutineCreateBody, RoutineEmailDestination). */
const Limits = { nameMaxChars: 512, topicNameMaxChars: 256, recipientsMax: 100, userGroupsMax: 100 };
/** What Omni's `format: email` accepts in practice: one @, a dotted domain, no spaces. */
const Email = /^[^\s@"<>(),;:\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const SlackChannel = /^[CG][A-Z0-9]{6,}$/;
const SlackUser = /^[UW][A-Z0-9]{6,}$/;
const BranchName = /^[\w\-/.]+$/;
class RoutinesFileError extends yaml_file/* FileProblemsError */.xV {
    name = 'RoutinesFileError';
}
/** Reads and checks the file; `defaultStack` names the stack when the file does not (for the description's room). */
async function loadRoutinesFile(path, defaultStack, inputs = {}) {
    return parseRoutinesFile(await (0,yaml_file/* readFileText */.eu)(path, 'routinesFile'), path, defaultStack, inputs);
}
/** Parses the YAML text of a routines file; throws RoutinesFileError listing every problem. */
function parseRoutinesFile(text, file, defaultStack, inputs = {}) {
    const { reader, root } = (0,yaml_file/* parseYaml */.hN)(text, file, { duplicateKeyMessage: 'this key is given twice in the same mapping' });
    if (reader.problems.length > 0)
        throw new RoutinesFileError(reader.problems);
    if (!(0,dist/* isMap */.jh)(root)) {
        reader.problem(root, root === null || (0,yaml_file/* isNull */.kZ)(root) ? 'the file is empty: it needs a `routines` list' : 'the file must be a mapping with a `routines` list');
        throw new RoutinesFileError(reader.problems);
    }
    const top = reader.fields(root, RoutinesFileKeys.top, 'the top level');
    const version = top.get('version');
    if (version && !((0,dist/* isScalar */.jn)(version) && version.value === 1))
        reader.problem(version, 'version must be 1');
    let stack;
    const stackNode = top.get('stack');
    if (stackNode) {
        stack = reader.text(stackNode, 'stack');
        if (stack !== undefined && !StackPattern.test(stack)) {
            reader.problem(stackNode, "stack may hold only letters, digits and . _ / : @ + -, start with a letter or digit, at most 200 characters");
            stack = undefined;
        }
    }
    const defaultsNode = top.get('defaults');
    let defaults;
    if (defaultsNode && !(0,yaml_file/* isNull */.kZ)(defaultsNode)) {
        if (!(0,dist/* isMap */.jh)(defaultsNode))
            reader.problem(defaultsNode, `defaults must be a mapping of routine keys (${RoutinesFileKeys.defaults.join(', ')})`);
        else {
            defaults = defaultsNode;
            reader.fields(defaultsNode, RoutinesFileKeys.defaults, 'defaults', { notHere: { keys: ['key', 'id'], reason: "it is each routine's own" } });
        }
    }
    const routines = [];
    const routinesNode = top.get('routines');
    if (!routinesNode)
        reader.problemAt(root.range?.[0] ?? 0, 'routines is required: a list of routines (an empty list [] manages none)');
    else if (!(0,dist/* isSeq */.oP)(routinesNode) && !(0,yaml_file/* isNull */.kZ)(routinesNode))
        reader.problem(routinesNode, 'routines must be a list of routines, each with a key');
    else if ((0,dist/* isSeq */.oP)(routinesNode)) {
        const keys = new Map();
        const ids = new Map();
        routinesNode.items.forEach((item, index) => {
            const routine = readRoutine(reader, item, index, defaults, stack ?? defaultStack, inputs);
            const keyNode = (0,dist/* isMap */.jh)(item) ? item.get('key', true) : undefined;
            if (routine?.key !== undefined || keyNode) {
                const key = routine?.key ?? ((0,dist/* isScalar */.jn)(keyNode) ? String(keyNode.value) : '');
                const earlier = keys.get(key.toLowerCase());
                if (earlier !== undefined && key)
                    reader.problem(keyNode, `routines[${index}].key '${key}' is already used by the routine at line ${earlier} (keys are compared ignoring case)`);
                else if (key)
                    keys.set(key.toLowerCase(), reader.lineOf(item));
            }
            if (routine?.id) {
                const earlier = ids.get(routine.id);
                if (earlier !== undefined)
                    reader.problem(item.get('id', true), `routines[${index}].id ${routine.id} is already adopted by the routine at line ${earlier}`);
                else
                    ids.set(routine.id, routine.line);
            }
            if (routine)
                routines.push(routine);
        });
    }
    if (reader.problems.length > 0)
        throw new RoutinesFileError(reader.problems);
    const parsed = { file, routines };
    if (stack)
        parsed.stack = stack;
    return parsed;
}
function readRoutine(reader, node, index, defaults, stack, inputs) {
    const path = `routines[${index}]`;
    if (!(0,dist/* isMap */.jh)(node)) {
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
    const field = (name) => {
        const value = own.get(name);
        if (value && !(0,yaml_file/* isNull */.kZ)(value))
            return value;
        const inherited = defaults?.get(name, true);
        return inherited && !(0,yaml_file/* isNull */.kZ)(inherited) ? inherited : undefined;
    };
    /** The field as messages name it: the routine's own, or the default it inherits. */
    const at = (name) => {
        const value = own.get(name);
        return value && !(0,yaml_file/* isNull */.kZ)(value) ? `${named}.${name}` : `defaults.${name}`;
    };
    const required = (name) => {
        const value = field(name);
        if (!value)
            reader.problem(own.get(name) ?? node, `${named}.${name} is required (here or in defaults${name === 'modelId' ? ', or the modelId input' : ''})`);
        return value;
    };
    const positions = {};
    for (const name of RoutinesFileKeys.routine) {
        const value = field(name);
        if (value)
            positions[name] = reader.positionOf(value);
    }
    const nameNode = required('name');
    const name = nameNode ? reader.text(nameNode, at('name')) : undefined;
    if (name !== undefined && name.length > Limits.nameMaxChars)
        reader.problem(nameNode, `${at('name')} is ${name.length} characters; Omni takes at most ${Limits.nameMaxChars}`);
    const promptNode = required('prompt');
    const prompt = promptNode ? reader.text(promptNode, at('prompt'), { multiline: true }) : undefined;
    if (prompt?.includes('\0'))
        reader.problem(promptNode, `${at('prompt')} must not contain NUL characters`);
    const scheduleNode = required('schedule');
    const scheduleText = scheduleNode ? reader.text(scheduleNode, at('schedule')) : undefined;
    const schedule = scheduleText === undefined ? undefined : readSchedule(scheduleText);
    if (schedule && !schedule.ok)
        reader.problem(scheduleNode, `${at('schedule')}: ${schedule.message}`);
    const timezoneNode = required('timezone');
    const timezone = timezoneNode ? reader.text(timezoneNode, at('timezone')) : undefined;
    const zoneProblem = timezone === undefined ? undefined : timezoneProblem(timezone);
    if (zoneProblem)
        reader.problem(timezoneNode, `${at('timezone')}: ${zoneProblem}`);
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
    if (branchName !== undefined && !BranchName.test(branchName))
        reader.problem(branchNameNode, `${at('branchName')} may only contain letters, digits, _, -, . and /`);
    if (branchIdNode && branchNameNode)
        reader.problem(own.get('branchName') ?? own.get('branchId') ?? branchNameNode, `${named}: give branchId or branchName, not both`);
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
    if (key === undefined || name === undefined || prompt === undefined || !schedule?.ok || timezone === undefined || zoneProblem)
        return undefined;
    if (modelId === undefined || destination === undefined)
        return undefined;
    const routine = { key, name, prompt, schedule: schedule.cron, timezone, modelId, destination, line: reader.lineOf(node), positions };
    if (schedule.convertedFrom)
        routine.scheduleWritten = schedule.convertedFrom;
    if (branchId)
        routine.branchId = branchId;
    if (branchName)
        routine.branchName = branchName;
    if (topicName)
        routine.topicName = topicName;
    if (description)
        routine.description = description;
    if (id)
        routine.id = id;
    return routine;
}
function readDestination(reader, node, path) {
    if (!(0,dist/* isMap */.jh)(node)) {
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
        if (!(0,dist/* isMap */.jh)(slack)) {
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
            : { type: 'slack', recipientId: user, slackRecipientType: 'users' };
    }
    const emails = readList(reader, emailNode, `${path}.email`, Limits.recipientsMax, (value) => (Email.test(value) ? undefined : `'${value.slice(0, 80)}' is not an e-mail address`), (v) => v.toLowerCase());
    const groups = readList(reader, groupsNode, `${path}.userGroupIds`, Limits.userGroupsMax, (value) => (uuid/* UuidPattern */.c.test(value) ? undefined : `'${value.slice(0, 60)}' is not a UUID`), (v) => v.toLowerCase());
    if (emails === undefined || groups === undefined)
        return undefined;
    if (emails.length === 0 && groups.length === 0) {
        reader.problem(node, `${path} has no recipient: give email (addresses), userGroupIds, or slack`);
        return undefined;
    }
    return { type: 'email', recipientEmails: emails, userGroupIds: groups.map((g) => g.toLowerCase()) };
}
/** A string or list of strings, each checked, none twice, at most `max`; undefined when there was a problem. */
function readList(reader, node, path, max, check, identity) {
    if (!node || (0,yaml_file/* isNull */.kZ)(node))
        return [];
    const items = (0,dist/* isSeq */.oP)(node) ? node.items : [node];
    let ok = true;
    if (items.length > max) {
        reader.problem(node, `${path} has ${items.length} entries; Omni takes at most ${max}`);
        ok = false;
    }
    const seen = new Map();
    const values = [];
    items.forEach((item, index) => {
        const where = (0,dist/* isSeq */.oP)(node) ? `${path}[${index}]` : path;
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

;// CONCATENATED MODULE: ./src/routines/list.ts
const PageSize = 100;
/** 100 pages of 100: far beyond Omni's per-user limit; stops a server that keeps answering `hasNextPage`. */
const MaxPages = 100;
async function listAllRoutines(api, options = {}) {
    const byId = new Map();
    const seenCursors = new Set();
    let cursor;
    for (let page = 0; page < MaxPages; page++) {
        const answer = await api.listRoutines({ pageSize: PageSize, ...(cursor ? { cursor } : {}), ...(options.userId ? { userId: options.userId } : {}) }, options.signal ? { signal: options.signal } : {});
        // A routine created while paging shifts the pages: seen twice, kept once.
        for (const routine of answer.records ?? [])
            byId.set(routine.id, routine);
        const next = answer.pageInfo?.hasNextPage ? answer.pageInfo.nextCursor : null;
        if (!next || seenCursors.has(next))
            break;
        seenCursors.add(next);
        cursor = next;
    }
    return [...byId.values()];
}

;// CONCATENATED MODULE: ./src/routines/plan.ts


/** Two routines carry the same marker: which one the file means cannot be told. */
class DuplicateMarkerError extends Error {
    key;
    ids;
    constructor(key, ids, stack) {
        super(`Routines ${ids.join(', ')} all carry the marker of routine '${key}' of stack ${stack}: delete all but one in Omni (or remove the marker line from their description), then run again.`);
        this.key = key;
        this.ids = ids;
        this.name = 'DuplicateMarkerError';
    }
}
function toLiveRoutine(routine) {
    const { description, marker } = readDescription(routine.description);
    const live = {
        id: routine.id,
        fields: {
            name: routine.name,
            prompt: routine.prompt,
            schedule: routine.schedule,
            timezone: routine.timezone,
            description,
            destination: routine.destination,
            modelId: routine.modelId,
            branchId: routine.branchId ?? null,
            topicName: routine.topicName ?? null,
        },
        disabled: routine.disabled,
        systemDisabled: routine.systemDisabled,
        systemDisabledReason: routine.systemDisabledReason ?? null,
        lastRun: routine.lastRun ?? null,
        recipientCount: routine.recipientCount,
        updatedAt: routine.updatedAt,
    };
    if (marker)
        live.marker = marker;
    return live;
}
function desiredFields(declared, branchId) {
    return {
        name: declared.name,
        prompt: declared.prompt,
        schedule: declared.schedule,
        timezone: declared.timezone,
        description: declared.description ?? null,
        destination: declared.destination,
        modelId: declared.modelId,
        branchId: branchId ?? declared.branchId ?? null,
        topicName: declared.topicName ?? null,
    };
}
function buildPlan(input) {
    const live = input.live.map(toLiveRoutine);
    const warnings = [];
    const byId = new Map(live.map((routine) => [routine.id, routine]));
    const declaredKeys = new Set(input.routines.map((r) => r.declared.key));
    // This stack's routines by key; an interrupted replace leaves the old one beside its replacement.
    const managed = new Map();
    const leftovers = [];
    const groups = new Map();
    for (const routine of live) {
        if (routine.marker?.stack !== input.stack)
            continue;
        const group = groups.get(routine.marker.key) ?? [];
        group.push(routine);
        groups.set(routine.marker.key, group);
    }
    for (const [key, group] of groups) {
        if (group.length === 1) {
            managed.set(key, group[0]);
            continue;
        }
        const replacement = group.length === 2 ? group.find((r) => r.marker?.replaces && group.some((o) => o.id === r.marker?.replaces)) : undefined;
        if (!replacement)
            throw new DuplicateMarkerError(key, group.map((r) => r.id), input.stack);
        managed.set(key, replacement);
        leftovers.push(group.find((r) => r !== replacement));
    }
    const planned = [];
    const adopted = new Set();
    for (const resolved of input.routines) {
        const { declared } = resolved;
        const entry = { key: declared.key, action: 'create', adopt: false, declared, changed: [], editedInOmni: [], warnings: [] };
        entry.schedule = scheduleView(declared.schedule, declared.timezone, input.now, declared.scheduleWritten);
        if (entry.schedule.nextRuns.length === 0)
            entry.warnings.push('The schedule has no run after now: the routine would never run.');
        let existing = managed.get(declared.key);
        if (declared.id) {
            const target = byId.get(declared.id);
            const problem = adoptionProblem(declared, target, existing, input.stack, declaredKeys);
            if (problem) {
                entry.action = 'error';
                entry.error = problem;
                if (existing)
                    entry.live = existing;
                planned.push(entry);
                continue;
            }
            existing = target;
            if (existing.marker?.stack !== input.stack || existing.marker.key !== declared.key) {
                entry.adopt = true;
                adopted.add(existing.id);
            }
        }
        if (existing)
            entry.live = existing;
        if (resolved.error) {
            entry.action = 'error';
            entry.error = resolved.error;
            planned.push(entry);
            continue;
        }
        const desired = desiredFields(declared, resolved.branchId);
        entry.desired = desired;
        if (!existing) {
            const namesake = live.find((r) => !r.marker && r.fields.name === desired.name);
            if (namesake) {
                entry.warnings.push(`An unmanaged routine with this name exists (${namesake.id}): to manage it instead of creating another, add \`id: ${namesake.id}\` to this routine.`);
            }
            planned.push(entry);
            continue;
        }
        entry.changed = differingFields(existing.fields, desired);
        entry.editedInOmni = existing.marker && !entry.adopt ? fieldsDifferingFromSums(existing.fields, existing.marker.sums) : [];
        if (entry.changed.some((field) => ReplaceFields.includes(field)))
            entry.action = 'replace';
        else if (entry.changed.length > 0 || entry.adopt)
            entry.action = 'update';
        else
            entry.action = 'unchanged';
        if (entry.changed.includes('schedule') || entry.changed.includes('timezone')) {
            entry.previousSchedule = scheduleView(existing.fields.schedule, existing.fields.timezone, input.now);
        }
        entry.warnings.push(...liveWarnings(entry, existing));
        planned.push(entry);
    }
    for (const [key, routine] of managed) {
        if (declaredKeys.has(key) || adopted.has(routine.id))
            continue;
        planned.push(goneEntry(key, routine, input.prune ? 'delete' : 'keep', input.now));
    }
    for (const routine of leftovers) {
        const entry = goneEntry(routine.marker.key, routine, 'delete', input.now);
        entry.warnings.push('Left over from a replace that did not finish: the routine that replaced it is in place, so this one is deleted.');
        planned.push(entry);
    }
    const otherStacks = new Map();
    let unmanaged = 0;
    for (const routine of live) {
        if (adopted.has(routine.id))
            continue;
        if (!routine.marker)
            unmanaged++;
        else if (routine.marker.stack !== input.stack)
            otherStacks.set(routine.marker.stack, (otherStacks.get(routine.marker.stack) ?? 0) + 1);
    }
    if (input.stackIsDefault && input.repository) {
        for (const [stack, count] of otherStacks) {
            if (stack.startsWith(`${input.repository}:`)) {
                warnings.push(`${count} routine${count === 1 ? '' : 's'} of stack ${stack} ${count === 1 ? 'was' : 'were'} managed from another file of this repository. If the routines file moved, add \`stack: ${stack}\` to it to keep managing them; otherwise they stay as they are and these are created anew.`);
            }
        }
    }
    return {
        file: input.file,
        stack: input.stack,
        prune: input.prune,
        generatedAt: input.now.toISOString(),
        routines: planned,
        otherStacks: [...otherStacks].map(([stack, count]) => ({ stack, count })).sort((a, b) => a.stack.localeCompare(b.stack)),
        unmanaged,
        warnings,
        counts: countPlan(planned),
    };
}
function countPlan(routines) {
    const counts = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0, keep: 0, error: 0, changes: 0 };
    for (const routine of routines)
        counts[routine.action]++;
    counts.changes = counts.create + counts.update + counts.replace + counts.delete;
    return counts;
}
/** Why `id:` cannot adopt the routine, or undefined when it can. */
function adoptionProblem(declared, target, existing, stack, declaredKeys) {
    const id = declared.id;
    if (!target) {
        return `id ${id} is not among the owner's routines: it was deleted, or belongs to another user (with an organization API key, set userId to its owner). Remove id to create the routine instead.`;
    }
    if (target.marker && target.marker.stack !== stack) {
        return `id ${id} is managed by another stack (${target.marker.stack}): routines of another stack are never changed. Remove it from that stack's file first.`;
    }
    if (target.marker && target.marker.key !== declared.key && declaredKeys.has(target.marker.key)) {
        return `id ${id} is the routine of key '${target.marker.key}', which this file also declares: one routine cannot be both.`;
    }
    if (existing && existing.id !== id) {
        return `key '${declared.key}' is already managed by routine ${existing.id}, not ${id}: remove id, or delete one of the two in Omni.`;
    }
    return undefined;
}
function liveWarnings(entry, live) {
    const warnings = [];
    if (live.disabled) {
        warnings.push(entry.action === 'replace'
            ? 'Paused by its owner in Omni: the routine that replaces it will not be paused (the API cannot pause routines); pause it again in Omni if needed.'
            : 'Paused by its owner in Omni: it does not run until it is resumed there (the API cannot resume routines).');
    }
    if (live.systemDisabled) {
        const reason = live.systemDisabledReason ? `: ${live.systemDisabledReason}` : '';
        warnings.push(`Disabled by Omni${reason}. It does not run; check its model, branch and owner in Omni.`);
    }
    const overwritten = entry.editedInOmni.filter((field) => entry.changed.includes(field));
    if (overwritten.length > 0) {
        warnings.push(`Edited in Omni since the last apply (${overwritten.join(', ')}): the next apply overwrites these with the file's values.`);
    }
    return warnings;
}
function goneEntry(key, routine, action, now) {
    const entry = { key, action, adopt: false, live: routine, changed: [], editedInOmni: [], warnings: [] };
    entry.schedule = scheduleView(routine.fields.schedule, routine.fields.timezone, now);
    if (action === 'keep')
        entry.warnings.push('No longer declared in the file; kept. Set prune: true to delete it.');
    return entry;
}
function scheduleView(cron, timezone, now, convertedFrom) {
    const view = {
        cron,
        timezone,
        words: describeSchedule(cron),
        nextRuns: nextRuns(cron, timezone, now, 3).map((run) => formatRun(run, timezone)),
    };
    if (convertedFrom)
        view.convertedFrom = convertedFrom;
    return view;
}

// EXTERNAL MODULE: ./src/omni/branch.ts
var branch = __webpack_require__(805);
;// CONCATENATED MODULE: ./src/routines/resolve.ts


async function resolveRoutines(api, file, routines, signal) {
    const models = new Map();
    const branches = new Map();
    const options = signal ? { signal } : {};
    const modelProblem = (modelId) => {
        let answer = models.get(modelId);
        if (!answer) {
            answer = api.listModels({ modelId, pageSize: 1 }, options).then((page) => (page.records ?? []).some((record) => record.id.toLowerCase() === modelId)
                ? undefined
                : `modelId: model ${modelId} does not exist or is not visible to this API key. Check the id (a shared model of this organization) and the key's access to it.`, 
            // Some keys may not list models; Omni then says what it thinks when the routine is created.
            (error) => (error instanceof errors/* OmniApiError */._ && (error.status === 403 || error.status === 401) ? undefined : Promise.reject(error)));
            models.set(modelId, answer);
        }
        return answer;
    };
    const branchOf = (modelId, branchName) => {
        const key = `${modelId}\n${branchName}`;
        let answer = branches.get(key);
        if (!answer) {
            answer = (0,branch/* resolveBranchId */.S)(api, modelId, branchName, signal).then((id) => ({ id }), (error) => (error instanceof branch/* BranchLookupError */.p ? { error: error.message } : Promise.reject(error)));
            branches.set(key, answer);
        }
        return answer;
    };
    return Promise.all(routines.map(async (declared) => {
        const where = (field) => {
            const at = declared.positions[field];
            return at ? `${file}:${at.line}:${at.column}` : `${file}:${declared.line}`;
        };
        const named = (field, message) => `routine '${declared.key}' (${where(field)}): ${message}`;
        const problem = await modelProblem(declared.modelId);
        if (problem)
            return { declared, error: named('modelId', problem) };
        if (!declared.branchName)
            return { declared };
        const branch = await branchOf(declared.modelId, declared.branchName);
        return branch.id ? { declared, branchId: branch.id } : { declared, error: named('branchName', branch.error ?? 'the branch was not found') };
    }));
}

;// CONCATENATED MODULE: ./src/routines/line-diff.ts
/** A line diff of two texts (a prompt in Omni and in the file), for showing as a unified diff. Pure. */
/** Beyond this many lines on a side, the whole old text is shown removed and the new one added. */
const MaxLines = 2_000;
/** The lines of `before` and `after` in order, each marked same, removed or added (longest common subsequence). */
function lineDiff(before, after) {
    const a = before.replace(/\r\n?/g, '\n').split('\n');
    const b = after.replace(/\r\n?/g, '\n').split('\n');
    if (a.length > MaxLines || b.length > MaxLines) {
        return [...a.map((text) => ({ kind: 'removed', text })), ...b.map((text) => ({ kind: 'added', text }))];
    }
    // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    const common = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
        }
    }
    const lines = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        if (a[i] === b[j]) {
            lines.push({ kind: 'same', text: a[i] });
            i++;
            j++;
        }
        else if (common[i + 1][j] >= common[i][j + 1])
            lines.push({ kind: 'removed', text: a[i++] });
        else
            lines.push({ kind: 'added', text: b[j++] });
    }
    while (i < a.length)
        lines.push({ kind: 'removed', text: a[i++] });
    while (j < b.length)
        lines.push({ kind: 'added', text: b[j++] });
    return lines;
}

// EXTERNAL MODULE: ./src/render/budget.ts
var budget = __webpack_require__(9519);
// EXTERNAL MODULE: ./src/render/markdown.ts + 1 modules
var markdown = __webpack_require__(1159);
// EXTERNAL MODULE: ./src/render/parts.ts + 1 modules
var render_parts = __webpack_require__(3225);
// EXTERNAL MODULE: ./src/render/text.ts
var render_text = __webpack_require__(893);
;// CONCATENATED MODULE: ./src/render/routines.ts






const CommentStyle = { size: budget/* CommentSize */.tV, heading: '###', allDetails: false, promptLines: 60, answerSize: 3_000 };
const SummaryStyle = { size: budget/* SummarySize */.ou, heading: '##', allDetails: true, promptLines: 400, answerSize: 20_000 };
const ActionBadge = {
    create: '➕ create',
    update: '✏️ update',
    replace: '♻️ replace',
    delete: '🗑️ delete',
    unchanged: '✅ unchanged',
    keep: '⏸️ kept',
    error: '❌ error',
};
const AppliedVerb = { create: 'created', update: 'updated', replace: 'replaced', delete: 'deleted' };
/** The sticky PR comment, leaving room for the marker the GitHub writer adds. */
function renderRoutinesComment(report, ctx) {
    return render(report, ctx, { ...CommentStyle, size: (0,budget/* sizeWithin */.T_)(budget/* CommentSize */.tV, ctx.budget) });
}
/** The job summary: every routine in detail, under 1 MiB. */
function renderRoutinesSummary(report, ctx) {
    return render(report, ctx, { ...SummaryStyle, size: (0,budget/* sizeWithin */.T_)(budget/* SummarySize */.ou, ctx.budget) });
}
function render(report, ctx, style) {
    const { plan } = report;
    const sections = [
        { text: `${style.heading} Omni routines · ${report.mode === 'apply' ? 'applied' : 'plan'} · ${(0,markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(plan.file, 200))}`, required: true },
        { text: headline(report), required: true },
    ];
    if (report.fatal)
        sections.push({ text: `**❌ ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(report.fatal, 2_000))}**`, required: true });
    const notes = [...plan.warnings.map((w) => `- ⚠️ ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(w, 1_000))}`)];
    if (notes.length > 0)
        sections.push({ text: notes.join('\n'), required: true });
    if (plan.routines.length > 0)
        sections.push({ text: table(report, style), required: true });
    else if (!report.fatal)
        sections.push({ text: '_The file declares no routine, and Omni holds none of this stack._', required: true });
    const unchanged = plan.routines.filter((r) => r.action === 'unchanged');
    for (const routine of plan.routines) {
        if (!style.allDetails && (routine.action === 'unchanged' || routine.action === 'keep'))
            continue;
        sections.push(routineSection(routine, report.mode, ctx, style));
    }
    if (!style.allDetails && unchanged.length > 0) {
        sections.push({ text: `_${(0,render_text/* plural */.LS)(unchanged.length, 'routine')} unchanged: ${unchanged.map((r) => (0,markdown/* inlineCode */.ti)(r.key)).join(', ')}._`, required: true });
    }
    sections.push({ text: footer(report, ctx), required: true });
    const { text } = (0,budget/* fitToBudget */.c5)(sections, style.size, (omitted, shrunk) => `_Not everything fit here (${[omitted > 0 ? `${omitted} routines' details left out` : '', shrunk > 0 ? `${shrunk} shortened` : ''].filter(Boolean).join(', ')}): the JSON plan (\`planFile\`)${ctx.runUrl ? ` and the job summary of the ${(0,render_parts/* link */.nf)('workflow run', ctx.runUrl)}` : ''} hold the rest._`);
    return `${text}\n`;
}
function headline(report) {
    const { plan } = report;
    const counts = plan.counts;
    const parts = [];
    if (report.mode === 'apply') {
        const done = (action) => plan.routines.filter((r) => r.action === action && r.applied?.status === 'applied').length;
        for (const action of ['create', 'update', 'replace', 'delete']) {
            const n = done(action);
            if (n > 0)
                parts.push(`${n} ${AppliedVerb[action]}`);
        }
        const failed = plan.routines.filter((r) => r.applied?.status === 'failed').length;
        const skipped = plan.routines.filter((r) => r.applied?.status === 'skipped').length;
        if (failed > 0)
            parts.push(`❌ ${failed} failed`);
        if (skipped > 0)
            parts.push(`⏭️ ${skipped} not attempted`);
        if (parts.length === 0)
            parts.push(counts.changes === 0 && counts.error === 0 ? 'nothing to change: Omni matches the file' : 'no change made');
    }
    else {
        if (counts.create)
            parts.push(`${counts.create} to create`);
        if (counts.update)
            parts.push(`${counts.update} to update`);
        if (counts.replace)
            parts.push(`${counts.replace} to replace`);
        if (counts.delete)
            parts.push(`${counts.delete} to delete`);
        if (counts.error)
            parts.push(`❌ ${(0,render_text/* plural */.LS)(counts.error, 'error')}`);
        if (parts.length === 0)
            parts.push('no changes: Omni matches the file');
    }
    if (counts.unchanged)
        parts.push(`${counts.unchanged} unchanged`);
    if (counts.keep)
        parts.push(`${counts.keep} no longer declared, kept`);
    const facts = [`**${parts.join(' · ')}**`, `stack ${(0,markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(plan.stack, 200))}`, `prune ${plan.prune ? 'on' : 'off'}`];
    const untouched = [];
    if (plan.unmanaged > 0)
        untouched.push(`${(0,render_text/* plural */.LS)(plan.unmanaged, 'routine')} not managed from a file`);
    const others = plan.otherStacks.reduce((sum, s) => sum + s.count, 0);
    if (others > 0)
        untouched.push(`${(0,render_text/* plural */.LS)(others, 'routine')} of ${(0,render_text/* plural */.LS)(plan.otherStacks.length, 'other stack')}`);
    const lines = [facts.join(' · ')];
    if (untouched.length > 0)
        lines.push(`_Left untouched: ${untouched.join(', ')}._`);
    if (report.mode === 'plan' && counts.changes > 0)
        lines.push('_This is a plan: nothing was changed in Omni. Applying it (`apply: true`, e.g. on the default branch) makes these changes._');
    return lines.join('\n\n');
}
function table(report, style) {
    const header = ['Routine', 'Name', report.mode === 'apply' ? 'Result' : 'Action', 'Changes', 'Schedule', 'Next run'];
    const rows = report.plan.routines
        .filter((r) => style.allDetails || r.action !== 'unchanged')
        .map((routine) => [
        routine.key,
        (routine.desired ?? routine.live?.fields)?.name ?? routine.declared?.name ?? '',
        report.mode === 'apply' ? resultText(routine) : `${ActionBadge[routine.action]}${routine.adopt ? ' (adopt)' : ''}${routine.warnings.length > 0 ? ' ⚠️' : ''}`,
        routine.action === 'error' ? (routine.error ?? '') : routine.changed.join(', '),
        routine.schedule ? `${routine.schedule.words} (${routine.schedule.timezone})` : '',
        routine.schedule?.nextRuns[0] ?? '',
    ]);
    return (0,markdown/* markdownTable */.Qj)(header, rows, { maxCellChars: 160 });
}
function resultText(routine) {
    const applied = routine.applied;
    if (!applied)
        return routine.action === 'unchanged' ? '✅ unchanged' : routine.action === 'keep' ? '⏸️ kept' : '—';
    if (applied.status === 'applied')
        return `✅ ${AppliedVerb[routine.action] ?? routine.action}`;
    if (applied.status === 'skipped')
        return `⏭️ not attempted${routine.action === 'error' ? ` (${routine.error ?? 'error'})` : ''}`;
    return `❌ ${routine.action} failed`;
}
function routineSection(routine, mode, ctx, style) {
    const title = `${mode === 'apply' ? resultText(routine) : ActionBadge[routine.action]} · ${routine.key}${routine.changed.length > 0 ? `: ${routine.changed.join(', ')}` : ''}`;
    const full = (0,render_parts/* details */.zH)(title, routineBody(routine, mode, ctx, style, { prompt: true, preview: true }));
    return {
        text: full,
        shrink: (room) => {
            for (const parts of [{ prompt: true, preview: false }, { prompt: false, preview: false }]) {
                const smaller = (0,render_parts/* details */.zH)(title, routineBody(routine, mode, ctx, style, parts));
                if (style.size.measure(smaller) <= room)
                    return smaller;
            }
            return '';
        },
    };
}
function routineBody(routine, mode, ctx, style, parts) {
    const blocks = [];
    const where = routine.declared ? ` · ${(0,render_parts/* link */.nf)(`line ${routine.declared.line} of the file`, ctx.fileUrl ? `${ctx.fileUrl}#L${routine.declared.line}` : undefined)}` : '';
    const id = routine.applied?.id ?? routine.live?.id;
    blocks.push(`**Key** ${(0,markdown/* inlineCode */.ti)(routine.key)}${id ? ` · **Omni id** ${(0,markdown/* inlineCode */.ti)(id)}` : ''}${where}`);
    if (routine.error)
        blocks.push(`**❌ ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(routine.error, 1_000))}**`);
    if (mode === 'apply' && routine.applied && routine.applied.status !== 'applied') {
        blocks.push(`**${routine.applied.status === 'failed' ? '❌ Failed' : '⏭️ Not attempted'}:** ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(routine.applied.message ?? '', 1_000))}`);
    }
    for (const warning of routine.warnings)
        blocks.push(`⚠️ ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(warning, 1_000))}`);
    const now = routine.desired ?? routine.live?.fields;
    const before = routine.live?.fields;
    if (now) {
        blocks.push(fieldLine('Name', now.name, before?.name, routine.changed.includes('name')));
        if (parts.prompt)
            blocks.push(promptBlock(now.prompt, routine.changed.includes('prompt') ? before?.prompt : undefined, style));
        if (routine.schedule)
            blocks.push(scheduleBlock(routine.schedule, routine.previousSchedule));
        blocks.push(`**Recipients:** ${recipients(now.destination)}${routine.changed.includes('destination') && before ? ` _(was: ${recipients(before.destination)})_` : ''}`);
        blocks.push(targetLine(now, before, routine.changed, routine.desired ? routine.declared?.branchName : undefined));
        if (now.description)
            blocks.push(fieldLine('Description', now.description, before?.description ?? undefined, routine.changed.includes('description')));
    }
    if (parts.preview && routine.preview)
        blocks.push(previewBlock(routine, style));
    return blocks.join('\n\n');
}
function fieldLine(label, value, before, changed) {
    const shown = (0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(value, 500));
    return changed && before !== undefined ? `**${label}:** ${shown} _(was: ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(before, 500))})_` : `**${label}:** ${shown}`;
}
/** The prompt, as a diff when it changed. */
function promptBlock(prompt, before, style) {
    if (before === undefined)
        return `**Prompt:**\n\n${(0,markdown/* codeBlock */.DV)(cutLines(prompt.split('\n'), style.promptLines).join('\n'), 'text')}`;
    const lines = lineDiff(before, prompt).map((line) => `${line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '} ${line.text}`);
    return `**Prompt** (changed):\n\n${(0,markdown/* codeBlock */.DV)(cutLines(lines, style.promptLines).join('\n'), 'diff')}`;
}
function cutLines(lines, max) {
    if (lines.length <= max)
        return lines.map((line) => (0,lib_text/* truncateText */.EJ)(line, 1_000));
    return [...lines.slice(0, max).map((line) => (0,lib_text/* truncateText */.EJ)(line, 1_000)), `… ${lines.length - max} more lines`];
}
function scheduleBlock(schedule, previous) {
    const written = schedule.convertedFrom ? ` (written ${(0,markdown/* inlineCode */.ti)(schedule.convertedFrom)}, converted to Omni's six fields)` : '';
    const lines = [`**Schedule:** ${(0,markdown/* escapeInline */.VV)(schedule.words)}, ${(0,markdown/* escapeInline */.VV)(schedule.timezone)} · ${(0,markdown/* inlineCode */.ti)(schedule.cron)}${written}`];
    lines.push(schedule.nextRuns.length > 0 ? `Next runs: ${schedule.nextRuns.map(markdown/* escapeInline */.VV).join(' · ')}` : '_No run after now._');
    if (previous)
        lines.push(`_Was: ${(0,markdown/* escapeInline */.VV)(previous.words)}, ${(0,markdown/* escapeInline */.VV)(previous.timezone)} · ${(0,markdown/* inlineCode */.ti)(previous.cron)}_`);
    return lines.join('  \n');
}
function recipients(destination) {
    if (destination.type === 'slack') {
        return destination.slackRecipientType === 'channel' ? `Slack channel ${(0,markdown/* inlineCode */.ti)(destination.recipientId)}` : `Slack direct message to ${(0,markdown/* inlineCode */.ti)(destination.recipientId)}`;
    }
    const parts = [];
    const emails = destination.recipientEmails ?? [];
    const groups = destination.userGroupIds ?? [];
    if (emails.length > 0)
        parts.push(`e-mail to ${listed(emails.map((e) => (0,markdown/* escapeInline */.VV)(e)), 20)}`);
    if (groups.length > 0)
        parts.push(`the members of user group${groups.length === 1 ? '' : 's'} ${listed(groups.map((g) => (0,markdown/* inlineCode */.ti)(g)), 10)}`);
    return parts.join('; ') || '_nobody_';
}
function listed(items, max) {
    return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
const TargetFields = [
    ['modelId', 'Model'],
    ['branchId', 'Branch'],
    ['topicName', 'Topic'],
];
function targetLine(now, before, changed, branchName) {
    const parts = TargetFields.map(([field, label]) => {
        const value = now[field];
        let shown = value ? (0,markdown/* inlineCode */.ti)(value) : field === 'branchId' ? 'shared model' : 'Omni picks';
        if (field === 'branchId' && value && branchName)
            shown = `${(0,markdown/* inlineCode */.ti)(branchName)} (${(0,markdown/* inlineCode */.ti)(value)})`;
        const was = before && changed.includes(field) ? ` _(was ${before[field] ? (0,markdown/* inlineCode */.ti)(before[field]) : field === 'branchId' ? 'shared model' : 'Omni picks'})_` : '';
        return `**${label}** ${shown}${was}`;
    });
    return parts.join(' · ');
}
function previewBlock(routine, style) {
    const preview = routine.preview;
    const chat = preview.omniChatUrl ? ` · ${(0,render_parts/* link */.nf)('open in Omni', preview.omniChatUrl)}` : '';
    if (preview.state !== 'COMPLETE') {
        return `**Preview:** ${preview.state === 'NOT_RUN' ? 'not run' : preview.state}${preview.error ? `: ${(0,markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(preview.error, 1_000))}` : ''}${chat}`;
    }
    const answer = (0,render_parts/* answerMarkdown */.cE)(preview.answer ?? '', style.answerSize, style.size.measure, '_The answer was cut here; the JSON plan holds it whole._');
    return `**Preview** (the prompt asked once as an AI job, as recipients would get it; no routine was run)${chat}:\n\n${answer.markdown}`;
}
function footer(report, ctx) {
    const links = [];
    if (ctx.fileUrl)
        links.push((0,render_parts/* link */.nf)('Routines file', ctx.fileUrl));
    if (ctx.runUrl)
        links.push((0,render_parts/* link */.nf)('Workflow run', ctx.runUrl));
    const generated = `_${report.mode === 'apply' ? 'Applied' : 'Planned'} against Omni at ${report.plan.generatedAt.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')}._`;
    return links.length > 0 ? `${links.join(' · ')}\n\n${generated}` : generated;
}

// EXTERNAL MODULE: ./src/github/publish.ts + 2 modules
var publish = __webpack_require__(9973);
// EXTERNAL MODULE: ./src/action/state-helper.ts
var state_helper = __webpack_require__(560);
// EXTERNAL MODULE: ./src/action/constants.ts
var constants = __webpack_require__(915);
;// CONCATENATED MODULE: ./src/modes/routines.ts
/**
 * routinesFile: routines as code. Reads and checks the file (nothing is sent before it passes),
 * resolves branch names, lists the owner's routines, plans; on a plan previews the changed
 * prompts as AI jobs, with `apply: true` makes the changes. Then the reports: one sticky PR
 * comment, the job summary, the JSON plan file and the count outputs.
 */
















/** Previews run at once: each polls Omni every few seconds, within the step's request budget. */
const PreviewConcurrency = 3;
async function runRoutinesMode(settings, deps) {
    const env = deps.env ?? process.env;
    const now = deps.now ?? (() => new Date());
    const filePath = repositoryPath(settings.routinesFile, env);
    const defaultStack = defaultStackName(deps.place, filePath);
    let file;
    try {
        file = await loadRoutinesFile(settings.routinesFile, defaultStack, {
            ...(settings.modelId ? { modelId: settings.modelId } : {}),
            ...(settings.branchId ? { branchId: settings.branchId } : {}),
            ...(settings.branchName ? { branchName: settings.branchName } : {}),
        });
    }
    catch (error) {
        if (error instanceof RoutinesFileError) {
            for (const problem of error.problems)
                core/* error */.z3(problem.message, { file: problem.file, startLine: problem.line, startColumn: problem.column });
            const count = error.problems.length;
            throw new Error(`${settings.routinesFile} has ${count} problem${count === 1 ? '' : 's'}; the first: ${error.message.split('\n')[0]}`, { cause: error });
        }
        throw error;
    }
    const stack = file.stack ?? defaultStack;
    core/* info */.pq(`${file.routines.length} routine${file.routines.length === 1 ? '' : 's'} declared in ${settings.routinesFile} (stack ${stack}); ${settings.apply ? 'applying' : 'planning'}${settings.prune ? ', with prune' : ''}.`);
    const ctx = reportContext(deps.place, filePath, env);
    const userOptions = { ...(settings.userId ? { userId: settings.userId } : {}), signal: deps.signal };
    let report;
    try {
        await checkOwner(deps.api, settings.userId, deps.signal);
        const resolved = await resolveRoutines(deps.api, settings.routinesFile, file.routines, deps.signal);
        const live = await listAllRoutines(deps.api, userOptions);
        core/* info */.pq(`The owner has ${live.length} routine${live.length === 1 ? '' : 's'} in Omni.`);
        const repository = deps.place.owner && deps.place.repo ? `${deps.place.owner}/${deps.place.repo}` : undefined;
        const plan = buildPlan({
            file: settings.routinesFile,
            stack,
            stackIsDefault: !file.stack,
            ...(repository ? { repository } : {}),
            routines: resolved,
            live,
            prune: settings.prune,
            now: now(),
        });
        logPlan(plan);
        report = { plan, mode: settings.apply ? 'apply' : 'plan' };
        if (settings.apply) {
            const counts = await applyPlan(plan, { api: deps.api, listRoutines: () => listAllRoutines(deps.api, userOptions), ...userOptions, log: (line) => core/* info */.pq(line) });
            logApplied(counts);
        }
        else if (settings.preview !== 'none') {
            await previewRoutines(plan, settings, deps);
        }
    }
    catch (error) {
        if (!(error instanceof DuplicateMarkerError || error instanceof errors/* OmniApiError */._))
            throw error;
        report = { plan: emptyPlan(settings, stack, now()), mode: settings.apply ? 'apply' : 'plan', fatal: (0,secrets/* redact */.E$)(error.message) };
    }
    await routines_publish(settings, deps, report, ctx);
    const failure = failureMessage(report);
    if (failure)
        core/* setFailed */.C1((0,secrets/* redact */.E$)(failure));
    return report;
}
/** A personal access token cannot act for another member: said before anything else is asked. */
async function checkOwner(api, userId, signal) {
    if (!userId)
        return;
    let identity;
    try {
        identity = await api.whoami({ signal });
    }
    catch (error) {
        // An Omni without whoami: the routine calls themselves will say it.
        if (error instanceof errors/* OmniApiError */._ && error.status === 404)
            return;
        throw error;
    }
    if (identity.keyScope === 'user' && identity.user.membershipId !== userId) {
        throw new errors/* OmniApiError */._(`userId ${userId} needs an organization API key: apiKey is a personal access token of member ${identity.user.membershipId}, which can only manage its own routines. Use an organization key, or leave userId empty.`, 'whoami');
    }
}
/** Each new or changed routine's prompt asked once as an AI job: what recipients would get. Never a routine run. */
async function previewRoutines(plan, settings, deps) {
    const wanted = plan.routines.filter((routine) => routine.desired && wantsPreview(routine, settings.preview));
    if (wanted.length === 0)
        return;
    core/* info */.pq(`Previewing ${wanted.length} routine${wanted.length === 1 ? '' : 's'}: each prompt asked once as an AI job (no routine is run, nobody receives anything).`);
    const activeJobs = new state_helper/* ActiveJobs */.Hk();
    const queue = [...wanted];
    // Spread the polls so that the previews together stay within the key's budget, inside Omni's 2-5 s.
    const workers = Math.min(PreviewConcurrency, queue.length);
    const pollMs = Math.min(5_000, Math.max(2_000, Math.ceil((workers * 60_000 * 1.25) / deps.budget.perMinute)));
    const worker = async () => {
        for (let routine = queue.shift(); routine && !deps.signal.aborted; routine = queue.shift()) {
            routine.preview = await previewOne(routine, settings, deps, pollMs, activeJobs);
            core/* info */.pq(`Preview of '${routine.key}': ${routine.preview.state}${routine.preview.error ? ` (${routine.preview.error})` : ''}.`);
        }
    };
    await Promise.all(Array.from({ length: workers }, worker));
}
function wantsPreview(routine, preview) {
    if (preview === 'all')
        return routine.action !== 'delete' && routine.action !== 'keep' && routine.action !== 'error';
    // What recipients receive can only change with a new routine or a new prompt, model, branch or topic.
    if (routine.action === 'create' || routine.action === 'replace')
        return true;
    return routine.action === 'update' && routine.changed.includes('prompt');
}
async function previewOne(routine, settings, deps, pollMs, activeJobs) {
    const desired = routine.desired;
    let outcome;
    try {
        outcome = await (0,runner/* runJob */.b)({
            api: deps.api,
            request: {
                prompt: desired.prompt,
                modelId: desired.modelId,
                ...(desired.branchId ? { branchId: desired.branchId } : {}),
                ...(desired.topicName ? { topicName: desired.topicName } : {}),
            },
            ...(settings.userId ? { userId: settings.userId } : {}),
            timeoutMs: settings.timeoutSeconds * 1000,
            clock: deps.clock,
            signal: deps.signal,
            resultDir: (0,external_node_path_.join)(deps.resultDir, 'routine-previews'),
            pollDelayMs: () => pollMs,
            onEvent: (event) => {
                if (event.kind === 'created')
                    activeJobs.add(event.jobId);
                if (event.kind === 'finished')
                    activeJobs.remove(event.outcome.jobId);
            },
        });
    }
    catch (error) {
        return { state: 'NOT_RUN', error: (0,secrets/* redact */.E$)(error instanceof Error ? error.message : String(error)) };
    }
    const preview = { state: outcome.state, jobId: outcome.jobId, omniChatUrl: outcome.omniChatUrl };
    if (outcome.state === 'COMPLETE')
        preview.answer = outcome.resultSummary.trim() || outcome.result?.message?.trim() || '';
    if (outcome.state === 'FAILED')
        preview.error = outcome.error.message;
    if (outcome.state === 'TIMEOUT')
        preview.error = `no answer within ${outcome.timeoutSeconds} s (timeoutSeconds)`;
    return preview;
}
async function routines_publish(settings, deps, report, ctx) {
    const planFile = (0,external_node_path_.join)(deps.resultDir, `routines-${slug(report.plan.stack)}.json`);
    await (0,promises_.mkdir)(deps.resultDir, { recursive: true });
    await (0,promises_.writeFile)(planFile, (0,secrets/* redact */.E$)(JSON.stringify(planDocument(report), null, 2)) + '\n');
    const counts = outputCounts(report);
    core/* setOutput */.uH(constants/* Outputs */.tY.PlanFile, planFile);
    for (const [name, value] of Object.entries(counts))
        core/* setOutput */.uH(name, String(value));
    core/* info */.pq(`Plan file: ${(0,external_node_path_.relative)(process.cwd(), planFile) || planFile}.`);
    await (0,publish/* writeSummary */.S)(settings, renderRoutinesSummary(report, ctx));
    if (!deps.signal.aborted)
        await (0,publish/* postComment */.G)(settings, deps.place, renderRoutinesComment(report, ctx), deps.signal);
}
/** The count outputs: on a plan, what an apply would do; on an apply, what it did. */
function outputCounts(report) {
    const { plan } = report;
    const done = (action) => plan.routines.filter((r) => r.action === action && (report.mode === 'plan' || r.applied?.status === 'applied')).length;
    return {
        [constants/* Outputs */.tY.Created]: done('create'),
        [constants/* Outputs */.tY.Updated]: done('update'),
        [constants/* Outputs */.tY.Replaced]: done('replace'),
        [constants/* Outputs */.tY.Deleted]: done('delete'),
        [constants/* Outputs */.tY.Unchanged]: plan.counts.unchanged,
        [constants/* Outputs */.tY.Changes]: plan.counts.changes,
    };
}
/** The JSON plan (or apply report): every routine, what was planned and what happened. */
function planDocument(report) {
    const { plan } = report;
    return {
        version: 1,
        mode: report.mode,
        file: plan.file,
        stack: plan.stack,
        prune: plan.prune,
        generatedAt: plan.generatedAt,
        ...(report.fatal ? { error: report.fatal } : {}),
        counts: plan.counts,
        ...(report.mode === 'apply' ? { applied: appliedSummary(plan) } : {}),
        warnings: plan.warnings,
        untouched: { unmanaged: plan.unmanaged, otherStacks: plan.otherStacks },
        routines: plan.routines.map(({ declared, ...routine }) => ({ ...routine, ...(declared ? { line: declared.line } : {}) })),
    };
}
function appliedSummary(plan) {
    const counts = { created: 0, updated: 0, replaced: 0, deleted: 0, failed: 0, skipped: 0 };
    for (const routine of plan.routines) {
        const status = routine.applied?.status;
        if (status === 'failed')
            counts.failed++;
        else if (status === 'skipped')
            counts.skipped++;
        else if (status === 'applied') {
            const verb = { create: 'created', update: 'updated', replace: 'replaced', delete: 'deleted' }[routine.action];
            if (verb)
                counts[verb]++;
        }
    }
    return counts;
}
function failureMessage(report) {
    if (report.fatal)
        return report.fatal;
    const errors = report.plan.routines.filter((r) => r.action === 'error');
    const failed = report.plan.routines.filter((r) => r.applied?.status === 'failed');
    if (errors.length === 0 && failed.length === 0)
        return undefined;
    const first = errors[0]?.error ?? `routine '${failed[0].key}': ${failed[0].applied?.message ?? 'failed'}`;
    const parts = [];
    if (errors.length > 0)
        parts.push(`${errors.length} routine${errors.length === 1 ? '' : 's'} could not be planned`);
    if (failed.length > 0)
        parts.push(`${failed.length} change${failed.length === 1 ? '' : 's'} failed`);
    const rest = errors.length + failed.length > 1 ? ` (${parts.join(', ')}; the summary lists each)` : '';
    return `${first}${rest}`;
}
function logPlan(plan) {
    for (const routine of plan.routines) {
        if (routine.action === 'unchanged')
            continue;
        const detail = routine.action === 'error' ? `: ${routine.error}` : routine.changed.length > 0 ? ` (${routine.changed.join(', ')})` : '';
        core/* info */.pq(`  ${routine.action.padEnd(9)} ${routine.key}${detail}`);
        for (const warning of routine.warnings)
            core/* warning */.$e(`Routine '${routine.key}': ${warning}`);
    }
    for (const warning of plan.warnings)
        core/* warning */.$e(warning);
    const c = plan.counts;
    core/* info */.pq(`Plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.unchanged} unchanged${c.keep ? `, ${c.keep} kept` : ''}${c.error ? `, ${c.error} with errors` : ''}.`);
}
function logApplied(counts) {
    core/* info */.pq(`Applied: ${counts.created} created, ${counts.updated} updated, ${counts.replaced} replaced, ${counts.deleted} deleted${counts.failed ? `, ${counts.failed} failed` : ''}${counts.skipped ? `, ${counts.skipped} not attempted` : ''}.`);
}
function emptyPlan(settings, stack, now) {
    return { file: settings.routinesFile, stack, prune: settings.prune, generatedAt: now.toISOString(), routines: [], otherStacks: [], unmanaged: 0, warnings: [], counts: countPlan([]) };
}
/** The file's path in the repository (forward slashes), as the default stack and links name it. */
function repositoryPath(file, env) {
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const absolute = (0,external_node_path_.isAbsolute)(file) ? file : (0,external_node_path_.resolve)(workspace, file);
    const inside = (0,external_node_path_.relative)(workspace, absolute);
    const path = inside && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside) ? inside : file;
    return path.split(external_node_path_.sep).join('/').replace(/^\.\//, '');
}
/** Repository and file path: `acme/models:omni/routines.yml`. */
function defaultStackName(place, path) {
    const repository = place.owner && place.repo ? `${place.owner}/${place.repo}` : 'repository';
    const name = `${repository}:${path}`.replace(/[^A-Za-z0-9._/:@+-]/g, '-').slice(0, 200);
    return StackPattern.test(name) ? name : `r-${name}`.slice(0, 200);
}
function reportContext(place, path, env) {
    const ctx = {};
    if (place.runUrl)
        ctx.runUrl = place.runUrl;
    const server = env.GITHUB_SERVER_URL?.replace(/\/+$/, '');
    if (server && place.owner && place.repo && env.GITHUB_SHA && !path.startsWith('/')) {
        ctx.fileUrl = `${server}/${place.owner}/${place.repo}/blob/${env.GITHUB_SHA}/${path.split('/').map(encodeURIComponent).join('/')}`;
    }
    return ctx;
}
function slug(text) {
    return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'routines';
}


/***/ })

};
