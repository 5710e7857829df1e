export const id = 884;
export const ids = [884];
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

/***/ 5884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSingle: () => (/* binding */ runSingle)
});

// UNUSED EXPORTS: failureMessage, jobRequest

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/job/state.ts
var state = __webpack_require__(90);
// EXTERNAL MODULE: ./src/job/runner.ts + 2 modules
var runner = __webpack_require__(7999);
// EXTERNAL MODULE: ./src/lib/log-text.ts
var log_text = __webpack_require__(3537);
// EXTERNAL MODULE: ./src/render/budget.ts
var budget = __webpack_require__(9519);
// EXTERNAL MODULE: ./src/render/parts.ts + 1 modules
var render_parts = __webpack_require__(3225);
// EXTERNAL MODULE: ./src/render/text.ts
var render_text = __webpack_require__(893);
;// CONCATENATED MODULE: ./src/render/job-report.ts



/**
 * Title, prompt, the answer (or why there is none), the queries behind it, the facts and the
 * links; within the style's size, queries giving way first.
 */
function renderJobReport(outcome, ctx, style) {
    const sections = [
        { text: `${style.heading} Omni AI answer · ${(0,render_parts/* stateBadge */.NG)(outcome.state)}`, required: true },
        { text: (0,render_parts/* promptQuote */.N4)(outcome.request.prompt, style.promptMaxChars), required: true },
    ];
    const explanation = (0,render_parts/* stateExplanation */.Je)(outcome);
    if (outcome.state !== 'COMPLETE' && explanation)
        sections.push({ text: explanation, required: true });
    if (outcome.state === 'COMPLETE') {
        const answer = (0,render_parts/* answerMarkdown */.cE)((0,render_parts/* answerText */.yy)(outcome), style.answerMaxSize, style.size.measure, style.answerCutNote);
        sections.push({ text: answer.markdown, required: true });
        if (explanation)
            sections.push({ text: explanation, required: true });
        const queries = outcome.result?.queries ?? [];
        if (outcome.result && style.queriesHeading)
            sections.push({ text: style.queriesHeading(queries.length), required: true });
        const main = (0,render_parts/* mainQueryIndex */.Iz)(queries);
        queries.forEach((query, index) => {
            const withRows = (maxRows, whole = false) => style.query(query, index, { ...style.table, maxRows }, index === main, whole);
            sections.push(querySection(withRows(style.table.maxRows, true), withRows, style.table.maxRows, style.size.measure));
        });
    }
    sections.push({ text: style.facts([...(0,render_parts/* requestFacts */.lu)(outcome, ctx.modelLabel), ...(0,render_parts/* timingFacts */.qR)(outcome)]), required: true }, { text: linksLine(outcome, ctx), required: true });
    const { text } = (0,budget/* fitToBudget */.c5)(sections, style.size, style.overflowNote);
    return `${text}\n`;
}
/**
 * A query's section: whole while it fits, else with half the rows, a quarter…, then without data;
 * left out when even that does not fit. `withRows(n)` is the query with at most n rows of data.
 */
function querySection(whole, withRows, maxRows, measure) {
    return {
        text: whole,
        shrink: (room) => {
            // Without data first: cheap, and if even that does not fit, nothing will.
            const bare = withRows(0);
            if (measure(bare) > room)
                return '';
            for (let rows = Math.floor(maxRows / 2); rows > 0; rows = Math.floor(rows / 2)) {
                const smaller = withRows(rows);
                if (measure(smaller) <= room)
                    return smaller;
            }
            return bare;
        },
    };
}
/** What an overflow note says of the queries: "2 queries left out, 1 query shortened". */
function queriesNotShown(omitted, shrunk) {
    return [omitted > 0 ? `${(0,render_text/* plural */.LS)(omitted, 'query', 'queries')} left out` : '', shrunk > 0 ? `${(0,render_text/* plural */.LS)(shrunk, 'query', 'queries')} shortened` : '']
        .filter(Boolean)
        .join(', ');
}
/** The links that close a job's report: its conversation in Omni, and the workflow run when known. */
function linksLine(outcome, ctx) {
    const links = [(0,render_parts/* link */.nf)('Open the conversation in Omni', outcome.omniChatUrl)];
    if (ctx.runUrl)
        links.push((0,render_parts/* link */.nf)('Workflow run', ctx.runUrl));
    return links.join(' · ');
}

;// CONCATENATED MODULE: ./src/render/comment.ts



/** Room under GitHub's limit for redaction, which may lengthen short secrets into "***". */
const PromptMaxChars = 1_000;
const AnswerMaxChars = 30_000;
const TableDefaults = { maxRows: 10, maxColumns: 12, maxCellChars: 100 };
/** Markdown for the PR comment, leaving room for the sticky marker the GitHub writer adds. */
function renderComment(outcome, ctx) {
    const size = (0,budget/* sizeWithin */.T_)(budget/* CommentSize */.tV, ctx.budget);
    const summaryLink = ctx.runUrl ? `the job summary of the ${(0,render_parts/* link */.nf)('workflow run', ctx.runUrl)}` : "the workflow run's job summary";
    return renderJobReport(outcome, ctx, {
        size,
        heading: '###',
        promptMaxChars: PromptMaxChars,
        answerMaxSize: Math.min(AnswerMaxChars, Math.floor(size.budget / 2)),
        answerCutNote: `_The answer was cut to fit in a comment; read it whole in ${summaryLink} or in Omni._`,
        table: { ...TableDefaults, maxRows: ctx.maxTableRows ?? TableDefaults.maxRows },
        query: queryBlock,
        facts: (lines) => (0,render_parts/* details */.zH)('Details', lines.join('\n')),
        overflowNote: (omitted, shrunk) => `_Not everything fit in this comment (${queriesNotShown(omitted, shrunk)}): see ${summaryLink}._`,
    });
}
/**
 * A query, folded; the one the answer rests on unfolded, with its chart beside its table when
 * the data makes one.
 */
function queryBlock(query, index, table, main) {
    const body = [];
    const fields = (0,render_parts/* queryFields */.Sd)(query, 10);
    if (fields)
        body.push(fields);
    const chart = main && table.maxRows > 0 ? (0,render_parts/* queryChart */.LJ)(query) : '';
    if (chart)
        body.push(chart);
    body.push(table.maxRows > 0 || query.status === 'error'
        ? (0,render_parts/* queryTable */.tA)(query, table).markdown
        : '_Data left out to keep the comment short; see the job summary._');
    return (0,render_parts/* details */.zH)(`${query.status === 'success' ? '✅' : '❌'} ${(0,render_parts/* queryTitle */.jO)(query, index)} · ${(0,render_parts/* queryRows */.Ym)(query)}`, body.join('\n\n'), chart !== '');
}

// EXTERNAL MODULE: ./src/render/markdown.ts + 1 modules
var markdown = __webpack_require__(1159);
;// CONCATENATED MODULE: ./src/render/summary.ts





/** Room left under GitHub's limit for what core.summary adds and for redaction. */
const summary_PromptMaxChars = 20_000;
/** The answer may take about half; the rest goes to the queries. */
const AnswerShare = 0.5;
const QueryJsonMaxChars = 8_000;
const summary_TableDefaults = { maxRows: 50, maxColumns: 40, maxCellChars: 200 };
/** Markdown for $GITHUB_STEP_SUMMARY: under 1 MiB of UTF-8 whatever the outcome holds. */
function renderSummary(outcome, ctx) {
    const size = (0,budget/* sizeWithin */.T_)(budget/* SummarySize */.ou, ctx.budget);
    return renderJobReport(outcome, ctx, {
        size,
        heading: '##',
        promptMaxChars: Math.min(summary_PromptMaxChars, Math.floor(size.budget / 16)),
        answerMaxSize: Math.floor(size.budget * AnswerShare),
        answerCutNote: `_The answer was cut to fit in the job summary; the whole answer is in Omni${outcome.state === 'COMPLETE' && outcome.resultFile ? ' and in the result file (the `resultFile` output)' : ''}._`,
        queriesHeading: (count) => (count > 0 ? `### Queries (${(0,render_text/* formatCount */.B4)(count)})` : '_No queries were run._'),
        table: { ...summary_TableDefaults, maxRows: ctx.maxTableRows ?? summary_TableDefaults.maxRows },
        query: summary_queryBlock,
        facts: (lines) => ['### Details', '', ...lines].join('\n'),
        overflowNote: (omitted, shrunk) => overflowNote(outcome, omitted, shrunk),
    });
}
/** Tables longer than this are folded: the chart and the first lines of the page stay in view. */
const UnfoldedRows = 10;
/** A query under its own heading; the semantic query only in the whole one: a shortened one keeps its room for data. */
function summary_queryBlock(query, index, table, main, whole) {
    const title = `${query.status === 'success' ? '' : '❌ '}${(0,render_parts/* queryTitle */.jO)(query, index)}${query.status === 'success' ? ` · ${(0,render_parts/* queryRows */.Ym)(query)}` : ''}`;
    const parts = [`#### ${(0,markdown/* escapeInline */.VV)(title)}`];
    const fields = (0,render_parts/* queryFields */.Sd)(query);
    if (fields)
        parts.push(fields);
    const chart = main && table.maxRows > 0 ? (0,render_parts/* queryChart */.LJ)(query) : '';
    if (chart)
        parts.push(chart);
    if (table.maxRows > 0 || query.status === 'error') {
        const data = (0,render_parts/* queryTable */.tA)(query, table);
        parts.push(data.rows > UnfoldedRows ? (0,render_parts/* details */.zH)(`Data · ${(0,render_text/* plural */.LS)(data.rows, 'row')}`, data.markdown) : data.markdown);
    }
    else {
        parts.push("_Data left out to keep the job summary under GitHub's size limit._");
    }
    if (whole && query.query) {
        const json = JSON.stringify(query.query, null, 2);
        if (json.length <= QueryJsonMaxChars)
            parts.push((0,render_parts/* details */.zH)('Semantic query', (0,markdown/* codeBlock */.DV)(json, 'json')));
    }
    return parts.join('\n\n');
}
function overflowNote(outcome, omitted, shrunk) {
    const where = outcome.state === 'COMPLETE' && outcome.resultFile
        ? 'the full result is in Omni and in the result file (the `resultFile` output)'
        : 'the full result is in Omni';
    return `**Not everything fit in the job summary** (GitHub's 1 MiB limit): ${queriesNotShown(omitted, shrunk)}; ${where}.`;
}

// EXTERNAL MODULE: ./src/github/outputs.ts
var outputs = __webpack_require__(8353);
// EXTERNAL MODULE: ./src/github/publish.ts + 2 modules
var publish = __webpack_require__(9973);
// EXTERNAL MODULE: ./src/lib/secrets.ts + 1 modules
var secrets = __webpack_require__(1315);
// EXTERNAL MODULE: ./src/action/settings.ts
var action_settings = __webpack_require__(9297);
// EXTERNAL MODULE: ./src/action/state-helper.ts
var state_helper = __webpack_require__(560);
// EXTERNAL MODULE: ./src/modes/events.ts
var events = __webpack_require__(6463);
// EXTERNAL MODULE: ./src/omni/branch.ts
var branch = __webpack_require__(805);
;// CONCATENATED MODULE: ./src/modes/single.ts













/** One prompt: create, wait, report. */
async function runSingle(settings, deps) {
    const request = await jobRequest(settings, deps);
    const activeJobs = new state_helper/* ActiveJobs */.Hk();
    const outcome = await (0,runner/* runJob */.b)({
        api: deps.api,
        request,
        extra: (0,action_settings/* webhookFields */.r)(settings),
        ...(settings.userId ? { userId: settings.userId } : {}),
        timeoutMs: settings.timeoutSeconds * 1000,
        clock: deps.clock,
        signal: deps.signal,
        resultDir: deps.resultDir,
        onEvent: (event) => {
            (0,events/* logEvent */.$)(event, settings);
            if (event.kind === 'created')
                activeJobs.add(event.jobId);
            if (event.kind === 'finished' && (0,events/* surelyStopped */.Y)(event.outcome))
                activeJobs.remove(event.outcome.jobId);
        },
    });
    (0,outputs/* setOutcomeOutputs */.d)(outcome);
    const context = { ...(deps.place.runUrl ? { runUrl: deps.place.runUrl } : {}) };
    await (0,publish/* writeSummary */.S)(settings, renderSummary(outcome, context));
    // A cancelled run keeps the previous answer in the PR thread rather than replacing it with "cancelled".
    if (!deps.signal.aborted)
        await (0,publish/* postComment */.G)(settings, deps.place, renderComment(outcome, context), deps.signal);
    if ((0,state/* failsStep */.ug)(outcome.state, settings.failOn))
        core/* setFailed */.C1((0,secrets/* redact */.E$)(failureMessage(outcome)));
    return outcome;
}
async function jobRequest(settings, deps) {
    const request = { prompt: settings.prompt, modelId: settings.modelId };
    if (settings.branchId)
        request.branchId = settings.branchId;
    if (settings.branchName) {
        request.branchName = settings.branchName;
        request.branchId = await (0,branch/* resolveBranchId */.S)(deps.api, settings.modelId, settings.branchName, deps.signal);
        core/* info */.pq(`Branch '${settings.branchName}' is ${request.branchId}.`);
    }
    if (settings.topicName)
        request.topicName = settings.topicName;
    if (settings.conversationId)
        request.conversationId = settings.conversationId;
    return request;
}
function failureMessage(outcome) {
    const job = `Omni job ${outcome.jobId}`;
    switch (outcome.state) {
        case 'FAILED':
            return (0,log_text/* logLine */.B)(`${job} failed: ${outcome.error.message}${outcome.error.code ? ` [${outcome.error.code}]` : ''}`);
        case 'TIMEOUT':
            return `${job} did not finish within ${outcome.timeoutSeconds} s (last state ${outcome.lastState}) and was cancelled${outcome.cancelConfirmed ? '' : ' (Omni has not confirmed yet; the post step checks again)'}. Raise timeoutSeconds if answers need longer.`;
        case 'CANCELLED':
            return outcome.cancelledBy === 'workflow' ? `Workflow cancelled: ${job} was cancelled.` : `${job} was cancelled in Omni.`;
        case 'COMPLETE':
            return `${job} completed, and failOn lists COMPLETE.`;
    }
}


/***/ })

};
