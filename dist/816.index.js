export const id = 816;
export const ids = [816];
export const modules = {

/***/ 3537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ logLine)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9112);

/**
 * Text from Omni (progress messages, errors) written to the log on one line: a line break followed
 * by `::` would otherwise be read by the runner as a workflow command.
 */
function logLine(text, maxChars = 500) {
    return (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(text, maxChars);
}


/***/ }),

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

/***/ 6463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ logEvent),
/* harmony export */   Y: () => (/* binding */ surelyStopped)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var _lib_log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3537);
/** What every mode shares: its dependencies, and how a job's progress reaches the log and the post step. */


/** Omni has certainly stopped the job: the post step need not look at it again. */
function surelyStopped(outcome) {
    switch (outcome.state) {
        case 'COMPLETE':
            return true;
        case 'FAILED':
            return outcome.error.code !== 'STATUS_UNAVAILABLE';
        case 'CANCELLED':
            return outcome.cancelledBy === 'omni';
        case 'TIMEOUT':
            return outcome.cancelConfirmed;
    }
}
function logEvent(event, settings, label = '') {
    const prefix = label ? `[${label}] ` : '';
    switch (event.kind) {
        case 'created':
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${prefix}Created Omni job ${event.jobId}; follow it in Omni: ${event.omniChatUrl}`);
            break;
        case 'status': {
            if (!event.changed)
                break;
            const { state, progress } = event.status;
            const detail = progress ? ` (iteration ${progress.iteration}: ${(0,_lib_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .logLine */ .B)(progress.message)})` : '';
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${prefix}${state}${detail}`);
            break;
        }
        case 'cancelling':
            if (event.reason === 'timeout')
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${prefix}No answer within ${settings.timeoutSeconds} s: cancelling the Omni job.`);
            else if (event.reason === 'signal')
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${prefix}Workflow cancelled: cancelling the Omni job.`);
            else
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${prefix}Lost track of the Omni job: cancelling it.`);
            break;
        case 'finished':
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${prefix}Finished: ${event.outcome.state} after ${(event.outcome.timings.waitedMs / 1000).toFixed(1)} s.`);
            break;
    }
}


/***/ }),

/***/ 5435:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMergeMode: () => (/* binding */ runMergeMode),
  runSuiteMode: () => (/* binding */ runSuiteMode)
});

// UNUSED EXPORTS: ReportFileNames, workflowRun, writeSuiteReports

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/action/constants.ts
var constants = __webpack_require__(915);
// EXTERNAL MODULE: ./src/modes/events.ts
var events = __webpack_require__(6463);
// EXTERNAL MODULE: ./src/github/publish.ts + 2 modules
var publish = __webpack_require__(9973);
// EXTERNAL MODULE: ./src/lib/secrets.ts + 1 modules
var secrets = __webpack_require__(1315);
// EXTERNAL MODULE: ./src/action/state-helper.ts
var state_helper = __webpack_require__(560);
;// CONCATENATED MODULE: ./src/render/junit.ts
const OutputMaxChars = 4_000;
function renderJunit(report) {
    const { totals } = report;
    const suiteName = report.shard ? `${report.suite.file} (shard ${report.shard.index}/${report.shard.total})` : report.suite.file;
    const seconds = formatSeconds(report.durationMs);
    const counts = `tests="${totals.cases}" failures="${totals.failed}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds}"`;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="Omni AI Job" ${counts}>`,
        `  <testsuite name="${attr(suiteName)}" ${counts} timestamp="${attr(report.startedAt.replace(/\.\d+Z$/, ''))}">`,
        '    <properties>',
        ...properties(report).map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
        '    </properties>',
        ...report.cases.flatMap((testCase) => testcase(report, testCase)),
        '  </testsuite>',
        '</testsuites>',
        '',
    ];
    return lines.join('\n');
}
function properties(report) {
    const props = [['modelId', report.target.modelId]];
    if (report.target.branchName)
        props.push(['branchName', report.target.branchName]);
    if (report.target.branchId)
        props.push(['branchId', report.target.branchId]);
    if (report.target.compareTo)
        props.push(['compareTo', report.target.compareTo]);
    if (report.shard)
        props.push(['shard', `${report.shard.index}/${report.shard.total}`]);
    if (report.mergedShards)
        props.push(['mergedShards', String(report.mergedShards)]);
    props.push(['requestsPerMinute', String(report.requestsPerMinute)]);
    return props;
}
function testcase(report, testCase) {
    const outcome = testCase.run.outcome;
    const time = formatSeconds(outcome?.timings.waitedMs ?? 0);
    const open = `    <testcase name="${attr(testCase.id)}" classname="${attr(report.suite.file)}" time="${time}" file="${attr(report.suite.file)}" line="${testCase.line}">`;
    const body = [];
    const failed = testCase.expectations.filter((e) => !e.passed);
    switch (testCase.status) {
        case 'failed': {
            const message = `${failed.length} of ${testCase.expectations.length} expectations failed: ${failed.map((e) => e.name).join(', ')}`;
            const detail = failed.map((e) => `${e.name}: ${e.message}`).join('\n');
            body.push(`      <failure message="${attr(message)}" type="ExpectationFailed">${junit_text(detail)}</failure>`);
            break;
        }
        case 'error':
            body.push(`      <error message="${attr(testCase.run.error ?? 'the job could not run')}" type="JobNotCreated"/>`);
            break;
        case 'skipped':
            body.push(`      <skipped message="${attr(testCase.note ?? testCase.run.skipped ?? 'not run')}"/>`);
            break;
        case 'passed':
            break;
    }
    const out = systemOut(testCase);
    if (out)
        body.push(`      <system-out>${junit_text(out)}</system-out>`);
    return body.length === 0 ? [open.replace(/>$/, '/>')] : [open, ...body, '    </testcase>'];
}
function systemOut(testCase) {
    const outcome = testCase.run.outcome;
    const lines = [`Prompt: ${testCase.prompt}`];
    if (outcome) {
        lines.push(`State: ${outcome.state}`, `Job: ${outcome.jobId}`);
        if (outcome.omniChatUrl)
            lines.push(`Chat: ${outcome.omniChatUrl}`);
    }
    if (testCase.diff?.changed)
        lines.push(`Changed vs shared: ${testCase.diff.summary}`);
    for (const result of testCase.expectations)
        lines.push(`${result.passed ? 'PASS' : 'FAIL'} ${result.name}: ${result.message}`);
    if (outcome?.state === 'COMPLETE')
        lines.push('', outcome.resultSummary || outcome.result?.message || '');
    const all = lines.join('\n');
    return all.length > OutputMaxChars ? `${all.slice(0, OutputMaxChars - 1)}…` : all;
}
function formatSeconds(ms) {
    return (Math.max(0, ms) / 1000).toFixed(3);
}
/** Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF) are dropped. */
// eslint-disable-next-line no-control-regex
const NotXml = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
function junit_text(value) {
    return value.replace(NotXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function attr(value) {
    return junit_text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

// EXTERNAL MODULE: ./src/suite/cells.ts
var suite_cells = __webpack_require__(1781);
// EXTERNAL MODULE: ./src/render/budget.ts
var budget = __webpack_require__(9519);
// EXTERNAL MODULE: ./src/render/markdown.ts + 1 modules
var render_markdown = __webpack_require__(1159);
// EXTERNAL MODULE: ./src/render/parts.ts + 1 modules
var render_parts = __webpack_require__(3225);
// EXTERNAL MODULE: ./src/lib/text.ts
var lib_text = __webpack_require__(9112);
// EXTERNAL MODULE: ./src/render/text.ts
var render_text = __webpack_require__(893);
;// CONCATENATED MODULE: ./src/render/suite-markdown.ts






const CommentStyle = { size: budget/* CommentSize */.tV, allDetails: false, promptChars: 500, answerSize: 1_500, tableRows: 0, heading: '###' };
const SummaryStyle = { size: budget/* SummarySize */.ou, allDetails: true, promptChars: 2_000, answerSize: 6_000, tableRows: 10, heading: '##' };
/** Changed cells listed per result table, and result tables per case. */
const ChangeRowsMax = 20;
const ChangeTablesMax = 3;
/** The change column's headline: what a reviewer scans. */
const HeadlineMaxChars = 70;
/** The sticky PR comment, leaving room for the marker the GitHub writer adds. */
function renderSuiteComment(report, ctx) {
    return render(report, ctx, { ...CommentStyle, size: (0,budget/* sizeWithin */.T_)(budget/* CommentSize */.tV, ctx.budget) });
}
/** The job summary: every case in detail, under 1 MiB. */
function renderSuiteSummary(report, ctx) {
    const style = { ...SummaryStyle, size: (0,budget/* sizeWithin */.T_)(budget/* SummarySize */.ou, ctx.budget), tableRows: ctx.maxTableRows ?? SummaryStyle.tableRows };
    return render(report, ctx, style);
}
function render(report, ctx, style) {
    const title = `${style.heading} Omni AI suite · ${headline(report)}`;
    const sections = [
        { text: title, required: true },
        { text: scope(report, ctx), required: true },
    ];
    sections.push(tableSection(report, style));
    const shown = report.cases.filter((c) => style.allDetails || isNotable(c));
    for (const testCase of shown)
        sections.push(caseSection(report, testCase, style));
    if (!style.allDetails && shown.length < report.cases.length) {
        sections.push({ text: `_${foldedCases(report.cases.filter((c) => !shown.includes(c)))}; ${summaryPlace(ctx)} has every answer._`, required: true });
    }
    sections.push({ text: (0,render_parts/* details */.zH)('Details', facts(report, ctx)), required: true });
    const { text } = (0,budget/* fitToBudget */.c5)(sections, style.size, (omitted, shrunk) => `_Not everything fit here (${[omitted > 0 ? `${(0,render_text/* plural */.LS)(omitted, 'part')} left out` : '', shrunk > 0 ? `${shrunk} shortened` : ''].filter(Boolean).join(', ')}): ${summaryPlace(ctx)} and the JSON report (\`suite-report.json\`, beside the JUnit \`reportFile\`) hold the rest._`);
    return `${text}\n`;
}
function summaryPlace(ctx) {
    return ctx.runUrl ? `the job summary of the ${(0,render_parts/* link */.nf)('workflow run', ctx.runUrl)}` : "the workflow run's job summary";
}
function headline(report) {
    const { totals } = report;
    const parts = [`✅ ${totals.passed} passed`];
    if (totals.failed > 0)
        parts.push(`❌ ${totals.failed} failed`);
    if (totals.errors > 0)
        parts.push(`⚠️ ${(0,render_text/* plural */.LS)(totals.errors, 'error')}`);
    if (totals.skipped > 0)
        parts.push(`⏭️ ${totals.skipped} skipped`);
    if (report.target.compareTo)
        parts.push(`🔄 ${totals.changed} changed vs shared`);
    return parts.join(' · ');
}
/** One short line under the title: what ran where; ids and files are in the details. */
function scope(report, ctx) {
    const { target } = report;
    const where = target.branchName ? `branch ${(0,render_markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(target.branchName, 100))}` : target.branchId ? 'a branch' : 'the shared model';
    const parts = [`${(0,render_text/* plural */.LS)(report.totals.cases, 'case')} on ${where}${target.compareTo ? ', compared with the shared model' : ''}`];
    if (report.shard)
        parts.push(`shard ${report.shard.index}/${report.shard.total}`);
    if (report.mergedShards)
        parts.push(`${report.mergedShards} matrix legs`);
    parts.push((0,render_text/* formatDuration */.a3)(report.durationMs));
    if (ctx.runUrl)
        parts.push((0,render_parts/* link */.nf)('Workflow run', ctx.runUrl));
    return parts.join(' · ');
}
function facts(report, ctx) {
    const { target } = report;
    const code = (value) => (0,render_markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(value, 200));
    const model = ctx.modelLabel ? `${(0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(ctx.modelLabel, 200))} (${code(target.modelId)})` : code(target.modelId);
    let branch = 'shared model';
    if (target.branchName && target.branchId)
        branch = `${code(target.branchName)} (${code(target.branchId)})`;
    else if (target.branchName ?? target.branchId)
        branch = code((target.branchName ?? target.branchId));
    const items = [`- **Model:** ${model}`, `- **Branch:** ${branch}`];
    if (target.compareTo)
        items.push('- **Compared with:** the shared model');
    items.push(`- **Prompts file:** ${code(shownPath(report.suite.file))}`);
    if (report.shard)
        items.push(`- **Shard:** ${report.shard.index} of ${report.shard.total}`);
    if (report.mergedShards)
        items.push(`- **Matrix legs merged:** ${report.mergedShards}`);
    items.push(`- **Took:** ${(0,render_text/* formatDuration */.a3)(report.durationMs)}`);
    return items.join('\n');
}
/** A path as readers can use it: relative as given; an absolute one is the runner's, so its name only. */
function shownPath(file) {
    return /^(?:\/|[A-Za-z]:[\\/]|\$)/.test(file) ? (file.split(/[\\/]/).pop() ?? file) : file;
}
/** The cases the comment does not unfold, counted in words: "2 cases passed without changes, 1 was not judged". */
function foldedCases(cases) {
    const count = (status) => cases.filter((c) => (c.status === 'passed' ? 'passed' : c.run.kind === 'skipped' ? 'not run' : 'not judged') === status).length;
    const parts = [];
    const passed = count('passed');
    if (passed > 0)
        parts.push(`${(0,render_text/* plural */.LS)(passed, 'case')} passed without changes`);
    for (const status of ['not judged', 'not run']) {
        const n = count(status);
        if (n > 0)
            parts.push(parts.length === 0 ? `${(0,render_text/* plural */.LS)(n, 'case')} ${n === 1 ? 'was' : 'were'} ${status}` : `${n} ${n === 1 ? 'was' : 'were'} ${status}`);
    }
    return parts.join(', ');
}
function isNotable(testCase) {
    return testCase.status === 'failed' || testCase.status === 'error' || testCase.diff?.changed === true;
}
// --- The table ---------------------------------------------------------------------------
function tableSection(report, style) {
    const compare = report.target.compareTo === 'shared';
    const header = compare ? '| Case | Result | Change vs shared |\n| --- | --- | --- |' : '| Case | Result |\n| --- | --- |';
    const rows = report.cases.map((testCase) => tableRow(testCase, compare));
    const full = [header, ...rows].join('\n');
    return {
        text: full,
        shrink: (room) => {
            // Failing and changed cases first: they are what the reader needs.
            const notable = report.cases.map((c, i) => ({ c, row: rows[i] })).filter(({ c }) => isNotable(c));
            const kept = [header];
            let size = style.size.measure(header);
            for (const { row } of notable) {
                const grow = style.size.measure(row) + 1;
                if (size + grow > room - 120)
                    break;
                kept.push(row);
                size += grow;
            }
            const left = report.cases.length - (kept.length - 1);
            const text = `${kept.join('\n')}\n\n_${(0,render_text/* plural */.LS)(left, 'more case')} not listed here._`;
            return style.size.measure(text) <= room ? text : '';
        },
    };
}
function tableRow(testCase, compare) {
    const cells = [(0,render_markdown/* inlineCode */.ti)(testCase.id, { table: true }), resultCell(testCase)];
    if (compare)
        cells.push(changeCell(testCase));
    return `| ${cells.join(' | ')} |`;
}
const StateWords = { FAILED: 'job failed', TIMEOUT: 'timed out', CANCELLED: 'cancelled', COMPLETE: 'complete' };
/** The verdict in a few words: passed, which expectations failed, or what kept the case from running. */
function resultCell(testCase) {
    const outcome = testCase.run.outcome;
    switch (testCase.status) {
        case 'passed':
            return '✅ passed';
        case 'failed':
            if (outcome && outcome.state !== 'COMPLETE' && testCase.expectations.some((e) => !e.passed && e.name.startsWith('state')))
                return `❌ ${StateWords[outcome.state]}`;
            return `❌ ${failedCount(testCase)}`;
        case 'error':
            return '⚠️ not created';
        case 'skipped':
            return outcome ? `⏭️ ${StateWords[outcome.state]}, not judged` : '⏭️ not run';
    }
}
/** "1 of 3 expectations failed", "the expectation failed". */
function failedCount(testCase) {
    const total = testCase.expectations.length;
    const failed = testCase.expectations.filter((e) => !e.passed).length;
    if (total === 1)
        return 'the expectation failed';
    return `${failed} of ${total} expectations failed`;
}
function changeCell(testCase) {
    const diff = testCase.diff;
    if (!diff) {
        const shared = testCase.shared;
        if (shared && !shared.outcome)
            return `— shared ${shared.error ? 'not created' : 'not run'}`;
        return '—';
    }
    if (!diff.changed) {
        if (diff.answer.status === 'unknown')
            return '— not compared';
        return diff.answer.status === 'reworded' ? '= same data, reworded' : '= same';
    }
    return `🔄 ${(0,render_markdown/* escapeTableCell */.aL)(diff.summary, HeadlineMaxChars)}`;
}
// --- Case details ------------------------------------------------------------------------
function caseSection(report, testCase, style) {
    const full = caseDetails(report, testCase, style, { answer: true, tables: style.tableRows > 0 });
    return {
        text: full,
        shrink: (room) => {
            for (const parts of [{ answer: true, tables: false }, { answer: false, tables: false }]) {
                const smaller = caseDetails(report, testCase, style, parts);
                if (style.size.measure(smaller) <= room)
                    return smaller;
            }
            return '';
        },
    };
}
function caseDetails(report, testCase, style, parts) {
    const body = [(0,render_parts/* promptQuote */.N4)(testCase.prompt, style.promptChars)];
    if (testCase.note)
        body.push(`_${(0,render_markdown/* escapeInline */.VV)(testCase.note)}_`);
    const outcome = testCase.run.outcome;
    if (!outcome)
        body.push(runProblem('This case', testCase.run));
    else {
        const explanation = (0,render_parts/* stateExplanation */.Je)(outcome);
        if (explanation)
            body.push(explanation);
    }
    if (testCase.expectations.length > 0) {
        body.push(testCase.expectations.map((e) => `- ${e.passed ? '✅' : '❌'} ${(0,render_markdown/* inlineCode */.ti)(e.name)} — ${(0,render_markdown/* escapeInline */.VV)(expectationMessage(e, outcome))}`).join('\n'));
    }
    if (report.target.compareTo)
        body.push(...comparison(testCase, !parts.tables));
    if (outcome && parts.answer && outcome.state === 'COMPLETE') {
        const label = report.target.compareTo ? '**Answer on the branch:**' : '**Answer:**';
        body.push(label, answerBlock(outcome, style));
        if (parts.tables)
            body.push(...queryBlocks(outcome, style, testCase.shared?.outcome));
        const shared = testCase.shared?.outcome;
        if (shared?.state === 'COMPLETE' && testCase.diff?.answer.status === 'changed') {
            body.push((0,render_parts/* details */.zH)('Answer on the shared model', answerBlock(shared, style)));
        }
    }
    const links = [];
    if (outcome?.omniChatUrl)
        links.push((0,render_parts/* link */.nf)('Open in Omni', outcome.omniChatUrl));
    if (testCase.shared?.outcome?.omniChatUrl)
        links.push((0,render_parts/* link */.nf)('shared model in Omni', testCase.shared.outcome.omniChatUrl));
    if (outcome?.jobId)
        links.push(`job ${(0,render_markdown/* inlineCode */.ti)(outcome.jobId)}`);
    if (links.length > 0)
        body.push(links.join(' · '));
    return (0,render_parts/* details */.zH)(caseTitle(testCase), body.join('\n\n'));
}
/** The state expectation repeats Omni's error, which the explanation above already shows. */
function expectationMessage(result, outcome) {
    if (!result.passed && outcome?.state === 'FAILED' && result.name.startsWith('state'))
        return result.message.split(': ')[0] ?? result.message;
    return result.message;
}
function caseTitle(testCase) {
    const mark = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' }[testCase.status];
    const parts = [`${mark} ${testCase.id}`];
    if (testCase.status === 'failed')
        parts.push(failedCount(testCase));
    if (testCase.status === 'error')
        parts.push('the job could not be created');
    if (testCase.diff?.changed)
        parts.push('🔄 changed vs shared');
    return parts.join(' — ');
}
function runProblem(what, run) {
    if (run.error)
        return `**${what} could not run:** ${(0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(run.error, 1_000))}`;
    return `**${what} was not run:** ${(0,render_markdown/* escapeInline */.VV)(run.skipped ?? 'unknown reason')}`;
}
function comparison(testCase, withChart) {
    const diff = testCase.diff;
    if (!diff) {
        const shared = testCase.shared;
        return [shared && !shared.outcome ? runProblem('The shared-model run', shared) : '_Not compared with the shared model._'];
    }
    if (!diff.changed) {
        if (diff.answer.status === 'unknown')
            return [`**Compared with the shared model:** ${(0,render_markdown/* escapeInline */.VV)(diff.query.detail)}`];
        if (diff.answer.status === 'reworded')
            return [`**Compared with the shared model:** same queries and data; the answer is ${(0,render_markdown/* escapeInline */.VV)(diff.answer.detail)}.`];
        return ['**Compared with the shared model:** no change in answer, queries or data.'];
    }
    const lines = ['**Compared with the shared model:**'];
    if (diff.state.changed)
        lines.push(`- State: ${diff.state.shared} → ${diff.state.branch}`);
    const line = (name, change, detail = change.detail) => {
        if (change.status === 'same')
            lines.push(`- ${name}: same${change.detail ? ` (${(0,render_markdown/* escapeInline */.VV)(change.detail)})` : ''}`);
        else
            lines.push(`- ${name}: ${change.status === 'changed' ? '🔄 ' : ''}${(0,render_markdown/* escapeInline */.VV)(detail)}`);
    };
    const tables = dataChangeTables(testCase, withChart ? compareChartOf(testCase) : '');
    line('Answer', diff.answer);
    line('Query', diff.query);
    line('Data', diff.data, tables.length > 0 ? diff.data.headline : diff.data.detail);
    return [lines.join('\n'), ...tables];
}
// --- What changed in the data, cell by cell ----------------------------------------------
/** Row, column, shared, branch, Δ, Δ%: each changed result table as a small table, folded. */
function dataChangeTables(testCase, chart) {
    const diff = testCase.diff;
    if (!diff || diff.data.status !== 'changed')
        return [];
    const branchQueries = testCase.run.outcome ? (0,suite_cells/* queriesOf */.yF)(testCase.run.outcome) : [];
    return diff.data.tables.slice(0, ChangeTablesMax).map((table, k) => {
        const body = [];
        const notes = [];
        if (table.rowCount)
            notes.push(`${(0,render_text/* formatCount */.B4)(table.rowCount.shared)} → ${(0,render_text/* formatCount */.B4)(table.rowCount.branch)} rows`);
        if (table.rowsAdded.length > 0)
            notes.push(`only on the branch: ${table.rowsAdded.map((r) => (0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(r, 40))).join(', ')}`);
        if (table.rowsRemoved.length > 0)
            notes.push(`only on the shared model: ${table.rowsRemoved.map((r) => (0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(r, 40))).join(', ')}`);
        if (table.columnsAdded.length > 0)
            notes.push(`new columns: ${table.columnsAdded.map((c) => (0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(c, 40))).join(', ')}`);
        if (table.columnsRemoved.length > 0)
            notes.push(`columns gone: ${table.columnsRemoved.map((c) => (0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(c, 40))).join(', ')}`);
        if (notes.length > 0)
            body.push(`${notes.join('; ')}.`);
        if (k === 0 && chart)
            body.push(chart);
        if (table.cells.length > 0)
            body.push(cellTable(table, branchQueries[table.query - 1]));
        const changes = table.cells.length + table.rowsAdded.length + table.rowsRemoved.length;
        const what = changes > 0 ? (0,render_text/* plural */.LS)(changes, 'change') : 'changed';
        return (0,render_parts/* details */.zH)(`Data of ${(0,lib_text/* truncateText */.EJ)(table.name, 80)}: shared model → branch (${what})`, body.join('\n\n'));
    });
}
function cellTable(table, query) {
    const cells = table.cells;
    const rowHeader = table.matchedBy === 'key' && query ? ((0,suite_cells/* queryData */.VR)(query).header[0] ?? 'row') : 'row';
    const oneColumn = cells.every((c) => c.column === cells[0].column);
    const header = oneColumn ? [rowHeader, `${cells[0].column}: shared`, 'branch', 'Δ', 'Δ%'] : [rowHeader, 'column', 'shared', 'branch', 'Δ', 'Δ%'];
    const rows = cells.slice(0, ChangeRowsMax).map((c) => {
        const change = [c.shared || '(empty)', c.branch || '(empty)', signed(c.delta, Math.max(decimalsOf(c.shared), decimalsOf(c.branch))), c.deltaPercent === undefined ? '—' : `${signed(c.deltaPercent, 1)}%`];
        return oneColumn ? [c.row, ...change] : [c.row, c.column, ...change];
    });
    const markdown = (0,render_markdown/* markdownTable */.Qj)(header, rows, { maxCellChars: 60 });
    const more = cells.length - rows.length;
    return more > 0 ? `${markdown}\n\n_And ${(0,render_text/* plural */.LS)(more, 'more changed cell')}._` : markdown;
}
/** "+1,234.50", "−3.0": a sign always, the decimals the data shows. */
function signed(value, decimals) {
    if (value === undefined)
        return '—';
    const sign = value > 0 ? '+' : value < 0 ? '−' : '';
    return `${sign}${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
}
function decimalsOf(cell) {
    return /\.(\d+)/.exec(cell)?.[1]?.length ?? 0;
}
/** The main queries of both sides, when both answers rest on one. */
function mainQueries(testCase) {
    const branchOutcome = testCase.run.outcome;
    const sharedOutcome = testCase.shared?.outcome;
    if (!branchOutcome || !sharedOutcome)
        return undefined;
    const b = (0,suite_cells/* queriesOf */.yF)(branchOutcome);
    const s = (0,suite_cells/* queriesOf */.yF)(sharedOutcome);
    const branch = b[(0,render_parts/* mainQueryIndex */.Iz)(b)];
    const shared = s[(0,render_parts/* mainQueryIndex */.Iz)(s)];
    return branch && shared ? { branch, shared } : undefined;
}
function compareChartOf(testCase) {
    const main = mainQueries(testCase);
    return main ? (0,render_parts/* compareChart */.Gg)(main.branch, main.shared) : '';
}
function answerBlock(outcome, style) {
    return (0,render_parts/* answerMarkdown */.cE)((0,render_parts/* answerText */.yy)(outcome), style.answerSize, style.size.measure, '_The answer was cut here; the whole answer is in Omni and in the result file._').markdown;
}
/** The branch's queries with their data; the one the answer rests on with a chart (against the shared model's when compared). */
function queryBlocks(outcome, style, shared) {
    const queries = (0,suite_cells/* queriesOf */.yF)(outcome);
    const main = (0,render_parts/* mainQueryIndex */.Iz)(queries);
    const sharedQueries = shared ? (0,suite_cells/* queriesOf */.yF)(shared) : [];
    const sharedMain = sharedQueries[(0,render_parts/* mainQueryIndex */.Iz)(sharedQueries)];
    return queries.map((query, index) => {
        const body = [];
        const fields = (0,render_parts/* queryFields */.Sd)(query, 10);
        if (fields)
            body.push(fields);
        if (index === main) {
            const chart = (sharedMain && (0,render_parts/* compareChart */.Gg)(query, sharedMain)) || (0,render_parts/* queryChart */.LJ)(query);
            if (chart)
                body.push(chart);
        }
        body.push((0,render_parts/* queryTable */.tA)(query, { maxRows: style.tableRows, maxColumns: 12, maxCellChars: 100 }).markdown);
        return (0,render_parts/* details */.zH)(`${query.status === 'success' ? '' : '❌ '}${(0,render_parts/* queryTitle */.jO)(query, index)} · ${(0,render_parts/* queryRows */.Ym)(query)}`, body.join('\n\n'));
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/suite/report.ts
/**
 * The suite report: what ran, how each case fared, what the branch changed. Written as JSON beside
 * the JUnit file (`reportFile`) by the suite mode, merged across matrix legs (merge.ts), rendered
 * as markdown and JUnit XML.
 */

const ReportKind = 'omni-ai-job/suite-report';
/** Version 2 records the workflow run and what kind of run each job had. */
const ReportVersion = 2;
/** Identifies a suite run across legs: the cases with their expectations, and where they ran. */
function suiteFingerprint(suite, target) {
    const cases = suite.cases.map(({ id, prompt, topicName, conversationId, expect }) => ({ id, prompt, topicName, conversationId, expect }));
    const text = JSON.stringify({ defaults: suite.defaults, cases, target });
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 32);
}
function totalsOf(cases) {
    const count = (status) => cases.filter((c) => c.status === status).length;
    return {
        cases: cases.length,
        passed: count('passed'),
        failed: count('failed'),
        errors: count('error'),
        skipped: count('skipped'),
        changed: cases.filter((c) => c.diff?.changed).length,
    };
}
/**
 * The step fails when a case failed its expectations or could not run. (Cases are skipped only
 * when the workflow run is being cancelled, or after Omni refused the first jobs, which are errors.)
 */
function suiteFailed(report) {
    return report.totals.failed + report.totals.errors > 0;
}
// --- Bounding: a report for 100 cases must stay a few megabytes at most ---------------------
const AnswerMaxChars = 8_000;
const ErrorMaxChars = 2_000;
const QueriesMax = 5;
const CsvRowsMax = 20;
const CsvMaxChars = 4_000;
const QueryObjectMaxChars = 4_000;
/** The outcome with long texts and data cut, for the report file (full data stays in resultFile). */
function boundOutcome(outcome) {
    const bounded = structuredClone(outcome);
    if (bounded.state === 'FAILED') {
        bounded.error.message = cut(bounded.error.message, ErrorMaxChars);
        if (bounded.error.detail)
            bounded.error.detail = cut(bounded.error.detail, ErrorMaxChars);
    }
    if (bounded.state === 'COMPLETE') {
        bounded.resultSummary = cut(bounded.resultSummary, AnswerMaxChars);
        if (bounded.resultError)
            bounded.resultError = cut(bounded.resultError, ErrorMaxChars);
        const result = bounded.result;
        if (result) {
            if (result.message !== undefined)
                result.message = result.message.trim() === bounded.resultSummary.trim() ? bounded.resultSummary : cut(result.message, AnswerMaxChars);
            result.queries = result.queries.slice(0, QueriesMax).map(boundQuery);
        }
    }
    return bounded;
}
function boundQuery(query) {
    const bounded = { ...query, fields: query.fields.slice(0, 100) };
    const lines = query.csvHead.split('\n');
    // Cut at a line end; a quoted newline inside a cell may make the head a little shorter, never invalid for parseCsv.
    let head = lines.slice(0, CsvRowsMax + 1).join('\n');
    if (head.length > CsvMaxChars)
        head = head.slice(0, head.lastIndexOf('\n', CsvMaxChars));
    if (head.length < query.csvHead.length) {
        bounded.csvHead = head;
        bounded.csvHeadWasCut = true;
    }
    if (bounded.query && JSON.stringify(bounded.query).length > QueryObjectMaxChars)
        delete bounded.query;
    return bounded;
}
function cut(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

;// CONCATENATED MODULE: ./src/suite/merge.ts
/**
 * `mode: merge`: the JSON reports of a sharded suite's matrix legs, found on disk and combined
 * into one report, after checking that they are the legs of one suite run, each exactly once.
 */



/** The legs' reports named by the `reports` input, combined into one. */
async function mergeReportFiles(spec, current) {
    const files = await findReportFiles(spec);
    const legs = await Promise.all(files.map(async (file) => ({ file, report: await readReportFile(file) })));
    return mergeReports(legs, current);
}
/** Reads one report; a clear error naming the file when it is not one. */
async function readReportFile(file) {
    let parsed;
    try {
        parsed = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch (error) {
        throw new Error(`reports: cannot read '${file}': ${error.message.split('\n')[0]}`, { cause: error });
    }
    const problem = reportProblem(parsed);
    if (problem)
        throw new Error(`reports: '${file}' is not a suite report of this action (${problem})`);
    return parsed;
}
function reportProblem(value) {
    if (!value || typeof value !== 'object')
        return 'not a JSON object';
    const report = value;
    if (report.kind !== ReportKind)
        return `kind is not ${ReportKind}`;
    if (report.version !== ReportVersion)
        return `version ${String(report.version)}; this action reads version ${ReportVersion}: use the same action version in every job`;
    if (!report.suite || typeof report.suite.fingerprint !== 'string')
        return 'no suite fingerprint';
    if (!Array.isArray(report.cases) || !report.totals || !report.target)
        return 'cases, totals or target missing';
    return undefined;
}
/**
 * The report files named by the `reports` input: a report file, a directory (searched
 * recursively for *.json files that are suite reports, as download-artifact leaves them), or
 * several of either separated by newlines or commas.
 */
async function findReportFiles(spec) {
    const entries = spec
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    if (entries.length === 0)
        throw new Error('reports: give the directory (or files) holding the legs\' JSON reports, e.g. the path download-artifact wrote them to');
    const files = [];
    for (const entry of entries) {
        let info;
        try {
            info = await (0,promises_.stat)(entry);
        }
        catch {
            throw new Error(`reports: '${entry}' does not exist; did the download-artifact step run, with this path?`);
        }
        if (info.isDirectory()) {
            const found = await reportFilesUnder(entry);
            if (found.length === 0)
                throw new Error(`reports: '${entry}' holds no suite report (*.json written by the suite legs)`);
            files.push(...found);
        }
        else {
            files.push(entry);
        }
    }
    return [...new Set(files)].sort();
}
async function reportFilesUnder(directory) {
    const found = [];
    for (const entry of await (0,promises_.readdir)(directory, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.json'))
            continue;
        const file = (0,external_node_path_.join)(entry.parentPath, entry.name);
        // Other JSON (result files uploaded alongside) is not an error: only reports are picked.
        const head = (await (0,promises_.readFile)(file, 'utf8')).slice(0, 200);
        if (head.includes(`"${ReportKind}"`))
            found.push(file);
    }
    return found;
}
/**
 * One report from the legs' reports. They must come from one suite run: the same cases,
 * expectations and target, the same workflow run, the same number of legs, each leg once.
 *
 * A leg may appear from two attempts of the workflow run when only some jobs were re-run and the
 * artifacts of every attempt were downloaded: the latest attempt's report of that leg counts.
 * `current` is the merge step's own workflow run: when the legs come from several runs, the
 * legs of this run are the suite run, and the others are named as the odd ones.
 */
function mergeReports(legs, current) {
    if (legs.length === 0)
        throw new Error('reports: no suite report to merge');
    const first = legs[0];
    for (const leg of legs) {
        if (leg.report.suite.fingerprint !== first.report.suite.fingerprint) {
            throw new Error(`reports: ${describe(leg)} and ${describe(first)} come from different suites or targets; merge only the legs of one run (download the artifacts of this workflow run only)`);
        }
    }
    checkOneWorkflowRun(legs, current);
    if (legs.length === 1 && !first.report.shard)
        return first.report;
    const unsharded = legs.filter((leg) => !leg.report.shard);
    if (unsharded.length > 0) {
        throw new Error(`reports: ${legs.length} reports, but ${unsharded.map(describe).join(', ')} ran every case (no shard); merge only the legs of a sharded run`);
    }
    const total = first.report.shard.total;
    const mixed = legs.find((leg) => leg.report.shard.total !== total);
    if (mixed)
        throw new Error(`reports: legs of ${total} and of ${mixed.report.shard.total} shards are mixed (${describe(mixed)}); use one shard total in the matrix`);
    const byShard = new Map();
    for (const leg of latestAttempts(legs)) {
        const index = leg.report.shard.index;
        const earlier = byShard.get(index);
        if (earlier) {
            throw new Error(`reports: shard ${index}/${total} appears more than once ('${earlier.file}', '${leg.file}'); each leg's report must be uploaded once (give each artifact a unique name)`);
        }
        byShard.set(index, leg);
    }
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !byShard.has(index));
    if (missing.length > 0) {
        throw new Error(`reports: shard ${missing.map((i) => `${i}/${total}`).join(', ')} missing (found ${[...byShard.keys()].sort((a, b) => a - b).map((i) => `${i}/${total}`).join(', ')}); did a leg fail before uploading its report? Upload with if: always()`);
    }
    const reports = [...byShard.values()].map((leg) => leg.report);
    const cases = reports.flatMap((r) => r.cases).sort((a, b) => a.line - b.line);
    const ids = new Set();
    for (const testCase of cases) {
        if (ids.has(testCase.id))
            throw new Error(`reports: case '${testCase.id}' ran in more than one leg; the legs disagree on the sharding (same action version everywhere?)`);
        ids.add(testCase.id);
    }
    if (cases.length !== first.report.suite.cases)
        throw new Error(`reports: the legs ran ${cases.length} cases but the suite has ${first.report.suite.cases}`);
    const startedAt = reports.map((r) => r.startedAt).sort()[0];
    const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1);
    const merged = {
        kind: ReportKind,
        version: ReportVersion,
        suite: first.report.suite,
        mergedShards: total,
        target: first.report.target,
        requestsPerMinute: reports.reduce((sum, r) => sum + r.requestsPerMinute, 0),
        startedAt,
        finishedAt,
        durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)) || Math.max(...reports.map((r) => r.durationMs)),
        totals: totalsOf(cases),
        cases,
    };
    const latest = reports.map((r) => r.workflowRun).reduce((a, b) => (!a || (b && b.attempt > a.attempt) ? b : a), undefined);
    if (latest)
        merged.workflowRun = latest;
    return merged;
}
/**
 * Every leg must come from one workflow run (a report made outside GitHub Actions has none). The
 * run of most legs, or the merge step's own when the legs are split evenly, is the suite's; the
 * others are named.
 */
function checkOneWorkflowRun(legs, current) {
    const runOf = (leg) => leg.report.workflowRun?.id ?? '';
    const groups = new Map();
    for (const leg of legs)
        groups.set(runOf(leg), [...(groups.get(runOf(leg)) ?? []), leg]);
    if (groups.size === 1)
        return;
    const largest = Math.max(...[...groups.values()].map((group) => group.length));
    const candidates = [...groups.entries()].filter(([, group]) => group.length === largest);
    const [run] = candidates.find(([id]) => id === current?.id) ?? candidates[0];
    const odd = legs.filter((leg) => runOf(leg) !== run);
    const where = (id) => (id ? `workflow run ${id}` : 'no workflow run (made outside GitHub Actions)');
    throw new Error(`reports: ${odd.map((leg) => `${describe(leg)} comes from ${where(runOf(leg))}`).join('; ')}, the other legs from ${where(run)}; merge only the legs of one run (download the artifacts of this workflow run only)`);
}
/** Of the reports of one leg made in several attempts of the workflow run, the latest. */
function latestAttempts(legs) {
    const kept = new Map();
    const others = [];
    for (const leg of legs) {
        const run = leg.report.workflowRun;
        if (!run || !leg.report.shard) {
            others.push(leg);
            continue;
        }
        const key = `${leg.report.shard.index}`;
        const earlier = kept.get(key);
        if (!earlier)
            kept.set(key, leg);
        else if (earlier.report.workflowRun.attempt === run.attempt)
            others.push(leg);
        else if (earlier.report.workflowRun.attempt < run.attempt)
            kept.set(key, leg);
    }
    return [...kept.values(), ...others];
}
function describe(leg) {
    const shard = leg.report.shard ? ` (shard ${leg.report.shard.index}/${leg.report.shard.total})` : '';
    return `'${leg.file}'${shard}`;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/job/outcome.ts
var outcome = __webpack_require__(7619);
// EXTERNAL MODULE: ./src/lib/yaml-file.ts
var yaml_file = __webpack_require__(7843);
;// CONCATENATED MODULE: ./src/suite/suite.ts
/** A case without expectations: it expects its job to end COMPLETE. */
function noExpectations() {
    return { contains: [], notContains: [], matches: [], notMatches: [], fields: [], values: [] };
}

;// CONCATENATED MODULE: ./src/suite/prompts-file.ts
/**
 * The prompts file (`promptsFile` input): a YAML list of cases with expectations. Parsed and
 * validated strictly before any request, every problem reported with its line and column.
 * The schema is documented in examples/README.md.
 */




class PromptsFileError extends yaml_file/* FileProblemsError */.xV {
    name = 'PromptsFileError';
}
/** Reads and parses the file; `file` is shown in messages as given. */
async function loadPromptsFile(path) {
    return parsePromptsFile(await (0,yaml_file/* readFileText */.eu)(path, 'promptsFile'), path);
}
const CaseId = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CaseIdMaxChars = 64;
const TopKeys = ['version', 'modelId', 'branchId', 'branchName', 'topicName', 'cases'];
const CaseKeys = ['id', 'prompt', 'topicName', 'conversationId', 'expect'];
const ExpectKeys = ['state', 'contains', 'notContains', 'matches', 'notMatches', 'topic', 'fields', 'rowCount', 'value', 'query'];
const ValueKeys = ['column', 'row', 'min', 'max', 'equals'];
/** Every key the file may hold, per level: the reader's contract with schemas/prompts.schema.json. */
const PromptsFileKeys = { top: TopKeys, case: CaseKeys, expect: ExpectKeys, value: ValueKeys, rowCount: yaml_file/* RangeKeys */.o6 };
/** Parses the YAML text of a prompts file; throws PromptsFileError listing every problem. */
function parsePromptsFile(text, file) {
    const { reader, root } = (0,yaml_file/* parseYaml */.hN)(text, file);
    if (reader.problems.length > 0)
        throw new PromptsFileError(reader.problems);
    if (!(0,dist/* isMap */.jh)(root)) {
        reader.problem(root, root === null || (0,yaml_file/* isNull */.kZ)(root) ? 'the file is empty: it needs a `cases` list' : 'the file must be a mapping with a `cases` list (see the prompts file schema)');
        throw new PromptsFileError(reader.problems);
    }
    const top = reader.fields(root, TopKeys, 'the top level');
    const version = top.get('version');
    if (version && !((0,dist/* isScalar */.jn)(version) && version.value === 1))
        reader.problem(version, 'version must be 1');
    const defaults = {};
    const modelId = reader.uuid(top.get('modelId'), 'modelId');
    if (modelId)
        defaults.modelId = modelId;
    const branchId = reader.uuid(top.get('branchId'), 'branchId');
    if (branchId)
        defaults.branchId = branchId;
    const branchName = reader.text(top.get('branchName'), 'branchName');
    if (branchName)
        defaults.branchName = branchName;
    if (branchId && branchName)
        reader.problem(top.get('branchName'), 'give branchId or branchName, not both');
    const topicName = reader.text(top.get('topicName'), 'topicName');
    if (topicName)
        defaults.topicName = topicName;
    const cases = [];
    const casesNode = top.get('cases');
    if (!casesNode)
        reader.problemAt(root.range?.[0] ?? 0, 'cases is required: a list of cases, each with an id and a prompt');
    else if (!(0,dist/* isSeq */.oP)(casesNode))
        reader.problem(casesNode, 'cases must be a list of cases, each with an id and a prompt');
    else if (casesNode.items.length === 0)
        reader.problem(casesNode, 'cases must not be empty');
    else {
        const firstLineOf = new Map();
        casesNode.items.forEach((item, index) => {
            const { id, parsed } = readCase(reader, item, `cases[${index}]`);
            if (id !== undefined) {
                // Checked even when the case has other problems: the duplicate is worth knowing too.
                const earlier = firstLineOf.get(id.toLowerCase());
                if (earlier !== undefined)
                    reader.problem(item.get('id', true), `cases[${index}].id '${id}' is already used by the case at line ${earlier} (ids are compared ignoring case)`);
                else
                    firstLineOf.set(id.toLowerCase(), reader.lineOf(item));
            }
            if (parsed)
                cases.push(parsed);
        });
    }
    if (reader.problems.length > 0)
        throw new PromptsFileError(reader.problems);
    return { file, defaults, cases };
}
function readCase(reader, node, path) {
    if (!(0,dist/* isMap */.jh)(node)) {
        reader.problem(node, `${path} must be a mapping with id and prompt`);
        return {};
    }
    const fields = reader.fields(node, CaseKeys, path);
    const id = reader.text(fields.get('id'), `${path}.id`, { required: node });
    if (id !== undefined && !CaseId.test(id)) {
        reader.problem(fields.get('id'), `${path}.id '${id}' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit`);
    }
    else if (id !== undefined && id.length > CaseIdMaxChars) {
        reader.problem(fields.get('id'), `${path}.id is longer than ${CaseIdMaxChars} characters`);
    }
    const prompt = reader.text(fields.get('prompt'), `${path}.prompt`, { required: node, multiline: true });
    const topicName = reader.text(fields.get('topicName'), `${path}.topicName`);
    const conversationId = reader.uuid(fields.get('conversationId'), `${path}.conversationId`);
    const expect = readExpect(reader, fields.get('expect'), `${path}.expect`);
    if (id === undefined || prompt === undefined)
        return id === undefined ? {} : { id };
    const parsed = { id, prompt, expect, line: reader.lineOf(node) };
    if (topicName)
        parsed.topicName = topicName;
    if (conversationId)
        parsed.conversationId = conversationId;
    return { id, parsed };
}
function readExpect(reader, node, path) {
    const expect = noExpectations();
    if (!node || (0,yaml_file/* isNull */.kZ)(node))
        return expect;
    if (!(0,dist/* isMap */.jh)(node)) {
        reader.problem(node, `${path} must be a mapping of expectations (state, contains, notContains, matches, notMatches, topic, fields, rowCount, value, query)`);
        return expect;
    }
    const fields = reader.fields(node, ExpectKeys, path);
    const states = reader.texts(fields.get('state'), `${path}.state`);
    if (states) {
        const valid = [];
        for (const [index, state] of states.entries()) {
            const upper = state.toUpperCase();
            if (outcome/* OutcomeStates */.R.includes(upper))
                valid.push(upper);
            else
                reader.problem((0,yaml_file/* itemNode */.qH)(fields.get('state'), index), `${path}.state '${state}' is not one of ${outcome/* OutcomeStates */.R.join(', ')}`);
        }
        if (valid.length > 0)
            expect.state = [...new Set(valid)];
    }
    expect.contains = reader.texts(fields.get('contains'), `${path}.contains`) ?? [];
    expect.notContains = reader.texts(fields.get('notContains'), `${path}.notContains`) ?? [];
    expect.matches = readPatterns(reader, fields.get('matches'), `${path}.matches`);
    expect.notMatches = readPatterns(reader, fields.get('notMatches'), `${path}.notMatches`);
    const topic = reader.text(fields.get('topic'), `${path}.topic`);
    if (topic)
        expect.topic = topic;
    expect.fields = reader.texts(fields.get('fields'), `${path}.fields`) ?? [];
    const rowCount = fields.get('rowCount');
    if (rowCount) {
        if ((0,dist/* isMap */.jh)(rowCount)) {
            const range = reader.range(rowCount, `${path}.rowCount`, { integer: true });
            if (range)
                expect.rowCount = range;
        }
        else {
            const exact = reader.number(rowCount, `${path}.rowCount`, { integer: true });
            if (exact !== undefined)
                expect.rowCount = { min: exact, max: exact };
        }
    }
    const value = fields.get('value');
    if (value) {
        const items = (0,dist/* isSeq */.oP)(value) ? value.items : [value];
        if ((0,dist/* isSeq */.oP)(value) && items.length === 0)
            reader.problem(value, `${path}.value must not be an empty list`);
        items.forEach((item, index) => {
            const parsed = readValue(reader, item, (0,dist/* isSeq */.oP)(value) ? `${path}.value[${index}]` : `${path}.value`);
            if (parsed)
                expect.values.push(parsed);
        });
    }
    const query = fields.get('query');
    if (query) {
        if ((0,dist/* isScalar */.jn)(query) && typeof query.value === 'number') {
            const index = reader.number(query, `${path}.query`, { integer: true });
            if (index !== undefined)
                expect.query = index;
        }
        else {
            const name = reader.text(query, `${path}.query`);
            if (name)
                expect.query = name;
        }
    }
    return expect;
}
function readValue(reader, node, path) {
    if (!(0,dist/* isMap */.jh)(node)) {
        reader.problem(node, `${path} must be a mapping like { column: "Total Revenue", row: 0, min: 1000 }`);
        return undefined;
    }
    const fields = reader.fields(node, ValueKeys, path);
    const columnNode = fields.get('column');
    let column;
    if (!columnNode)
        reader.problem(node, `${path}.column is required: a column name, or its 0-based index`);
    else if ((0,dist/* isScalar */.jn)(columnNode) && typeof columnNode.value === 'number')
        column = reader.number(columnNode, `${path}.column`, { integer: true });
    else
        column = reader.text(columnNode, `${path}.column`);
    const row = fields.get('row') ? reader.number(fields.get('row'), `${path}.row`, { integer: true }) : 0;
    const range = reader.range(node, path, { integer: false, keys: ['min', 'max'], optional: true });
    const equalsNode = fields.get('equals');
    let equals;
    if (equalsNode) {
        if ((0,dist/* isScalar */.jn)(equalsNode) && typeof equalsNode.value === 'number')
            equals = reader.number(equalsNode, `${path}.equals`, { integer: false });
        else
            equals = reader.text(equalsNode, `${path}.equals`);
    }
    const hasRange = fields.has('min') || fields.has('max');
    if (!hasRange && equalsNode === undefined)
        reader.problem(node, `${path} needs min, max or equals`);
    if (hasRange && equalsNode !== undefined)
        reader.problem(equalsNode, `${path} takes equals or min/max, not both`);
    if (column === undefined || row === undefined)
        return undefined;
    const parsed = { column, row };
    if (range?.min !== undefined)
        parsed.min = range.min;
    if (range?.max !== undefined)
        parsed.max = range.max;
    if (equals !== undefined)
        parsed.equals = equals;
    return parsed;
}
/** JavaScript regular expressions: `pattern`, or `/pattern/flags` for flags (i, m, s, u, v). */
function readPatterns(reader, node, path) {
    const values = reader.texts(node, path);
    if (!values || !node)
        return [];
    const patterns = [];
    values.forEach((value, index) => {
        const literal = /^\/(.+)\/([a-z]*)$/s.exec(value);
        const source = literal ? literal[1] : value;
        // g and y would make a test depend on the one before it.
        const flags = literal ? literal[2].replace(/[gy]/g, '') : '';
        try {
            new RegExp(source, flags);
            patterns.push({ source, flags });
        }
        catch (error) {
            const where = (0,dist/* isSeq */.oP)(node) ? `${path}[${index}]` : path;
            reader.problem((0,yaml_file/* itemNode */.qH)(node, index), `${where} is not a valid regular expression: ${error.message.replace(/^Invalid regular expression: /, '')}`);
        }
    });
    return patterns;
}

// EXTERNAL MODULE: ./src/action/settings.ts
var action_settings = __webpack_require__(9297);
// EXTERNAL MODULE: ./src/omni/branch.ts
var branch = __webpack_require__(805);
;// CONCATENATED MODULE: ./src/suite/compare.ts


const MaxListed = 3;
const DetailItems = 5;
const ValueMaxChars = 40;
function compareOutcomes(branch, shared) {
    const state = { branch: branch.state, shared: shared.state, changed: branch.state !== shared.state };
    const answer = compareAnswers(branch, shared);
    const bothData = branch.state === 'COMPLETE' && shared.state === 'COMPLETE' && branch.result && shared.result;
    const unknown = unknownChange(branch, shared);
    const query = bothData ? compareQueries((0,suite_cells/* queriesOf */.yF)(branch), (0,suite_cells/* queriesOf */.yF)(shared)) : unknown;
    const data = bothData ? compareData((0,suite_cells/* queriesOf */.yF)(branch), (0,suite_cells/* queriesOf */.yF)(shared)) : { ...unknown, tables: [] };
    const changed = state.changed || [answer, query, data].some((c) => c.status === 'changed');
    const parts = [];
    if (state.changed)
        parts.push(`state ${shared.state} → ${branch.state}`);
    if (data.status === 'changed')
        parts.push(`data: ${data.headline}`);
    if (query.status === 'changed')
        parts.push(`query: ${query.headline}`);
    if (answer.status === 'changed' && parts.length === 0)
        parts.push(`answer: ${answer.headline}`);
    return { state, answer, query, data, changed, summary: parts.join(' · ') };
}
function unknownChange(branch, shared) {
    const missing = [branch, shared]
        .map((outcome, index) => {
        const side = index === 0 ? 'branch' : 'shared';
        if (outcome.state !== 'COMPLETE')
            return `${side} ${outcome.state}`;
        return outcome.result ? '' : `${side} result not fetched`;
    })
        .filter((text) => text !== '');
    return change('unknown', [`not compared: ${missing.join(', ')}`]);
}
function compareAnswers(branch, shared) {
    const branchText = (0,suite_cells/* answerTexts */.lu)(branch)[0];
    const sharedText = (0,suite_cells/* answerTexts */.lu)(shared)[0];
    const plain = (status, items) => ({ ...change(status, items), numbers: [] });
    if (branchText === undefined && sharedText === undefined)
        return plain('unknown', ['no answer on either side']);
    if (branchText === undefined)
        return plain('changed', [`no answer on the branch (${branch.state})`]);
    if (sharedText === undefined)
        return plain('changed', [`no answer on the shared model (${shared.state})`]);
    if (normaliseAnswer(branchText) === normaliseAnswer(sharedText))
        return plain('same', []);
    const numbers = numberChanges(numbersIn(sharedText), numbersIn(branchText));
    if (numbers.length > 0)
        return { ...change('changed', numbers.map(describeNumber), 'number'), numbers };
    return plain('reworded', [`same numbers, worded differently (${Math.round(similarity(sharedText, branchText) * 100)}% of words in common)`]);
}
/** Case, spacing and markdown emphasis do not count as a change. */
function normaliseAnswer(text) {
    return text
        .replace(/[*_`#>]+/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
}
/** A number as answers write them: "$1,234.50", "-12%", "2024"; a comma after it is punctuation. */
const NumberToken = /[-−]?[$€£¥]?\d(?:[\d,]*\d)?(?:\.\d+)?%?/g;
/** A list item's marker ("1.", "2)", "-"): an ordinal, not a number the answer reports. */
const ListMarker = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
const ContextWords = { before: 4, after: 3 };
/** The numbers of an answer, sentence by sentence, each with its sentence's other words. */
function numbersIn(text) {
    const numbers = [];
    const sentences = text
        .replace(/[*_`#>]+/g, '')
        .split(/\n+|(?<=[.!?;])\s+/)
        .map((sentence) => sentence.replace(ListMarker, '').replace(/\|/g, ' ').replace(/\s+/g, ' ').trim())
        .filter((sentence) => sentence !== '');
    for (const sentence of sentences) {
        const tokens = [...sentence.matchAll(NumberToken)];
        tokens.forEach((token, index) => {
            const at = token.index;
            let label = '';
            let from = 0;
            tokens.forEach((other, otherIndex) => {
                label += `${words(sentence.slice(from, other.index))} ${otherIndex === index ? '@' : '#'} `;
                from = other.index + other[0].length;
            });
            label += words(sentence.slice(from));
            const before = sentence.slice(0, at).replace(/[\s\p{P}\p{S}]+$/u, '').split(' ').slice(-ContextWords.before).join(' ');
            const after = sentence.slice(at + token[0].length).replace(/^[\s,;:)\]]+/u, '').split(' ').slice(0, ContextWords.after).join(' ');
            numbers.push({ text: token[0], key: numberKey(token[0]), label: label.replace(/\s+/g, ' ').trim(), before, after });
        });
    }
    return numbers;
}
/** Lower-case words, punctuation dropped: "J.Crew —" and "j crew" say the same. */
function words(text) {
    return text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .join(' ');
}
function numberKey(text) {
    const currency = /[$€£¥]/.exec(text)?.[0] ?? '';
    const percent = text.endsWith('%') ? '%' : '';
    const value = (0,suite_cells/* parseNumber */.$J)(text.replace(/−/g, '-'));
    return `${currency}${value ?? text}${percent}`;
}
/**
 * The numbers that differ between two answers. A number is paired with the other answer's only
 * when both say it of the same thing: the same sentence around it, found once in each answer (a
 * ranking that changes order pairs nothing by position). The numbers left over are compared as a
 * multiset: the same numbers in another order or wording are no change; the others are listed on
 * their side alone. Empty when the numbers are the same.
 */
function numberChanges(shared, branch) {
    const once = (numbers) => {
        const count = new Map();
        for (const number of numbers)
            count.set(number.label, (count.get(number.label) ?? 0) + 1);
        return new Map(numbers.filter((number) => count.get(number.label) === 1).map((number) => [number.label, number]));
    };
    const branchOnce = once(branch);
    const paired = new Set();
    const changes = [];
    for (const [label, before] of once(shared)) {
        const after = branchOnce.get(label);
        if (!after)
            continue;
        paired.add(before).add(after);
        if (before.key !== after.key)
            changes.push({ ...context(after), shared: before.text, branch: after.text });
    }
    const sharedLeft = shared.filter((number) => !paired.has(number));
    const branchLeft = branch.filter((number) => !paired.has(number));
    const gone = multisetMinus(sharedLeft.map((n) => n.key), branchLeft.map((n) => n.key));
    const added = multisetMinus(branchLeft.map((n) => n.key), sharedLeft.map((n) => n.key));
    const take = (numbers, keys) => keys.map((key) => numbers.splice(numbers.findIndex((n) => n.key === key), 1)[0]);
    for (const number of take([...sharedLeft], gone))
        changes.push({ ...context(number), shared: number.text });
    for (const number of take([...branchLeft], added))
        changes.push({ ...context(number), branch: number.text });
    return changes;
}
function context(number) {
    return { before: clip(number.before), after: clip(number.after.replace(/[\s.,;:!?]+$/u, '')) };
}
/** "J.Crew — $5,017.20 → $3,900.00"; a number on one side only: "−$4,087.70 (Carhartt)". */
function describeNumber(number) {
    if (number.shared !== undefined && number.branch !== undefined)
        return [number.before, `${number.shared} → ${number.branch}`, number.after].filter(Boolean).join(' ');
    const value = number.shared !== undefined ? `−${number.shared}` : `+${number.branch ?? ''}`;
    const around = [number.before, number.after].filter(Boolean).join(' … ');
    return around ? `${value} (${around})` : value;
}
/** A change from its items: the detail lists a few, the headline the first and a count. */
function change(status, items, noun = 'change') {
    const shown = items.slice(0, DetailItems);
    const more = items.length - shown.length;
    const detail = shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
    const rest = items.length - 1;
    const headline = items.length === 0 ? '' : items[0] + (rest > 0 ? ` and ${rest} more ${noun}${rest === 1 ? '' : 's'}` : '');
    return { status, detail, headline };
}
function multisetMinus(items, minus) {
    const counts = new Map();
    for (const item of minus)
        counts.set(item, (counts.get(item) ?? 0) + 1);
    const left = [];
    for (const item of items) {
        const count = counts.get(item) ?? 0;
        if (count > 0)
            counts.set(item, count - 1);
        else
            left.push(item);
    }
    return left;
}
/** Share of words in common (Dice coefficient over word multisets). */
function similarity(a, b) {
    const words = (text) => normaliseAnswer(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const left = words(a);
    const right = words(b);
    if (left.length + right.length === 0)
        return 1;
    const common = left.length - multisetMinus(left, right).length;
    return (2 * common) / (left.length + right.length);
}
function compareQueries(branch, shared) {
    const items = [];
    if (branch.length !== shared.length)
        items.push(`${shared.length} → ${branch.length} queries`);
    for (let i = 0; i < Math.min(branch.length, shared.length); i++) {
        const prefix = branch.length > 1 ? `#${i + 1} ` : '';
        for (const difference of queryDifferences(branch[i], shared[i]))
            items.push(prefix + difference);
    }
    return change(items.length > 0 ? 'changed' : 'same', items);
}
/** Keys that name the model, branch or run differ between branch and shared by design. */
const IdentityKey = /(?:^id$|Id$|_id$)/;
function queryDifferences(branch, shared) {
    const notes = [];
    const added = branch.fields.filter((f) => !shared.fields.includes(f));
    const removed = shared.fields.filter((f) => !branch.fields.includes(f));
    if (added.length > 0 || removed.length > 0) {
        notes.push(`fields ${[...added.map((f) => `+${f}`), ...removed.map((f) => `−${f}`)].slice(0, MaxListed * 2).join(' ')}`);
    }
    if (branch.query && shared.query) {
        const keys = [...new Set([...Object.keys(shared.query), ...Object.keys(branch.query)])].filter((k) => k !== 'fields' && !IdentityKey.test(k)).sort();
        for (const key of keys) {
            const before = shared.query[key];
            const after = branch.query[key];
            if (stableJson(before) === stableJson(after))
                continue;
            if (isScalar(before) && isScalar(after))
                notes.push(`${key} ${show(before)} → ${show(after)}`);
            else if (before === undefined)
                notes.push(`${key} added`);
            else if (after === undefined)
                notes.push(`${key} removed`);
            else
                notes.push(`${key} changed`);
        }
    }
    return notes;
}
function compareData(branch, shared) {
    const tables = [];
    const pairs = Math.min(branch.length, shared.length);
    let partial = false;
    for (let i = 0; i < pairs; i++) {
        const b = branch[i];
        const s = shared[i];
        partial ||= b.csvHeadWasCut || s.csvHeadWasCut;
        if (!b.csvHead.trim() && !s.csvHead.trim() && b.totalRowCount === s.totalRowCount)
            continue;
        const table = tableChange(i + 1, b, s);
        if (table)
            tables.push(table);
    }
    const tableCount = branch.length !== shared.length ? { shared: shared.length, branch: branch.length } : undefined;
    const items = [];
    if (tableCount)
        items.push(`${tableCount.shared} → ${tableCount.branch} result tables`);
    for (const table of tables) {
        const prefix = pairs > 1 ? `#${table.query} ` : '';
        for (const difference of describeTable(table))
            items.push(prefix + difference);
    }
    if (items.length === 0)
        return { status: 'same', detail: partial ? 'same in the rows fetched' : '', headline: '', tables };
    return { ...change('changed', items), ...(tableCount ? { tableCount } : {}), tables };
}
/**
 * How two result tables differ, or undefined when they do not. Rows are matched by their first
 * column when it is a unique text key on both sides (a dimension like a product name), else by
 * position.
 */
function tableChange(index, branch, shared) {
    const b = (0,suite_cells/* queryData */.VR)(branch);
    const s = (0,suite_cells/* queryData */.VR)(shared);
    const keyed = keyColumn(b.header, b.rows, s.header, s.rows);
    const table = {
        query: index,
        name: branch.name,
        columnsAdded: b.header.filter((h) => !s.header.includes(h)),
        columnsRemoved: s.header.filter((h) => !b.header.includes(h)),
        matchedBy: keyed ? 'key' : 'position',
        rowsAdded: [],
        rowsRemoved: [],
        cells: [],
    };
    if (branch.totalRowCount !== shared.totalRowCount)
        table.rowCount = { shared: shared.totalRowCount, branch: branch.totalRowCount };
    const pairs = [];
    if (keyed) {
        const sharedByKey = new Map(s.rows.map((row) => [row[keyed.shared] ?? '', row]));
        const branchKeys = new Set(b.rows.map((row) => row[keyed.branch] ?? ''));
        for (const row of b.rows)
            pairs.push({ label: row[keyed.branch] ?? '', branchRow: row, sharedRow: sharedByKey.get(row[keyed.branch] ?? '') });
        for (const row of s.rows)
            if (!branchKeys.has(row[keyed.shared] ?? ''))
                pairs.push({ label: row[keyed.shared] ?? '', sharedRow: row });
        table.rowsAdded = pairs.filter((p) => p.branchRow && !p.sharedRow).map((p) => p.label);
        table.rowsRemoved = pairs.filter((p) => p.sharedRow && !p.branchRow).map((p) => p.label);
    }
    else {
        for (let i = 0; i < Math.max(b.rows.length, s.rows.length); i++)
            pairs.push({ label: `row ${i + 1}`, branchRow: b.rows[i], sharedRow: s.rows[i] });
    }
    const common = b.header.filter((h) => s.header.includes(h));
    for (const pair of pairs) {
        if (!pair.branchRow || !pair.sharedRow)
            continue;
        for (const column of common) {
            if (keyed && column === b.header[keyed.branch])
                continue;
            const before = pair.sharedRow[s.header.indexOf(column)] ?? '';
            const after = pair.branchRow[b.header.indexOf(column)] ?? '';
            if (!sameCell(before, after))
                table.cells.push(cellChange(pair.label, column, before, after));
        }
    }
    const changed = table.rowCount || table.columnsAdded.length + table.columnsRemoved.length + table.rowsAdded.length + table.rowsRemoved.length + table.cells.length > 0;
    return changed ? table : undefined;
}
function cellChange(row, column, shared, branch) {
    const cell = { row, column, shared, branch };
    const before = (0,suite_cells/* parseNumber */.$J)(shared);
    const after = (0,suite_cells/* parseNumber */.$J)(branch);
    if (before !== undefined && after !== undefined) {
        cell.delta = after - before;
        if (before !== 0)
            cell.deltaPercent = (100 * (after - before)) / Math.abs(before);
    }
    return cell;
}
/** One line per difference: "2 → 3 rows", "columns +Margin", "rows +Boots −Hats", "Sunglasses Total Revenue 1,234.50 → 1,100.00". */
function describeTable(table) {
    const notes = [];
    if (table.rowCount)
        notes.push(`${(0,suite_cells/* formatNumber */.ZV)(table.rowCount.shared)} → ${(0,suite_cells/* formatNumber */.ZV)(table.rowCount.branch)} rows`);
    if (table.columnsAdded.length > 0 || table.columnsRemoved.length > 0) {
        notes.push(`columns ${[...table.columnsAdded.map((c) => `+${c}`), ...table.columnsRemoved.map((c) => `−${c}`)].slice(0, MaxListed * 2).join(' ')}`);
    }
    if (table.rowsAdded.length > 0 || table.rowsRemoved.length > 0) {
        notes.push(`rows ${[...table.rowsAdded.map((r) => `+${clip(r)}`), ...table.rowsRemoved.map((r) => `−${clip(r)}`)].slice(0, MaxListed).join(' ')}`);
    }
    for (const cell of table.cells)
        notes.push(`${clip(cell.row)} ${clip(cell.column)} ${clip(cell.shared) || '(empty)'} → ${clip(cell.branch) || '(empty)'}`);
    return notes;
}
/** The first column as a row key, when it is text and unique on both sides. */
function keyColumn(bHeader, bRows, sHeader, sRows) {
    const name = bHeader[0];
    if (name === undefined || sHeader[0] !== name)
        return undefined;
    const usable = (rows) => {
        const keys = rows.map((row) => row[0] ?? '');
        return keys.length > 0 && new Set(keys).size === keys.length && keys.every((k) => k.trim() !== '' && (0,suite_cells/* parseNumber */.$J)(k) === undefined);
    };
    return usable(bRows) && usable(sRows) ? { branch: 0, shared: 0 } : undefined;
}
function sameCell(a, b) {
    if (a.trim() === b.trim())
        return true;
    const x = (0,suite_cells/* parseNumber */.$J)(a);
    const y = (0,suite_cells/* parseNumber */.$J)(b);
    if (x === undefined || y === undefined)
        return false;
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}
function clip(text) {
    return (0,lib_text/* oneLine */.TN)(text, ValueMaxChars);
}
function isScalar(value) {
    return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
function show(value) {
    return typeof value === 'string' ? `'${clip(value)}'` : String(value);
}
function stableJson(value) {
    if (value === undefined)
        return 'undefined';
    return JSON.stringify(value, (_key, v) => v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}

;// CONCATENATED MODULE: ./src/suite/expectations.ts


const SnippetChars = 40;
/**
 * Every expectation of the case, in a fixed order (state first). A case without expectations
 * expects COMPLETE. Text expectations read the answer (for a FAILED job: Omni's error message);
 * data expectations read the selected query's rows.
 */
function evaluate(testCase, outcome) {
    const expect = testCase.expect;
    const results = [checkState(expect, outcome)];
    const texts = textsOf(outcome);
    const noText = texts.length === 0 ? `no answer to read: the job ended ${outcome.state}` : undefined;
    for (const wanted of expect.contains) {
        const name = `contains ${quote(wanted)}`;
        if (noText)
            results.push(fail(name, noText));
        else if (findText(texts, wanted))
            results.push(pass(name, `the answer contains ${quote(wanted)}`));
        else
            results.push(fail(name, `the answer does not contain ${quote(wanted)}`));
    }
    for (const unwanted of expect.notContains) {
        const name = `notContains ${quote(unwanted)}`;
        const found = noText ? undefined : findText(texts, unwanted);
        if (noText)
            results.push(fail(name, noText));
        else if (found)
            results.push(fail(name, `the answer contains ${quote(unwanted)}: ${quote(found)}`));
        else
            results.push(pass(name, `the answer does not contain ${quote(unwanted)}`));
    }
    for (const pattern of expect.matches) {
        const name = `matches ${showPattern(pattern)}`;
        const match = noText ? undefined : firstMatch(texts, pattern);
        if (noText)
            results.push(fail(name, noText));
        else if (match !== undefined)
            results.push(pass(name, `the answer matches: ${quote(match)}`));
        else
            results.push(fail(name, `the answer does not match ${showPattern(pattern)}`));
    }
    for (const pattern of expect.notMatches) {
        const name = `notMatches ${showPattern(pattern)}`;
        const match = noText ? undefined : firstMatch(texts, pattern);
        if (noText)
            results.push(fail(name, noText));
        else if (match !== undefined)
            results.push(fail(name, `the answer matches ${showPattern(pattern)}: ${quote(match)}`));
        else
            results.push(pass(name, `the answer does not match ${showPattern(pattern)}`));
    }
    if (expect.topic !== undefined)
        results.push(checkTopic(expect.topic, outcome));
    if (expect.fields.length > 0)
        results.push(checkFields(expect.fields, outcome));
    if (expect.rowCount)
        results.push(checkRowCount(expect, expect.rowCount, outcome));
    for (const value of expect.values)
        results.push(checkValue(expect, value, outcome));
    return results;
}
/** True when every expectation passed. */
function allPassed(results) {
    return results.every((r) => r.passed);
}
function checkState(expect, outcome) {
    const wanted = expect.state ?? ['COMPLETE'];
    const name = wanted.length === 1 ? `state ${wanted[0]}` : `state ${wanted.join('|')}`;
    if (wanted.includes(outcome.state))
        return pass(name, `the job ended ${outcome.state}`);
    return fail(name, `the job ended ${outcome.state}, expected ${wanted.join(' or ')}${why(outcome)}`);
}
function why(outcome) {
    switch (outcome.state) {
        case 'FAILED':
            return `: ${(0,lib_text/* oneLine */.TN)(outcome.error.message, 200)}`;
        case 'TIMEOUT':
            return ` after ${outcome.timeoutSeconds} s (last state ${outcome.lastState})`;
        case 'CANCELLED':
            return outcome.cancelledBy === 'workflow' ? ' (the workflow run was cancelled)' : ' (cancelled in Omni)';
        default:
            return '';
    }
}
function checkTopic(topic, outcome) {
    const name = `topic ${topic}`;
    const used = outcome.topicName ?? (outcome.state === 'COMPLETE' ? outcome.result?.topic : undefined);
    if (!used)
        return fail(name, `Omni reported no topic${outcome.state === 'COMPLETE' ? '' : ` (the job ended ${outcome.state})`}`);
    if (used === topic)
        return pass(name, `the answer used topic ${topic}`);
    return fail(name, `the answer used topic ${used}, expected ${topic}`);
}
function checkFields(fields, outcome) {
    const name = 'fields';
    const missingData = dataMissing(outcome);
    if (missingData)
        return fail(name, missingData);
    const used = (0,suite_cells/* fieldsUsed */.nf)((0,suite_cells/* queriesOf */.yF)(outcome));
    const missing = fields.filter((field) => !used.includes(field));
    if (missing.length === 0)
        return pass(name, `the queries use ${fields.join(', ')}`);
    const seen = used.length > 0 ? `fields used: ${list(used, 8)}` : 'the queries name no fields';
    return fail(name, `the queries do not use ${missing.join(', ')} (${seen})`);
}
function checkRowCount(expect, range, outcome) {
    const name = `rowCount ${showRange(range)}`;
    const missingData = dataMissing(outcome);
    if (missingData)
        return fail(name, missingData);
    const { query, why: noQuery } = (0,suite_cells/* selectQuery */.Z1)((0,suite_cells/* queriesOf */.yF)(outcome), expect.query);
    if (!query)
        return fail(name, noQuery ?? 'no query');
    const rows = query.totalRowCount;
    const label = `${query.name}: ${(0,suite_cells/* formatNumber */.ZV)(rows)} row${rows === 1 ? '' : 's'}`;
    if (inRange(rows, range))
        return pass(name, label);
    return fail(name, `${label}, expected ${describeRange(range)}`);
}
function checkValue(expect, value, outcome) {
    const name = `value ${value.column}[${value.row}]`;
    const missingData = dataMissing(outcome);
    if (missingData)
        return fail(name, missingData);
    const { query, why: noQuery } = (0,suite_cells/* selectQuery */.Z1)((0,suite_cells/* queriesOf */.yF)(outcome), expect.query);
    if (!query)
        return fail(name, noQuery ?? 'no query');
    const data = (0,suite_cells/* queryData */.VR)(query);
    const column = (0,suite_cells/* findColumn */.kn)(data.header, value.column);
    if (column < 0) {
        const what = typeof value.column === 'number' ? `column ${value.column} (counted from 0)` : `column '${value.column}'`;
        return fail(name, `${query.name} has no ${what}; columns: ${list(data.header, 10)}`);
    }
    const row = data.rows[value.row];
    if (!row)
        return fail(name, `${query.name} has no row ${value.row + 1} (index ${value.row} counts from 0) among the ${data.rows.length} rows fetched`);
    const header = data.header[column] ?? String(column);
    const cell = row[column] ?? '';
    const where = `${header} in row ${value.row + 1} is ${quote(cell)}`;
    if (typeof value.equals === 'string') {
        if (cell.trim().toLowerCase() === value.equals.trim().toLowerCase())
            return pass(name, where);
        return fail(name, `${where}, expected ${quote(value.equals)}`);
    }
    const number = (0,suite_cells/* parseNumber */.$J)(cell);
    if (number === undefined)
        return fail(name, `${where}, not a number`);
    const range = value.equals !== undefined ? { min: value.equals, max: value.equals } : value;
    if (inRange(number, range))
        return pass(name, where);
    return fail(name, `${where}, expected ${describeRange(range)}`);
}
/** Why an outcome has no data to check, or undefined when it has. */
function dataMissing(outcome) {
    if (outcome.state !== 'COMPLETE')
        return `no data to read: the job ended ${outcome.state}`;
    if (!outcome.result)
        return `no data to read: the result could not be fetched${outcome.resultError ? ` (${(0,lib_text/* oneLine */.TN)(outcome.resultError, 120)})` : ''}`;
    return undefined;
}
function textsOf(outcome) {
    if (outcome.state === 'FAILED')
        return [outcome.error.message, outcome.error.detail ?? ''].filter((t) => t.trim() !== '');
    return (0,suite_cells/* answerTexts */.lu)(outcome);
}
/** Case and spacing do not matter: the answer's wording does. Returns the passage found. */
function findText(texts, wanted) {
    const needle = normalise(wanted);
    for (const text of texts) {
        const flat = text.replace(/\s+/g, ' ').trim();
        const at = flat.toLowerCase().indexOf(needle);
        if (at >= 0)
            return snippet(flat, at, needle.length);
    }
    return undefined;
}
function normalise(text) {
    return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
function firstMatch(texts, pattern) {
    const regex = new RegExp(pattern.source, pattern.flags);
    for (const text of texts) {
        const match = regex.exec(text);
        if (match)
            return (0,lib_text/* oneLine */.TN)(match[0], SnippetChars * 2);
    }
    return undefined;
}
function snippet(text, at, length) {
    const start = Math.max(0, at - SnippetChars);
    const end = Math.min(text.length, at + length + SnippetChars);
    return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
function inRange(value, range) {
    return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}
function showRange(range) {
    if (range.min !== undefined && range.min === range.max)
        return (0,suite_cells/* formatNumber */.ZV)(range.min);
    if (range.min !== undefined && range.max !== undefined)
        return `${(0,suite_cells/* formatNumber */.ZV)(range.min)}–${(0,suite_cells/* formatNumber */.ZV)(range.max)}`;
    if (range.min !== undefined)
        return `≥ ${(0,suite_cells/* formatNumber */.ZV)(range.min)}`;
    return `≤ ${(0,suite_cells/* formatNumber */.ZV)(range.max ?? 0)}`;
}
function describeRange(range) {
    if (range.min !== undefined && range.min === range.max)
        return (0,suite_cells/* formatNumber */.ZV)(range.min);
    if (range.min !== undefined && range.max !== undefined)
        return `between ${(0,suite_cells/* formatNumber */.ZV)(range.min)} and ${(0,suite_cells/* formatNumber */.ZV)(range.max)}`;
    if (range.min !== undefined)
        return `at least ${(0,suite_cells/* formatNumber */.ZV)(range.min)}`;
    return `at most ${(0,suite_cells/* formatNumber */.ZV)(range.max ?? 0)}`;
}
function showPattern(pattern) {
    return `/${(0,lib_text/* oneLine */.TN)(pattern.source, 60)}/${pattern.flags}`;
}
function quote(text) {
    return `"${(0,lib_text/* oneLine */.TN)(text, SnippetChars * 3)}"`;
}
function list(items, max) {
    if (items.length === 0)
        return '(none)';
    const shown = items.slice(0, max).join(', ');
    return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
function pass(name, message) {
    return { name, passed: true, message };
}
function fail(name, message) {
    return { name, passed: false, message };
}

// EXTERNAL MODULE: ./src/job/runner.ts + 2 modules
var runner = __webpack_require__(7999);
// EXTERNAL MODULE: ./src/omni/errors.ts
var errors = __webpack_require__(6146);
// EXTERNAL MODULE: ./src/job/state.ts
var state = __webpack_require__(90);
// EXTERNAL MODULE: ./src/omni/request-budget.ts
var request_budget = __webpack_require__(5328);
;// CONCATENATED MODULE: ./src/suite/request-gate.ts


/** The request budget's window: the gate mirrors the budget's bookkeeping. */
const WindowMs = request_budget/* BudgetWindowMs */.a;
/** How long a found result may wait for a slot that is about to come back. */
const ResultSlotWaitMs = 2_000;
/** A check goes without spending spare slots once its job is at least this likely done. */
const LikelyDone = 0.5;
/** Before any job of the suite is seen done: the age of the first probe, and how much older each next one is. */
const FirstProbeAgeMs = 10_000;
const ProbeGrowth = 2;
/** At most one probe for each this many spare slots (and always one). */
const ProbeShareOfSpare = 4;
/** Minimum time between two status checks of one job with `inFlight` jobs polling. */
function pollIntervalMs(inFlight, requestsPerMinute, minimumMs = state/* PollIntervalMinMs */.dP) {
    return Math.max(minimumMs, Math.ceil((inFlight * WindowMs) / requestsPerMinute));
}
const Priority = { urgent: 0, result: 1, create: 2, poll: 3 };
/**
 * Hands out the budget's slots by priority (see scheduler.ts), and decides when a status
 * poll is worth a slot.
 *
 * A slot used now is unusable for the next 61 s. The requests the suite still owes for certain
 * (`owed`: per job not yet created a creation, a final status check and a result; per job in
 * flight a final check and a result, or only the result while a check is on its way; per
 * finished job its result) can all have started by `budgetFinishMs`, the earliest time the
 * budget allows. A poll that may find the job still running is let through when it cannot move
 * that time:
 * - when its slot comes back before that time (now + 61 s ≤ budgetFinishMs): the budget, not
 *   Omni, decides the end. Each job is then checked at most every inFlight × 61 s / R, and at
 *   least as soon as a window has passed since its last check: a slot that comes back finds the
 *   oldest jobs done and checks them at once, instead of idling while a fair share of the budget
 *   per job (100 jobs at 60 a minute: 100 s) runs out;
 * - when every owed request fits in the slots free now: Omni decides the end, and the slots
 *   beyond what is owed pay for checks that find a job still running, spread over the next
 *   minute (each job at most every inFlight × 61 s / (spare + inFlight));
 * - whenever a job is likely done: Omni's status tells how long each finished job of the suite
 *   took (`completedAt − createdAt`), and a check that finds a job running tells that it takes
 *   longer; from both (`JobDurations`, Kaplan–Meier) a job at least half likely done is checked
 *   without waiting for its fair share of the budget (12 jobs of 8 s at 20 a minute: at 10 s,
 *   not at 36.6 s);
 * - before any job is seen done, one job at a time is probed at growing ages (10, 20, 40 s…),
 *   at most one probe per four spare slots: a probe that finds its job running costs a slot for
 *   61 s, and at small budgets the first minute's few spare slots must still find jobs done, or
 *   the last results spill into a third minute.
 * Every check on its way may find its job done and need a slot for the result: checks go out
 * only while, after this one, each check on its way has a slot for its result (free now, or
 * back within 2 s). A burst of checks that took every slot would leave the results it finds for
 * the next window, and the checks that found jobs still running for the one after.
 */
class RequestGate {
    budget;
    clock;
    minPollMs;
    waiting = [];
    /** Start times of the requests let through in the last minute (our own view of the budget). */
    granted = [];
    jobs = new Set();
    timer;
    seq = 0;
    unstarted = 0;
    /** Status checks let through and not answered yet: each may find its job done and need a slot for the result. */
    checking = 0;
    /** How long the suite's finished jobs took in Omni. */
    durations = new JobDurations();
    /** The greatest age at which a check found a job of the suite still running. */
    longestRunningAgeMs = 0;
    constructor(budget, clock, minPollMs) {
        this.budget = budget;
        this.clock = clock;
        this.minPollMs = minPollMs;
    }
    /** Jobs of the suite not yet tracked (waiting for a free place under the concurrency limit). */
    setUnstarted(count) {
        this.unstarted = count;
    }
    track(key) {
        const job = {
            key,
            notCreated: true,
            inFlight: false,
            needsResult: false,
            lastCheckMs: this.clock.now(),
            createdMs: this.clock.now(),
            runningAgeMs: 0,
            speculative: false,
            polls: 0,
            checking: false,
            cancelling: false,
            createGranted: false,
        };
        this.jobs.add(job);
        return job;
    }
    finished(job) {
        this.jobs.delete(job);
        this.pump();
    }
    created(job) {
        job.inFlight = true;
        job.lastCheckMs = this.clock.now();
        job.createdMs = job.lastCheckMs;
        this.pump();
    }
    /** A status check was answered (or failed): the slot kept for its result is free again. */
    answered(job) {
        if (!job.checking)
            return;
        job.checking = false;
        job.speculative = false;
        this.checking--;
        this.pump();
    }
    /** What a status check found; the check was let through at `job.lastCheckMs`. */
    observed(job, status) {
        const now = this.clock.now();
        const startedAge = job.lastCheckMs - job.createdMs;
        job.lastCheckMs = now;
        if ((0,state/* isTerminal */.Hd)(status.state)) {
            // Only answers tell how long answering takes: a job that failed (a bad prompt, a refused
            // model) may end at once and would make the others look done long before they are.
            if (job.inFlight && status.state === 'COMPLETE')
                this.durations.learn(jobDurationMs(status) ?? now - job.createdMs);
            job.inFlight = false;
            job.needsResult = status.state === 'COMPLETE';
        }
        else if (job.inFlight) {
            job.runningAgeMs = Math.max(job.runningAgeMs, startedAge);
            this.longestRunningAgeMs = Math.max(this.longestRunningAgeMs, startedAge);
        }
        this.pump();
    }
    acquire(kind, job, signal) {
        return new Promise((resolve, reject) => {
            if (signal?.aborted) {
                reject(signal.reason);
                return;
            }
            const onAbort = () => {
                this.remove(ticket);
                reject(signal?.reason);
                this.pump();
            };
            const ticket = {
                kind,
                job,
                seq: this.seq++,
                grant: () => {
                    signal?.removeEventListener('abort', onAbort);
                    resolve();
                },
                refuse: (reason) => {
                    signal?.removeEventListener('abort', onAbort);
                    reject(reason);
                },
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.waiting.push(ticket);
            this.pump();
        });
    }
    /** Refuses every creation still waiting (Omni refuses them all anyway). */
    refuseCreates(reason) {
        for (const ticket of this.waiting.filter((t) => t.kind === 'create')) {
            this.remove(ticket);
            ticket.refuse(reason);
        }
        this.pump();
    }
    close() {
        this.timer?.abort();
        this.timer = undefined;
    }
    remove(ticket) {
        const index = this.waiting.indexOf(ticket);
        if (index >= 0)
            this.waiting.splice(index, 1);
    }
    /** Lets through every request that may go now, then sleeps until the next one might. */
    pump() {
        const now = this.clock.now();
        this.forget(now);
        while (this.roomWaitMs(now) === 0) {
            const ticket = this.next(now);
            if (!ticket)
                break;
            this.remove(ticket);
            this.granted.push(now);
            const { job } = ticket;
            if (ticket.kind === 'create')
                job.notCreated = false;
            if (ticket.kind === 'result')
                job.needsResult = false;
            if (ticket.kind === 'poll' || (ticket.kind === 'urgent' && job.inFlight))
                job.lastCheckMs = now;
            if (ticket.kind === 'poll') {
                job.checking = true;
                this.checking++;
            }
            ticket.grant();
        }
        this.sleepUntilNext(now);
    }
    /** The most urgent ticket that may go now. */
    next(now) {
        let best;
        let plan;
        // Every check on its way may find its job done: after this one, keep a slot for each one's
        // result (free now or back within seconds), so that a burst of checks cannot leave the
        // results it finds waiting for the next window. A budget of one request a minute has no
        // second slot to keep: its checks go one at a time.
        const keptForThisOne = this.budget.perMinute > 1 ? 1 : 0;
        const roomForChecks = this.budget.perMinute - this.granted.length + this.returningWithin(now, ResultSlotWaitMs) > this.checking + keptForThisOne;
        for (const ticket of this.waiting) {
            if (ticket.kind === 'poll') {
                if (!roomForChecks)
                    continue;
                plan ??= this.pollPlan(now);
                if (plan.dueMs(ticket.job) > now)
                    continue;
                if (best?.kind === 'poll' && plan.likely(best.job) && !plan.likely(ticket.job))
                    continue;
                if (best?.kind === 'poll' && !plan.likely(best.job) && plan.likely(ticket.job)) {
                    best = ticket;
                    continue;
                }
            }
            if (!best || before(ticket, best))
                best = ticket;
        }
        if (best?.kind === 'poll' && plan && !plan.likely(best.job))
            best.job.speculative = true;
        return best;
    }
    /** When each job in flight may be checked next, from what the suite's jobs told so far. */
    pollPlan(now) {
        const limit = this.budget.perMinute;
        const censored = [];
        let speculating = 0;
        let probed = 0;
        for (const job of this.jobs) {
            if (job.runningAgeMs > 0)
                probed++;
            if (job.inFlight && job.runningAgeMs > 0)
                censored.push(job.runningAgeMs);
            if (job.checking && job.speculative)
                speculating++;
        }
        const survival = this.durations.survival(censored);
        // Checks on their way may each find the job running and owe it again.
        const owedIfRunning = this.owed(true);
        const finish = budgetFinishMs(now, this.granted, limit, owedIfRunning);
        const spare = usesBy(now, finish, this.granted, limit) - owedIfRunning;
        const budgetBound = now + WindowMs <= budgetFinishMs(now, this.granted, limit, this.owed(false));
        const inFlight = this.inFlight();
        const fairMs = Math.min(WindowMs, pollIntervalMs(inFlight, limit, this.minPollMs));
        // Whatever the jobs told: no job waits more than a window between checks.
        const spreadMs = pollIntervalMs(inFlight, Math.max(0, spare) + inFlight, this.minPollMs);
        const learned = this.durations.count > 0;
        const likelyAge = new Map();
        const likelyAgeOf = (job) => {
            let age = likelyAge.get(job);
            if (age === undefined) {
                age = survival.likelyDoneAgeMs(job.runningAgeMs, LikelyDone);
                likelyAge.set(job, age);
            }
            return age;
        };
        const ladderAgeMs = (job) => {
            if (!learned) {
                // Probes that find jobs running spend the spare; keep most of it for the checks and
                // results that will find jobs done (at 20 a minute, 12 jobs leave room for one probe).
                if (probed >= Math.max(1, Math.floor(spare / ProbeShareOfSpare)))
                    return Number.POSITIVE_INFINITY;
                // One probe per age, each of another job: the oldest job may be the longest.
                const rung = Math.max(FirstProbeAgeMs, ProbeGrowth * this.longestRunningAgeMs);
                return job.runningAgeMs > 0 && job.runningAgeMs * ProbeGrowth >= rung ? Number.POSITIVE_INFINITY : rung;
            }
            if (job.runningAgeMs > 0)
                return Math.max(job.runningAgeMs + this.minPollMs, ProbeGrowth * job.runningAgeMs);
            return Math.max(FirstProbeAgeMs, this.durations.shortestMs());
        };
        const maySpeculate = spare > 0 && (learned || speculating === 0);
        return {
            likely: (job) => now - job.createdMs >= likelyAgeOf(job),
            dueMs: (job) => {
                let due = job.createdMs + likelyAgeOf(job);
                due = Math.min(due, job.lastCheckMs + (budgetBound ? fairMs : spreadMs));
                if (maySpeculate)
                    due = Math.min(due, job.createdMs + ladderAgeMs(job));
                return Math.max(due, job.lastCheckMs + this.minPollMs);
            },
        };
    }
    inFlight() {
        let count = 0;
        for (const job of this.jobs)
            if (job.inFlight)
                count++;
        return count;
    }
    /** Requests the suite still needs for certain (see the class comment); `ifRunning`: as if every check on its way finds its job running. */
    owed(ifRunning) {
        let owed = 3 * this.unstarted;
        for (const job of this.jobs) {
            if (job.notCreated)
                owed += 3;
            // A check on its way has its slot already: only the result may still be owed.
            else if (job.inFlight)
                owed += job.checking && !ifRunning ? 1 : 2;
            else if (job.needsResult)
                owed += 1;
        }
        return owed;
    }
    /** 0 when a request may start now, else how long until one may. */
    roomWaitMs(now) {
        const limit = this.budget.perMinute;
        const ours = this.granted.length >= limit ? this.granted[this.granted.length - limit] + WindowMs - now : 0;
        return Math.max(ours, this.budget.waitMs(), 0);
    }
    sleepUntilNext(now) {
        this.timer?.abort();
        this.timer = undefined;
        if (this.waiting.length === 0)
            return;
        let wait = this.roomWaitMs(now);
        if (wait === 0) {
            // Room, but only polls wait: until the earliest is due, or until a slot in use comes back
            // (more free slots may let polls go sooner).
            const plan = this.pollPlan(now);
            const due = Math.min(...this.waiting.map((t) => plan.dueMs(t.job)));
            const expiry = this.granted.length > 0 ? this.granted[0] + WindowMs : Number.POSITIVE_INFINITY;
            wait = (due > now ? Math.min(due, expiry) : expiry) - now;
            if (!Number.isFinite(wait))
                return;
        }
        const timer = new AbortController();
        this.timer = timer;
        this.clock.sleep(Math.max(1, wait), timer.signal).then(() => {
            if (this.timer === timer) {
                this.timer = undefined;
                this.pump();
            }
        }, () => undefined);
    }
    /** Slots in use that come back within `ms`. */
    returningWithin(now, ms) {
        let count = 0;
        for (const start of this.granted) {
            if (start + WindowMs > now + ms)
                break;
            count++;
        }
        return count;
    }
    forget(now) {
        while (this.granted.length > 0 && this.granted[0] <= now - WindowMs)
            this.granted.shift();
    }
}
/**
 * The earliest time by which `owed` more requests can all have started: slots free now count at
 * `now`, each slot in use comes back 60 s after its request started, and every slot serves again
 * 60 s after each use.
 */
function budgetFinishMs(now, startedInWindow, perMinute, owed) {
    if (owed <= 0)
        return now;
    const free = Math.max(0, perMinute - startedInWindow.length);
    const slot = (owed - 1) % perMinute;
    const rounds = Math.floor((owed - 1) / perMinute);
    const base = slot < free ? now : startedInWindow[startedInWindow.length - perMinute + slot] + WindowMs;
    return Math.max(now, base) + rounds * WindowMs;
}
/** How many requests can start from `now` up to and including `until`, each slot serving once per window. */
function usesBy(now, until, startedInWindow, perMinute) {
    if (until < now)
        return 0;
    const free = Math.max(0, perMinute - startedInWindow.length);
    let uses = free * (1 + Math.floor((until - now) / WindowMs));
    for (const start of startedInWindow.slice(-perMinute)) {
        const back = Math.max(now, start + WindowMs);
        if (back <= until)
            uses += 1 + Math.floor((until - back) / WindowMs);
    }
    return uses;
}
/** How long the job took in Omni, from its own timestamps; undefined when they do not say. */
function jobDurationMs(status) {
    if (!status.completedAt)
        return undefined;
    const ms = Date.parse(status.completedAt) - Date.parse(status.createdAt);
    return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
/**
 * The durations of the suite's finished jobs. Jobs of one suite share a model and similar
 * prompts, so what the first ones took tells when the others are likely done; a job seen
 * running at some age only tells that it takes longer (a censored observation, Kaplan–Meier).
 */
class JobDurations {
    seen = [];
    get count() {
        return this.seen.length;
    }
    learn(ms) {
        const at = this.seen.findIndex((other) => other > ms);
        this.seen.splice(at < 0 ? this.seen.length : at, 0, ms);
    }
    shortestMs() {
        return this.seen[0] ?? Number.POSITIVE_INFINITY;
    }
    /** The survival curve, given the ages at which the jobs still running were last seen running. */
    survival(runningAges) {
        const censored = [...runningAges].sort((a, b) => a - b);
        const steps = [];
        let surviving = 1;
        let censoredBelow = 0;
        for (let index = 0; index < this.seen.length;) {
            const age = this.seen[index];
            let ended = 0;
            while (index + ended < this.seen.length && this.seen[index + ended] === age)
                ended++;
            while (censoredBelow < censored.length && censored[censoredBelow] < age)
                censoredBelow++;
            const atRisk = this.seen.length - index + censored.length - censoredBelow;
            surviving *= 1 - ended / atRisk;
            steps.push({ ageMs: age, surviving });
            index += ended;
        }
        return new Survival(steps);
    }
}
/** The share of jobs still running at each age (a step function). */
class Survival {
    steps;
    constructor(steps) {
        this.steps = steps;
    }
    at(ageMs) {
        let surviving = 1;
        for (const step of this.steps) {
            if (step.ageMs > ageMs)
                break;
            surviving = step.surviving;
        }
        return surviving;
    }
    /**
     * The youngest age at which a job seen running at `runningAgeMs` is done with probability at
     * least `probability`; infinite when no finished job took longer than it ran already.
     */
    likelyDoneAgeMs(runningAgeMs, probability) {
        const from = this.at(runningAgeMs);
        if (from <= 0)
            return Number.POSITIVE_INFINITY;
        for (const step of this.steps) {
            if (step.ageMs <= runningAgeMs)
                continue;
            if (step.surviving / from <= 1 - probability)
                return step.ageMs;
        }
        return Number.POSITIVE_INFINITY;
    }
}
function before(a, b) {
    if (Priority[a.kind] !== Priority[b.kind])
        return Priority[a.kind] < Priority[b.kind];
    if (a.kind === 'poll' && a.job.lastCheckMs !== b.job.lastCheckMs)
        return a.job.lastCheckMs < b.job.lastCheckMs;
    return a.seq < b.seq;
}
/** The client seen by one job's runner: every request waits for the gate first. */
function gatedApi(api, gate, job) {
    const signalOf = (options) => options?.signal;
    return {
        async createJob(body, options) {
            if (job.createGranted)
                job.createGranted = false;
            else
                await gate.acquire('create', job, signalOf(options));
            const created = await api.createJob(body, options);
            gate.created(job);
            return created;
        },
        async getJob(jobId, options) {
            await gate.acquire(job.cancelling ? 'urgent' : 'poll', job, signalOf(options));
            job.polls++;
            try {
                const status = await api.getJob(jobId, options);
                gate.observed(job, status);
                return status;
            }
            finally {
                gate.answered(job);
            }
        },
        async cancelJob(jobId, options) {
            job.cancelling = true;
            await gate.acquire('urgent', job, signalOf(options));
            return api.cancelJob(jobId, options);
        },
        async downloadResult(jobId, file, options) {
            await gate.acquire('result', job, signalOf(options));
            return api.downloadResult(jobId, file, options);
        },
        async listModels(query, options) {
            await gate.acquire('urgent', job, signalOf(options));
            return api.listModels(query, options);
        },
    };
}

;// CONCATENATED MODULE: ./src/suite/scheduler.ts





/**
 * How many jobs may be in flight. In a saturated budget each job costs about three requests per
 * round (create, poll, result), so with `c` jobs in flight a job waits up to `3c × 60 s / rpm`
 * between its own requests. Keeping that within half the timeout leaves every job time to be
 * seen finishing: c ≤ timeout × rpm / 360 s.
 */
function defaultConcurrency(requestsPerMinute, timeoutMs) {
    return Math.max(1, Math.floor((timeoutMs * requestsPerMinute) / (6 * request_budget/* BudgetWindowMs */.a)));
}
/** Runs every job; resolves when all have finished (or were skipped), in the order given. */
async function runScheduled(options) {
    const run = options.runJob ?? runner/* runJob */.b;
    const minPollMs = options.minPollIntervalMs ?? state/* PollIntervalMinMs */.dP;
    const gate = new RequestGate(options.budget, options.clock, minPollMs);
    const cap = Math.max(1, options.maxConcurrency ?? defaultConcurrency(options.budget.perMinute, options.timeoutMs));
    const runs = new Map();
    const lanes = planLanes(options.jobs);
    const breaker = new CreateBreaker();
    let active = 0;
    let wakeUp = () => undefined;
    let unstarted = options.jobs.length;
    gate.setUnstarted(unstarted);
    const runOne = async (job) => {
        gate.setUnstarted(--unstarted);
        const skip = (reason) => runs.set(job.key, { kind: 'skipped', key: job.key, reason });
        const why = breaker.reason() ?? (options.signal?.aborted ? 'the workflow run was cancelled' : undefined);
        if (why) {
            skip(why);
            return;
        }
        const tracked = gate.track(job.key);
        try {
            try {
                await gate.acquire('create', tracked, options.signal);
            }
            catch {
                skip(breaker.reason() ?? 'the workflow run was cancelled');
                return;
            }
            tracked.createGranted = true;
            const runOptions = {
                api: gatedApi(options.api, gate, tracked),
                request: job.request,
                timeoutMs: options.timeoutMs,
                clock: options.clock,
                // The gate holds each poll until it is due; the runner only keeps Omni's minimum spacing.
                pollDelayMs: () => minPollMs,
                resultDir: options.resultDir,
            };
            if (options.userId)
                runOptions.userId = options.userId;
            if (options.extra)
                runOptions.extra = options.extra;
            if (options.signal)
                runOptions.signal = options.signal;
            if (options.onEvent) {
                const onEvent = options.onEvent;
                runOptions.onEvent = (event) => onEvent(job.key, event);
            }
            try {
                const outcome = await run(runOptions);
                runs.set(job.key, { kind: 'ran', key: job.key, outcome, polls: tracked.polls });
                breaker.succeeded();
            }
            catch (error) {
                runs.set(job.key, { kind: 'error', key: job.key, error: error instanceof Error ? error.message : String(error), polls: tracked.polls });
                if (breaker.failed(error))
                    gate.refuseCreates(new Error(breaker.reason()));
            }
        }
        finally {
            gate.finished(tracked);
        }
    };
    const runLane = async (lane) => {
        for (const job of lane)
            await runOne(job);
    };
    // Lanes start in order, at most `cap` at a time; the gate orders their requests.
    const pending = [...lanes];
    const running = [];
    await new Promise((resolve) => {
        const fill = () => {
            while (active < cap && pending.length > 0) {
                const lane = pending.shift();
                active++;
                running.push(runLane(lane).finally(() => {
                    active--;
                    wakeUp();
                }));
            }
            if (active === 0 && pending.length === 0)
                resolve();
        };
        wakeUp = fill;
        fill();
    });
    await Promise.all(running);
    gate.close();
    return options.jobs.map((job) => runs.get(job.key));
}
/** Longest lanes first: a chain of jobs is the critical path of the suite. Stable otherwise. */
function planLanes(jobs) {
    const byLane = new Map();
    const keys = new Set();
    for (const job of jobs) {
        if (keys.has(job.key))
            throw new Error(`duplicate job key ${job.key}`);
        keys.add(job.key);
        const lane = job.lane ?? `job:${job.key}`;
        const list = byLane.get(lane);
        if (list)
            list.push(job);
        else
            byLane.set(lane, [job]);
    }
    return [...byLane.values()].map((lane, index) => ({ lane, index })).sort((a, b) => b.lane.length - a.lane.length || a.index - b.index).map((entry) => entry.lane);
}
/**
 * Stops starting jobs when Omni refuses every creation: a wrong key or model would otherwise
 * fail a hundred cases one by one, each costing a request.
 */
class CreateBreaker {
    succeededOnce = false;
    failures = 0;
    why;
    succeeded() {
        this.succeededOnce = true;
        this.failures = 0;
    }
    /** Returns true when the breaker opens. */
    failed(error) {
        if (this.why)
            return false;
        this.failures++;
        const message = error instanceof Error ? error.message : String(error);
        const fatal = error instanceof errors/* OmniApiError */._ && error.status === 401;
        if (fatal || (!this.succeededOnce && this.failures >= 3)) {
            this.why = `not started: Omni refused the earlier jobs (${message})`;
            return true;
        }
        return false;
    }
    reason() {
        return this.why;
    }
}

// EXTERNAL MODULE: ./src/suite/shard.ts
var shard = __webpack_require__(6404);
;// CONCATENATED MODULE: ./src/suite/run-suite.ts








const SharedSuffix = '@shared';
/** Loads `settings.promptsFile` and runs it (the leg's shard of it). */
async function runSuite(settings, deps) {
    if (!settings.promptsFile)
        throw new Error('promptsFile: suite mode needs a prompts file');
    const suite = await loadPromptsFile(settings.promptsFile);
    return runLoadedSuite(suite, settings, deps);
}
/**
 * The file's values are defaults: an input the workflow gives wins (so one suite file serves every
 * pull request, with `branchName: ${{ github.head_ref }}`). A branch counts as one setting: an
 * input naming a branch (by id or name) replaces the file's branch entirely.
 */
function suiteTarget(suite, settings) {
    const { defaults } = suite;
    const modelId = settings.modelId || defaults.modelId;
    if (!modelId)
        throw new Error(`modelId: set the modelId input, or modelId at the top of ${suite.file}`);
    const target = { modelId };
    const inputNamesBranch = settings.branchId !== undefined || settings.branchName !== undefined;
    const branchId = inputNamesBranch ? settings.branchId : defaults.branchId;
    const branchName = inputNamesBranch ? settings.branchName : defaults.branchName;
    if (branchId)
        target.branchId = branchId;
    if (branchName)
        target.branchName = branchName;
    const topicName = settings.topicName ?? defaults.topicName;
    if (topicName)
        target.topicName = topicName;
    return target;
}
async function runLoadedSuite(suite, settings, deps) {
    const log = deps.log ?? (() => undefined);
    const startedAt = (deps.now ?? (() => new Date()))();
    const startMs = deps.clock.now();
    const target = suiteTarget(suite, settings);
    if (settings.compareTo === 'shared' && !target.branchId && !target.branchName) {
        throw new Error(`compareTo: 'shared' compares a branch with the shared model, but no branch is set (branchId or branchName, as an input or in ${suite.file})`);
    }
    if (target.branchName && !target.branchId) {
        target.branchId = await (0,branch/* resolveBranchId */.S)(deps.api, target.modelId, target.branchName, deps.signal);
        log(`Branch '${target.branchName}' is ${target.branchId}`);
    }
    const cases = (0,shard/* selectShard */.Xm)(suite.cases, settings.shard);
    const compare = settings.compareTo === 'shared';
    const where = settings.shard ? ` (shard ${settings.shard.index}/${settings.shard.total})` : '';
    log(`Running ${cases.length} of ${suite.cases.length} cases from ${suite.file}${where}${compare ? ', each also on the shared model' : ''}, within ${deps.budget.perMinute} requests/min`);
    const jobs = cases.flatMap((testCase) => jobsOf(testCase, target, compare));
    const runs = await runScheduled({
        jobs,
        api: deps.api,
        budget: deps.budget,
        clock: deps.clock,
        timeoutMs: settings.timeoutSeconds * 1000,
        resultDir: deps.resultDir,
        ...(settings.userId ? { userId: settings.userId } : {}),
        ...(settings.webhook ? { extra: (0,action_settings/* webhookFields */.r)(settings) } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.runJob ? { runJob: deps.runJob } : {}),
        ...(deps.maxConcurrency ? { maxConcurrency: deps.maxConcurrency } : {}),
        ...(deps.minPollIntervalMs !== undefined ? { minPollIntervalMs: deps.minPollIntervalMs } : {}),
        onEvent: (key, event) => {
            deps.onEvent?.(key, event);
            if (event.kind === 'finished')
                log(`${key}: ${event.outcome.state} after ${Math.round(event.outcome.timings.waitedMs / 1000)} s`);
        },
    });
    const byKey = new Map(runs.map((run) => [run.key, run]));
    const caseReports = cases.map((testCase) => {
        const run = byKey.get(testCase.id);
        const shared = compare ? byKey.get(testCase.id + SharedSuffix) : undefined;
        const report = caseReport(testCase, run, shared, settings);
        if (settings.shard)
            report.shard = settings.shard.index;
        return report;
    });
    const reportTarget = { modelId: target.modelId };
    if (target.branchId)
        reportTarget.branchId = target.branchId;
    if (target.branchName)
        reportTarget.branchName = target.branchName;
    if (compare)
        reportTarget.compareTo = 'shared';
    const durationMs = Math.round(deps.clock.now() - startMs);
    const report = {
        kind: ReportKind,
        version: ReportVersion,
        suite: { file: suite.file, fingerprint: suiteFingerprint(suite, reportTarget), cases: suite.cases.length },
        target: reportTarget,
        requestsPerMinute: deps.budget.perMinute,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
        durationMs,
        totals: totalsOf(caseReports),
        cases: caseReports,
    };
    if (settings.shard)
        report.shard = settings.shard;
    if (deps.workflowRun)
        report.workflowRun = deps.workflowRun;
    for (const testCase of caseReports)
        for (const line of verdictLines(testCase))
            log(line);
    const { passed, failed, errors, skipped, changed } = report.totals;
    log(`Suite: ${passed} passed, ${failed} failed, ${errors} errors, ${skipped} skipped${compare ? `, ${changed} changed vs shared` : ''}`);
    return report;
}
function jobsOf(testCase, target, compare) {
    const request = { prompt: testCase.prompt, modelId: target.modelId };
    const topicName = testCase.topicName ?? target.topicName;
    if (topicName)
        request.topicName = topicName;
    if (testCase.conversationId)
        request.conversationId = testCase.conversationId;
    const shared = { ...request };
    if (target.branchId)
        request.branchId = target.branchId;
    if (target.branchName)
        request.branchName = target.branchName;
    const lane = testCase.conversationId ? { lane: `conversation:${testCase.conversationId}` } : {};
    const jobs = [{ key: testCase.id, request, ...lane }];
    if (compare)
        jobs.push({ key: testCase.id + SharedSuffix, request: shared, ...lane });
    return jobs;
}
function caseReport(testCase, run, shared, settings) {
    const report = {
        id: testCase.id,
        prompt: testCase.prompt,
        line: testCase.line,
        status: 'passed',
        expectations: [],
        run: runRecord(run),
    };
    if (shared)
        report.shared = runRecord(shared);
    const outcome = run.kind === 'ran' ? run.outcome : undefined;
    if (!outcome) {
        report.status = run.kind === 'error' ? 'error' : 'skipped';
    }
    else {
        report.expectations = evaluate(testCase, outcome);
        report.status = allPassed(report.expectations) ? 'passed' : 'failed';
        // Without a `state:` of its own, a case that did not complete is judged by failOn, as a single prompt is.
        if (report.status === 'failed' && !testCase.expect.state && outcome.state !== 'COMPLETE' && !settings.failOn.has(outcome.state)) {
            report.status = 'skipped';
            report.note = `ended ${outcome.state}, which failOn does not list: not judged`;
        }
    }
    if (outcome && shared?.kind === 'ran')
        report.diff = compareOutcomes(outcome, shared.outcome);
    return report;
}
function runRecord(run) {
    switch (run.kind) {
        case 'ran':
            return { kind: 'ran', outcome: boundOutcome(run.outcome), polls: run.polls };
        case 'error':
            return { kind: 'error', error: run.error, polls: run.polls };
        case 'skipped':
            return { kind: 'skipped', skipped: run.reason, polls: 0 };
    }
}
/**
 * What the step log says of a case that did not pass, so that the reason is in the log and not
 * only in the summary: why it could not run or was not judged, or its first failed expectation.
 */
function verdictLines(testCase) {
    const lines = [];
    const { run, shared } = testCase;
    if (run.kind === 'error')
        lines.push(`${testCase.id}: could not run: ${run.error}`);
    else if (run.kind === 'skipped')
        lines.push(`${testCase.id}: not run: ${run.skipped}`);
    else if (testCase.status === 'skipped')
        lines.push(`${testCase.id}: ${testCase.note ?? `ended ${run.outcome.state}: not judged`}`);
    else if (testCase.status === 'failed') {
        const failures = testCase.expectations.filter((e) => !e.passed);
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed expectation${failures.length === 2 ? '' : 's'})` : '';
        lines.push(`${testCase.id}: failed: ${failures[0].name}: ${failures[0].message}${more}`);
    }
    if (shared?.kind === 'error')
        lines.push(`${testCase.id}${SharedSuffix}: could not run on the shared model: ${shared.error}`);
    else if (shared?.kind === 'skipped')
        lines.push(`${testCase.id}${SharedSuffix}: not run on the shared model: ${shared.skipped}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/modes/suite.ts















/** promptsFile (or a single prompt with compareTo): run the cases, then publish the report. */
async function runSuiteMode(settings, deps) {
    const activeJobs = new state_helper/* ActiveJobs */.Hk();
    const run = workflowRun();
    const suiteDeps = {
        api: deps.api,
        clock: deps.clock,
        budget: deps.budget,
        signal: deps.signal,
        resultDir: deps.resultDir,
        ...(run ? { workflowRun: run } : {}),
        log: (line) => core/* info */.pq(line),
        onEvent: (key, event) => {
            if (event.kind === 'created')
                activeJobs.add(event.jobId);
            if (event.kind === 'finished' && (0,events/* surelyStopped */.Y)(event.outcome))
                activeJobs.remove(event.outcome.jobId);
            if (event.kind === 'status' || event.kind === 'cancelling')
                (0,events/* logEvent */.$)(event, settings, key);
        },
    };
    let report;
    try {
        report = 'promptsFile' in settings ? await runSuite(settings, suiteDeps) : await runLoadedSuite(promptCaseSuite(settings.promptCase, settings.topicName), settings, suiteDeps);
    }
    catch (error) {
        // One annotation on the file per problem; the step's error lists the first five as file:line:col lines.
        if (error instanceof PromptsFileError) {
            for (const problem of error.problems)
                core/* error */.z3(problem.message, { file: problem.file, startLine: problem.line, startColumn: problem.column });
        }
        throw error;
    }
    await publishSuite(settings, deps, report);
}
/** mode: merge — the legs' JSON reports become one comment, one summary, one JUnit file. */
async function runMergeMode(settings, deps) {
    const report = await mergeReportFiles(settings.reports, workflowRun());
    core/* info */.pq(`Merged ${report.mergedShards ?? 1} reports: ${report.cases.length} cases.`);
    await publishSuite(settings, deps, report);
}
async function publishSuite(settings, deps, report) {
    const files = await writeSuiteReports(report, deps.resultDir);
    const { passed, failed, errors } = report.totals;
    core/* setOutput */.uH(constants/* Outputs */.tY.Passed, String(passed));
    core/* setOutput */.uH(constants/* Outputs */.tY.Failed, String(failed + errors));
    core/* setOutput */.uH(constants/* Outputs */.tY.ReportFile, files.junit);
    core/* info */.pq(`Reports: ${(0,external_node_path_.relative)(process.cwd(), files.junit)} (JUnit), ${(0,external_node_path_.relative)(process.cwd(), files.json)} (JSON).`);
    const context = { ...(deps.place.runUrl ? { runUrl: deps.place.runUrl } : {}) };
    await (0,publish/* writeSummary */.S)(settings, renderSuiteSummary(report, context));
    // A leg of a sharded suite leaves the comment to the merge step, which sees every case.
    if (settings.shard)
        core/* info */.pq('Sharded run: the merge step posts the PR comment.');
    else if (!deps.signal.aborted)
        await (0,publish/* postComment */.G)(settings, deps.place, renderSuiteComment(report, context), deps.signal);
    if (suiteFailed(report))
        core/* setFailed */.C1((0,secrets/* redact */.E$)(`Prompt suite: ${failed} failed, ${errors} could not run, ${passed} passed (of ${report.cases.length}).`));
}
/** A single prompt compared with the shared model runs as a suite of one case. */
function promptCaseSuite(promptCase, topicName) {
    return {
        file: 'prompt',
        defaults: {},
        cases: [
            {
                id: 'prompt',
                prompt: promptCase.prompt,
                ...(topicName ? { topicName } : {}),
                ...(promptCase.conversationId ? { conversationId: promptCase.conversationId } : {}),
                expect: noExpectations(),
                line: 1,
            },
        ],
    };
}
/** The workflow run this step is part of, as the runner names it; undefined outside GitHub Actions. */
function workflowRun(env = process.env) {
    const id = env.GITHUB_RUN_ID?.trim();
    if (!id)
        return undefined;
    const attempt = Number(env.GITHUB_RUN_ATTEMPT);
    return { id, attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1 };
}
/**
 * Names of the report files in the result directory. Fixed, so that a workflow can upload
 * `${{ runner.temp }}/omni-ai-job/suite-report.json` from every leg without reading an output.
 */
const ReportFileNames = { json: 'suite-report.json', junit: 'suite-report.xml' };
/** Writes the JSON report (what `mode: merge` reads) and the JUnit report (`reportFile`) into `directory`. */
async function writeSuiteReports(report, directory) {
    await (0,promises_.mkdir)(directory, { recursive: true });
    const json = (0,external_node_path_.join)(directory, ReportFileNames.json);
    const junit = (0,external_node_path_.join)(directory, ReportFileNames.junit);
    await (0,promises_.writeFile)(json, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
    await (0,promises_.writeFile)(junit, renderJunit(report), 'utf8');
    return { json, junit };
}


/***/ })

};
