export const id = 947;
export const ids = [947];
export const modules = {

/***/ 8353:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ setCommentUrl),
/* harmony export */   d: () => (/* binding */ setOutcomeOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var _action_constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(915);
/* harmony import */ var _lib_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1315);



/** Step outputs for every outcome; values Omni or the AI produced go through the secret scrubber. */
function setOutcomeOutputs(outcome) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.JobId, outcome.jobId);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.ConversationId, outcome.conversationId);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.State, outcome.state);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.OmniChatUrl, outcome.omniChatUrl);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.ResultSummary, outcome.state === 'COMPLETE' ? (0,_lib_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(outcome.resultSummary) : '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.ResultFile, outcome.state === 'COMPLETE' ? (outcome.resultFile ?? '') : '');
}
function setCommentUrl(url) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Outputs */ .tY.CommentUrl, url ?? '');
}


/***/ }),

/***/ 9973:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G: () => (/* binding */ postComment),
  S: () => (/* binding */ writeSummary)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/lib/retry-after.ts
var retry_after = __webpack_require__(3438);
// EXTERNAL MODULE: ./src/lib/text.ts
var lib_text = __webpack_require__(9112);
// EXTERNAL MODULE: ./src/render/budget.ts
var budget = __webpack_require__(9519);
;// CONCATENATED MODULE: ./src/github/marker.ts
/** The hidden first line that identifies our sticky comment, per comment key. Pure. */
const MarkerPrefix = 'omni-ai-job:';
const KeyMaxChars = 100;
/**
 * The key as it appears in the marker: letters, digits and `._:/=+-`, no `--` (which could close
 * the HTML comment), at most 100 characters; empty becomes "default".
 */
function sanitizeCommentKey(key) {
    const cleaned = key
        .trim()
        .replace(/[^A-Za-z0-9._:/=+-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .slice(0, KeyMaxChars)
        .replace(/^-+|-+$/g, '');
    return cleaned || 'default';
}
/** `<!-- omni-ai-job:<key> -->`: invisible on GitHub, and the first line of every comment we write. */
function commentMarker(key) {
    return `<!-- ${MarkerPrefix}${sanitizeCommentKey(key)} -->`;
}
/** The body's first line, as GitHub stores it (the web editor turns line endings into CRLF). */
function firstLine(body) {
    const end = body.indexOf('\n');
    return (end === -1 ? body : body.slice(0, end)).replace(/\r$/, '');
}
/** The comment as written to GitHub: the marker line, then the rendered body. */
function markedComment(key, body) {
    const marker = commentMarker(key);
    return hasMarker(body, marker) ? body : `${marker}\n${body}`;
}
/** The body carries this marker as its first line, exactly. */
function hasMarker(body, marker) {
    return typeof body === 'string' && firstLine(body) === marker;
}

;// CONCATENATED MODULE: ./src/github/sticky-comment.ts





const DefaultMaxRetryWaitMs = 10_000;
/** 10,000 comments: any real pull request, and a bound on a server that keeps sending full pages. */
const MaxListPages = 100;
const TransientRetryMs = 1_000;
class GitHubProblem extends Error {
    reason;
    status;
    detail;
    retryAfterMs;
    constructor(reason, status, detail, retryAfterMs) {
        super(detail);
        this.reason = reason;
        this.status = status;
        this.detail = detail;
        this.retryAfterMs = retryAfterMs;
    }
}
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Creates or updates our comment on the pull request; see the module comment. */
async function upsertStickyComment(options) {
    const { octokit, owner, repo, issueNumber } = options;
    const marker = commentMarker(options.key);
    let body = markedComment(options.key, options.body);
    const fallback = shortBody(marker, options.runUrl);
    if (body.length > budget/* CommentMaxChars */.bH)
        body = fallback;
    const { signal } = options;
    const call = retrying(options.sleep ?? realSleep, options.maxRetryWaitMs ?? DefaultMaxRetryWaitMs, signal);
    // Octokit hands `request.signal` to fetch: an abort stops the request on the wire.
    const where = { owner, repo, ...(signal ? { request: { signal } } : {}) };
    // GitHub's Link headers followed by hand: octokit.paginate drops `request.signal`, so a list
    // GitHub never answers could not be cut short.
    const list = async () => {
        const comments = [];
        let page = await call(() => octokit.rest.issues.listComments({ ...where, issue_number: issueNumber, per_page: 100 }));
        for (let pages = 1;; pages++) {
            comments.push(...page.data);
            const next = nextPage(page.headers.link);
            if (!next || pages >= MaxListPages)
                return comments;
            page = await call(() => octokit.request(`GET ${next}`, signal ? { request: { signal } } : {}));
        }
    };
    const update = (id, text) => withShortBody(text, fallback, (t) => call(async () => (await octokit.rest.issues.updateComment({ ...where, comment_id: id, body: t })).data));
    const create = (text) => withShortBody(text, fallback, (t) => call(async () => (await octokit.rest.issues.createComment({ ...where, issue_number: issueNumber, body: t })).data));
    const remove = async (id) => {
        try {
            await call(() => octokit.rest.issues.deleteComment({ ...where, comment_id: id }));
        }
        catch (error) {
            // Already gone (another matrix leg cleaned up first) is the outcome we wanted.
            if (!(error instanceof GitHubProblem && error.reason === 'not-found'))
                throw error;
        }
    };
    try {
        const marked = (await list()).filter((c) => hasMarker(c.body, marker));
        const ours = await ownComments(marked, () => whoAmI(octokit));
        const target = oldest(ours);
        if (target) {
            const updated = await update(target.id, body);
            await removeDuplicates(ours, target, remove);
            return { kind: 'updated', id: updated.id, url: updated.html_url };
        }
        const created = await create(body);
        return await settleRace(created, marker, list, update, remove, body);
    }
    catch (error) {
        if (signal?.aborted)
            return aborted(signal);
        return skipped(error, `${owner}/${repo}#${issueNumber}`);
    }
}
/**
 * Two matrix legs with the same key may both find no comment and both create one. Each then
 * looks again: the oldest comment by our author wins, gets our body, and ours is deleted if it
 * is not the oldest. Whatever interleaving, one comment remains. Failures here leave our own
 * comment standing, which is still a correct result.
 */
async function settleRace(created, marker, list, update, remove, body) {
    const mine = { kind: 'created', id: created.id, url: created.html_url };
    const author = created.user?.login;
    let same;
    try {
        same = (await list()).filter((c) => hasMarker(c.body, marker) && c.user?.login === author);
    }
    catch {
        return mine;
    }
    const keep = oldest(same);
    if (!keep || keep.id >= created.id)
        return mine;
    try {
        const kept = await update(keep.id, body);
        await remove(created.id);
        return { kind: 'updated', id: kept.id, url: kept.html_url };
    }
    catch {
        return mine;
    }
}
/** Leftover duplicates by the same author (a race lost by both legs, say) are removed. */
async function removeDuplicates(ours, target, remove) {
    for (const c of ours) {
        if (c.id !== target.id && c.user?.login === target.user?.login) {
            try {
                await remove(c.id);
            }
            catch {
                // A duplicate left behind is cosmetic; the comment itself was written.
            }
        }
    }
}
/**
 * Comments carrying our marker that we may treat as ours. Anyone can post a comment that starts
 * with the marker; we prefer bot authors (the workflow token writes as github-actions[bot]). If
 * only people's comments carry it, we adopt one only when the token is that person's (a personal
 * access token); an app token cannot read /user, and then nothing is adopted.
 */
async function ownComments(marked, identity) {
    const bots = marked.filter((c) => c.user?.type === 'Bot');
    if (bots.length > 0 || marked.length === 0)
        return bots;
    const login = await identity();
    return login ? marked.filter((c) => c.user?.login === login) : [];
}
async function whoAmI(octokit) {
    try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
    }
    catch {
        return undefined;
    }
}
function oldest(comments) {
    return comments.reduce((min, c) => (min === undefined || c.id < min.id ? c : min), undefined);
}
/** GitHub's "body is too long" should not happen given our caps; if it does, a short body. */
async function withShortBody(body, fallback, send) {
    try {
        return await send(body);
    }
    catch (error) {
        if (error instanceof GitHubProblem && error.reason === 'body-too-long' && body !== fallback)
            return send(fallback);
        throw error;
    }
}
function shortBody(marker, runUrl) {
    const where = runUrl && /^https?:\/\/[^\s()<>]+$/.test(runUrl) ? `the job summary of the [workflow run](${runUrl})` : "the workflow run's job summary";
    return `${marker}\n### Omni AI answer\n\nThe report is too long for a pull request comment; read it in ${where}.\n`;
}
/** One retry after a rate limit (when GitHub asks for a short enough wait) or a transient error. */
function retrying(sleep, maxWaitMs, signal) {
    return async (op) => {
        try {
            return await op();
        }
        catch (error) {
            const problem = toProblem(error);
            // An aborted request looks like a transient error; it must not be tried again.
            if (signal?.aborted)
                throw problem;
            const wait = problem.reason === 'rate-limited'
                ? problem.retryAfterMs
                : problem.reason === 'error' && (problem.status === undefined || problem.status >= 500)
                    ? Math.min(TransientRetryMs, maxWaitMs)
                    : undefined;
            if (wait === undefined || wait > maxWaitMs)
                throw problem;
            await abortable(sleep(wait), signal);
            try {
                return await op();
            }
            catch (again) {
                throw toProblem(again);
            }
        }
    };
}
function header(problem, name) {
    const value = problem.response?.headers?.[name];
    return value === undefined ? undefined : String(value);
}
/** GitHub's error message from the response body, one line, bounded. */
function githubMessage(problem) {
    const data = problem.response?.data;
    const parts = [];
    if (typeof data?.message === 'string')
        parts.push(data.message);
    if (Array.isArray(data?.errors)) {
        for (const e of data.errors)
            if (typeof e?.message === 'string')
                parts.push(e.message);
    }
    const text = parts.length > 0 ? parts.join(': ') : (problem.message ?? 'unknown error');
    return (0,lib_text/* oneLine */.TN)(text, 300);
}
function retryAfterMs(problem) {
    const retryAfter = (0,retry_after/* parseRetryAfter */.m)(header(problem, 'retry-after'));
    if (retryAfter !== undefined)
        return retryAfter;
    if (header(problem, 'x-ratelimit-remaining') === '0') {
        const reset = Number(header(problem, 'x-ratelimit-reset'));
        if (Number.isFinite(reset))
            return Math.max(0, reset * 1000 - Date.now());
    }
    return undefined;
}
function toProblem(error) {
    if (error instanceof GitHubProblem)
        return error;
    const problem = (error ?? {});
    const status = typeof problem.status === 'number' ? problem.status : undefined;
    const message = githubMessage(problem);
    // Octokit reports a request that got no answer at all (DNS, refused, reset, TLS) as status 500
    // without a response: that is the network failing, not GitHub answering 500.
    if (status === 500 && problem.response === undefined && error?.name !== 'AbortError') {
        return new GitHubProblem('error', undefined, networkFailure(message));
    }
    const wait = retryAfterMs(problem);
    if (status === 429 || (status === 403 && (wait !== undefined || /rate limit/i.test(message)))) {
        // A secondary rate limit without retry-after asks for at least a minute: too long to wait.
        return new GitHubProblem('rate-limited', status, message, wait ?? 60_000);
    }
    if (status === 401)
        return new GitHubProblem('unauthorized', status, message);
    if (status === 403)
        return new GitHubProblem('forbidden', status, message);
    if (status === 404)
        return new GitHubProblem('not-found', status, message);
    if (status === 422 && /too long|maximum is/i.test(message))
        return new GitHubProblem('body-too-long', status, message);
    return new GitHubProblem('error', status, message);
}
const NetworkCauses = [
    [/ENOTFOUND|EAI_AGAIN/, 'its host name did not resolve'],
    [/ECONNREFUSED/, 'the connection was refused'],
    [/ECONNRESET|socket hang up|other side closed/i, 'the connection was closed'],
    [/ETIMEDOUT|TIMEOUT|timed out/i, 'the connection timed out'],
    [/certificate|CERT_|TLS|SSL/i, 'no trusted TLS connection could be made'],
];
/** "network failure: GitHub could not be reached, its host name did not resolve (getaddrinfo ENOTFOUND api.github.com)". */
function networkFailure(message) {
    const cause = NetworkCauses.find(([pattern]) => pattern.test(message))?.[1];
    return `network failure: GitHub could not be reached${cause ? `, ${cause}` : ''} (${message}); check GITHUB_API_URL and any proxy settings`;
}
function nextPage(link) {
    return link?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
}
function abortable(wait, signal) {
    if (!signal)
        return wait;
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        wait.then(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, reject);
    });
}
function aborted(signal) {
    const why = signal.reason instanceof Error ? signal.reason.message : 'stopped';
    return { kind: 'skipped', reason: 'aborted', warning: `The pull request comment was not finished (${why}); the answer is in the job summary.` };
}
function skipped(error, target) {
    const problem = toProblem(error);
    const http = problem.status === undefined ? '' : `HTTP ${problem.status}: `;
    const lead = `The pull request comment was skipped (${http}${problem.detail})`;
    const advice = {
        forbidden: 'the token may not write to pull requests. Add `permissions: pull-requests: write` to the job. Pull requests from forks only get a read-only token: their answer is in the job summary (keep using `pull_request`; never run pull request code under `pull_request_target`).',
        unauthorized: 'GitHub rejected the token; check the githubToken input.',
        'not-found': `GitHub found no ${target} the token can see; check the repository and the token's access (a token without \`pull-requests: write\` may also see this).`,
        'rate-limited': "GitHub's rate limit was hit; the answer is in the job summary.",
        'body-too-long': 'the comment was too long even when shortened; the answer is in the job summary.',
        aborted: 'the answer is in the job summary.',
        error: 'the answer is in the job summary.',
    };
    return { kind: 'skipped', reason: problem.reason, warning: `${lead}: ${advice[problem.reason]}` };
}

// EXTERNAL MODULE: ./src/lib/secrets.ts + 1 modules
var secrets = __webpack_require__(1315);
// EXTERNAL MODULE: ./src/github/outputs.ts
var outputs = __webpack_require__(8353);
;// CONCATENATED MODULE: ./src/github/publish.ts




/** Appends to the job summary when `summary` is on; never fails the step over it. */
async function writeSummary(settings, markdown) {
    if (!settings.summary)
        return;
    try {
        await core/* summary */.z.addRaw((0,secrets/* redact */.E$)(markdown), true).write();
    }
    catch (error) {
        core/* warning */.$e(`Could not write the job summary: ${(0,secrets/* redact */.E$)(error.message)}`);
    }
}
/**
 * The runner kills the step 7.5 s after SIGINT: a comment under way when the workflow is cancelled
 * gets this long to finish, so the step still exits by itself.
 */
const CommentGraceMs = 3_000;
/** A comment is a courtesy: a GitHub that does not answer never holds the step longer. */
const CommentDeadlineMs = 60_000;
/**
 * The sticky PR comment. No pull request: nothing to do and no GitHub call. Problems on GitHub's
 * side become a warning: the step's result is the job's result. `cancellation` (the workflow run
 * being cancelled) cuts it short a few seconds after it aborts.
 */
async function postComment(settings, place, markdown, cancellation) {
    if (!settings.comment) {
        (0,outputs/* setCommentUrl */.B)(undefined);
        return;
    }
    if (place.pullRequest === undefined) {
        core/* info */.pq('No pull request in this event: the answer is in the job summary and outputs only.');
        (0,outputs/* setCommentUrl */.B)(undefined);
        return;
    }
    if (!settings.githubToken) {
        core/* warning */.$e('No githubToken: the PR comment was skipped. Pass githubToken: ${{ github.token }} with permissions: pull-requests: write.');
        (0,outputs/* setCommentUrl */.B)(undefined);
        return;
    }
    try {
        // Loaded here, not at start-up: most runs (schedules, dispatches) never write a comment.
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const result = await upsertStickyComment({
            octokit: getOctokit(settings.githubToken),
            owner: place.owner,
            repo: place.repo,
            issueNumber: place.pullRequest,
            key: settings.commentKey,
            body: (0,secrets/* redact */.E$)(markdown),
            ...(place.runUrl ? { runUrl: place.runUrl } : {}),
            signal: commentSignal(cancellation),
        });
        if (result.kind === 'skipped') {
            core/* warning */.$e((0,secrets/* redact */.E$)(result.warning));
            (0,outputs/* setCommentUrl */.B)(undefined);
        }
        else {
            core/* info */.pq(`PR comment ${result.kind}: ${result.url}`);
            (0,outputs/* setCommentUrl */.B)(result.url);
        }
    }
    catch (error) {
        core/* warning */.$e(`Could not post the PR comment: ${(0,secrets/* redact */.E$)(error.message)}`);
        (0,outputs/* setCommentUrl */.B)(undefined);
    }
}
function commentSignal(cancellation) {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error(`GitHub did not answer within ${CommentDeadlineMs / 1000} s`)), CommentDeadlineMs);
    timer.unref();
    const cutShort = () => {
        clearTimeout(timer);
        setTimeout(() => deadline.abort(new Error('the workflow run was cancelled')), CommentGraceMs).unref();
    };
    if (cancellation.aborted)
        cutShort();
    else
        cancellation.addEventListener('abort', cutShort, { once: true });
    return deadline.signal;
}


/***/ }),

/***/ 7999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  b: () => (/* binding */ runJob)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/job/state.ts
var job_state = __webpack_require__(90);
// EXTERNAL MODULE: ./src/omni/errors.ts
var errors = __webpack_require__(6146);
// EXTERNAL MODULE: ./src/lib/errors.ts
var lib_errors = __webpack_require__(7268);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/lib/json-stream.ts
/**
 * An incremental JSON reader: text goes in chunk by chunk, structure comes out as events, and
 * string contents are handed over in pieces. The consumer decides what to keep, so a document of
 * tens of megabytes is read with a few kilobytes of state, and the consumer's own, bounded copy.
 *
 * It accepts exactly what JSON.parse accepts (RFC 8259: one value, insignificant whitespace
 * around tokens) and throws a SyntaxError otherwise.
 */
/** Member names longer than this are cut (they never match a name a consumer looks for). */
const KeyMaxChars = 64 * 1024;
var Expect;
(function (Expect) {
    Expect[Expect["Value"] = 0] = "Value";
    /** After '{': a member name or '}'. */
    Expect[Expect["FirstKey"] = 1] = "FirstKey";
    /** After ',' in an object. */
    Expect[Expect["Key"] = 2] = "Key";
    Expect[Expect["Colon"] = 3] = "Colon";
    /** After a member's value: ',' or '}'. */
    Expect[Expect["ObjectNext"] = 4] = "ObjectNext";
    /** After '[': a value or ']'. */
    Expect[Expect["FirstElement"] = 5] = "FirstElement";
    /** After an element: ',' or ']'. */
    Expect[Expect["ArrayNext"] = 6] = "ArrayNext";
    /** The document's value is complete: whitespace only. */
    Expect[Expect["Done"] = 7] = "Done";
})(Expect || (Expect = {}));
var Token;
(function (Token) {
    Token[Token["None"] = 0] = "None";
    Token[Token["String"] = 1] = "String";
    Token[Token["Number"] = 2] = "Number";
    Token[Token["Literal"] = 3] = "Literal";
})(Token || (Token = {}));
const Whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NumberChars = /^[-+.eE0-9]$/;
const NumberGrammar = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const Literals = new Map([
    ['true', true],
    ['false', false],
    ['null', null],
]);
const Escapes = new Map([
    ['"', '"'],
    ['\\', '\\'],
    ['/', '/'],
    ['b', '\b'],
    ['f', '\f'],
    ['n', '\n'],
    ['r', '\r'],
    ['t', '\t'],
]);
class JsonStreamParser {
    handler;
    expect = Expect.Value;
    /** Open containers, innermost last: true for objects. */
    stack = [];
    token = Token.None;
    /** Characters of the number or literal being read. */
    word = '';
    /** The string being read is a member name (collected here), not a value. */
    readingKey = false;
    keyText = '';
    sink;
    /** Inside a string: 0, or 1 after a backslash, or 2–5 while reading \uXXXX digits. */
    escape = 0;
    hex = '';
    /** Characters before the current chunk, for error messages. */
    consumed = 0;
    /** Index in the current chunk of the character being handled. */
    cursor = 0;
    constructor(handler) {
        this.handler = handler;
    }
    write(text) {
        const length = text.length;
        let index = 0;
        while (index < length) {
            if (this.token === Token.String) {
                index = this.readString(text, index);
                continue;
            }
            const code = text.charCodeAt(index);
            if (this.token !== Token.None) {
                if (this.token === Token.Number ? NumberChars.test(text[index]) : code >= 0x61 && code <= 0x7a) {
                    this.word += text[index];
                    index++;
                    continue;
                }
                this.cursor = index;
                this.endWord();
            }
            if (!Whitespace.has(code)) {
                this.cursor = index;
                this.structural(text[index]);
            }
            index++;
        }
        this.consumed += length;
    }
    /** The input is complete: throws unless it held exactly one JSON value. */
    end() {
        if (this.token === Token.Number || this.token === Token.Literal)
            this.endWord();
        if (this.expect !== Expect.Done)
            throw new SyntaxError('Unexpected end of JSON input');
    }
    structural(char) {
        switch (this.expect) {
            case Expect.Value:
            case Expect.FirstElement:
                if (char === ']' && this.expect === Expect.FirstElement)
                    return this.close(false);
                return this.startValue(char);
            case Expect.FirstKey:
            case Expect.Key:
                if (char === '}' && this.expect === Expect.FirstKey)
                    return this.close(true);
                if (char !== '"')
                    return this.fail(char);
                this.readingKey = true;
                this.keyText = '';
                this.token = Token.String;
                return;
            case Expect.Colon:
                if (char !== ':')
                    return this.fail(char);
                this.expect = Expect.Value;
                return;
            case Expect.ObjectNext:
                if (char === ',')
                    this.expect = Expect.Key;
                else if (char === '}')
                    this.close(true);
                else
                    this.fail(char);
                return;
            case Expect.ArrayNext:
                if (char === ',')
                    this.expect = Expect.Value;
                else if (char === ']')
                    this.close(false);
                else
                    this.fail(char);
                return;
            case Expect.Done:
                return this.fail(char);
        }
    }
    startValue(char) {
        if (char === '{') {
            this.stack.push(true);
            this.expect = Expect.FirstKey;
            this.handler.openObject();
        }
        else if (char === '[') {
            this.stack.push(false);
            this.expect = Expect.FirstElement;
            this.handler.openArray();
        }
        else if (char === '"') {
            this.token = Token.String;
            this.sink = this.handler.openString();
        }
        else if (char === '-' || (char >= '0' && char <= '9')) {
            this.token = Token.Number;
            this.word = char;
        }
        else if (char >= 'a' && char <= 'z') {
            this.token = Token.Literal;
            this.word = char;
        }
        else {
            this.fail(char);
        }
    }
    close(object) {
        this.stack.pop();
        if (object)
            this.handler.closeObject();
        else
            this.handler.closeArray();
        this.valueDone();
    }
    valueDone() {
        const parent = this.stack[this.stack.length - 1];
        this.expect = parent === undefined ? Expect.Done : parent ? Expect.ObjectNext : Expect.ArrayNext;
    }
    endWord() {
        const word = this.word;
        this.word = '';
        if (this.token === Token.Number) {
            if (!NumberGrammar.test(word))
                throw new SyntaxError(`Invalid number '${clip(word)}' in JSON before position ${this.where()}`);
            this.token = Token.None;
            this.handler.scalar(Number(word));
        }
        else {
            if (!Literals.has(word))
                throw new SyntaxError(`Unexpected token '${clip(word)}' in JSON before position ${this.where()}`);
            this.token = Token.None;
            this.handler.scalar(Literals.get(word));
        }
        this.valueDone();
    }
    /** Reads string content from `index`; returns where it stopped (after the closing quote, or the end). */
    readString(text, index) {
        const length = text.length;
        while (index < length) {
            if (this.escape > 0) {
                index = this.readEscape(text, index);
                continue;
            }
            let stop = index;
            let code = 0;
            while (stop < length) {
                code = text.charCodeAt(stop);
                if (code === 0x22 || code === 0x5c || code < 0x20)
                    break;
                stop++;
            }
            if (stop > index)
                this.emit(text.slice(index, stop));
            if (stop === length)
                return length;
            if (code === 0x5c) {
                this.escape = 1;
                index = stop + 1;
            }
            else if (code === 0x22) {
                this.endString();
                return stop + 1;
            }
            else {
                throw new SyntaxError(`Bad control character in string literal in JSON at position ${this.consumed + stop}`);
            }
        }
        return index;
    }
    readEscape(text, index) {
        const char = text[index];
        if (this.escape === 1) {
            if (char === 'u') {
                this.escape = 2;
                this.hex = '';
            }
            else if (Escapes.has(char)) {
                this.escape = 0;
                this.emit(Escapes.get(char));
            }
            else {
                throw new SyntaxError(`Bad escaped character in JSON at position ${this.consumed + index}`);
            }
            return index + 1;
        }
        if (!/^[0-9a-fA-F]$/.test(char))
            throw new SyntaxError(`Bad Unicode escape in JSON at position ${this.consumed + index}`);
        this.hex += char;
        if (this.hex.length === 4) {
            this.escape = 0;
            this.emit(String.fromCharCode(Number.parseInt(this.hex, 16)));
        }
        return index + 1;
    }
    emit(piece) {
        if (this.readingKey) {
            if (this.keyText.length < KeyMaxChars)
                this.keyText += piece.slice(0, KeyMaxChars - this.keyText.length);
        }
        else {
            this.sink?.push(piece);
        }
    }
    endString() {
        this.token = Token.None;
        if (this.readingKey) {
            this.readingKey = false;
            this.expect = Expect.Colon;
            this.handler.key(this.keyText);
            this.keyText = '';
            return;
        }
        const sink = this.sink;
        this.sink = undefined;
        sink?.end();
        this.valueDone();
    }
    fail(char) {
        throw new SyntaxError(`Unexpected character '${char}' in JSON at position ${this.where()}`);
    }
    where() {
        return this.consumed + this.cursor;
    }
}
function clip(text) {
    return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

;// CONCATENATED MODULE: ./src/omni/result-digest.ts


/** Reports show the first rows of each query; the whole document stays in resultFile. */
const CsvHeadMaxRows = 100;
const CsvHeadMaxChars = 64 * 1024;
const QueryObjectMaxChars = 16 * 1024;
const TextMaxChars = 512 * 1024;
const FieldsMax = 1_000;
const FieldMaxChars = 1_024;
const FailureMaxChars = 2_000;
const ReadChunkBytes = 256 * 1024;
/**
 * Reads the result document written by the client and keeps what reports need, bounded in size.
 * The file is read as a stream: memory holds the digest and one chunk, never the document, so a
 * result of tens of megabytes costs what a small one does.
 */
async function readResultDigest(file) {
    const reducer = new ResultReducer();
    const parser = new JsonStreamParser(reducer);
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { encoding: 'utf8', highWaterMark: ReadChunkBytes }))
        parser.write(chunk);
    parser.end();
    return digestResult(reducer.document());
}
/** Pure: tolerant of missing or odd fields, since every field of the result is optional. */
function digestResult(document) {
    const result = (isObject(document) ? document : {});
    const digest = { queries: [] };
    const message = boundedText(result.message);
    const resultSummary = boundedText(result.resultSummary);
    const topic = boundedText(result.topic);
    const omniChatUrl = boundedText(result.omniChatUrl);
    if (message !== undefined)
        digest.message = message;
    if (resultSummary !== undefined)
        digest.resultSummary = resultSummary;
    if (topic !== undefined)
        digest.topic = topic;
    if (omniChatUrl !== undefined)
        digest.omniChatUrl = omniChatUrl;
    for (const action of Array.isArray(result.actions) ? result.actions : []) {
        if (isObject(action) && isObject(action.result))
            digest.queries.push(digestQuery(action.result, action.message));
    }
    return digest;
}
function digestQuery(result, actionMessage) {
    const csv = typeof result.csvResult === 'string' ? result.csvResult : '';
    const head = csvHead(csv);
    const query = isObject(result.query) ? result.query : undefined;
    const digest = {
        name: boundedText(result.queryName) ?? 'Query',
        status: result.status === 'error' ? 'error' : 'success',
        totalRowCount: typeof result.totalRowCount === 'number' ? result.totalRowCount : 0,
        truncatedByOmni: result.csvResultWasTruncated === true,
        hasResults: result.hasResults === true,
        csvHead: head.text,
        csvHeadWasCut: head.cut,
        fields: Array.isArray(query?.fields) ? fieldNames(query.fields) : [],
    };
    if (query && !(Oversized in query) && JSON.stringify(query).length <= QueryObjectMaxChars)
        digest.query = query;
    if (digest.status === 'error') {
        const text = (value) => (typeof value === 'string' && value.trim() ? value : undefined);
        const failure = text(result.error) ?? text(actionMessage);
        if (failure)
            digest.failure = failure.slice(0, FailureMaxChars);
    }
    return digest;
}
/** Header and first rows, cut at a record boundary (a newline outside quotes). */
function csvHead(csv, maxRows = CsvHeadMaxRows, maxChars = CsvHeadMaxChars) {
    let records = 0;
    let inQuotes = false;
    const limit = Math.min(csv.length, maxChars);
    for (let index = 0; index < limit; index++) {
        const char = csv.charCodeAt(index);
        if (char === 0x22 /* " */)
            inQuotes = !inQuotes;
        else if (char === 0x0a /* \n */ && !inQuotes) {
            records++;
            // records counts the header too.
            if (records > maxRows)
                return { text: csv.slice(0, index).replace(/\r$/, ''), cut: hasMoreRecords(csv, index + 1) };
        }
    }
    if (csv.length <= maxChars)
        return { text: csv.replace(/\r?\n$/, ''), cut: false };
    const lastNewline = lastRecordEnd(csv, limit);
    return { text: csv.slice(0, lastNewline).replace(/\r$/, ''), cut: true };
}
function hasMoreRecords(csv, from) {
    return csv.slice(from).trim().length > 0;
}
function lastRecordEnd(csv, limit) {
    let inQuotes = false;
    let last = 0;
    for (let index = 0; index < limit; index++) {
        const char = csv.charCodeAt(index);
        if (char === 0x22)
            inQuotes = !inQuotes;
        else if (char === 0x0a && !inQuotes)
            last = index;
    }
    return last;
}
function fieldNames(fields) {
    return fields
        .filter((field) => typeof field === 'string')
        .slice(0, FieldsMax)
        .map((field) => field.slice(0, FieldMaxChars));
}
function boundedText(value) {
    if (typeof value !== 'string')
        return undefined;
    return value.length > TextMaxChars ? value.slice(0, TextMaxChars) : value;
}
function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
/*
 * Reading the file: a reduced document with the same answers to every question digestResult
 * asks, built while the JSON streams past. Members digestResult never reads are skipped; strings
 * it reads are kept only as far as it looks (a csvResult's head, capped texts); a value of the
 * wrong type is kept as an empty stand-in of its type, which digestResult treats alike.
 */
/** Marks a query object too large to keep: only its `fields` were read. */
const Oversized = Symbol('oversized query');
/** Enough of a csvResult for csvHead to give what it gives for the whole string. */
const CsvKeepChars = CsvHeadMaxChars + 1;
const RootMembers = { message: 'text', resultSummary: 'text', topic: 'text', omniChatUrl: 'text', actions: 'actions' };
const ResultMembers = {
    queryName: 'text',
    status: 'text',
    csvResult: 'csv',
    query: 'query',
    totalRowCount: 'scalar',
    csvResultWasTruncated: 'scalar',
    hasResults: 'scalar',
    error: 'text',
};
class ResultReducer {
    root;
    frames = [];
    query = { size: 0, tooLarge: false, fields: undefined };
    document() {
        return this.root;
    }
    openObject() {
        this.open(this.childRole(), {});
    }
    openArray() {
        this.open(this.childRole(), []);
    }
    key(name) {
        const frame = this.top();
        frame.key = name;
        if (frame.role === 'query' || frame.role === 'inQuery')
            this.charge((frame.members > 0 ? 1 : 0) + name.length + 3);
        frame.members++;
    }
    closeObject() {
        this.close();
    }
    closeArray() {
        this.close();
    }
    openString() {
        const role = this.childRole();
        switch (role) {
            case 'skip':
                return undefined;
            case 'text':
                return new Prefix(TextMaxChars, (text) => this.place(text));
            case 'csv':
                return new CsvPrefix((text) => this.place(text));
            case 'fields':
            case 'fieldName':
            case 'inQuery':
                return this.queryString(role);
            default:
                // A string where digestResult wants another type: the type is all that matters.
                this.place('');
                return undefined;
        }
    }
    scalar(value) {
        const role = this.childRole();
        if (role === 'skip')
            return;
        if (role === 'fields' || role === 'fieldName' || role === 'inQuery') {
            this.charge(value === null || value === true ? 4 : value === false ? 5 : 1);
            if (role === 'fields')
                this.query.fields = value;
            if (this.query.tooLarge)
                return;
        }
        this.place(value);
    }
    open(role, container) {
        const isArray = Array.isArray(container);
        let kept = container;
        let childRole = role;
        switch (role) {
            case 'skip':
                kept = undefined;
                break;
            case 'root':
            case 'action':
            case 'queryResult':
                if (isArray)
                    childRole = 'skip';
                break;
            case 'actions':
                if (!isArray)
                    childRole = 'skip';
                break;
            case 'query':
                if (isArray)
                    childRole = 'skip';
                else
                    this.query = { size: 2, tooLarge: false, fields: undefined };
                break;
            case 'fields':
            case 'fieldName':
            case 'inQuery':
                this.charge(2);
                if (role === 'fields')
                    this.query.fields = isArray ? [] : {};
                childRole = role === 'fields' && isArray ? 'fields' : 'inQuery';
                if (this.query.tooLarge)
                    kept = undefined;
                break;
            default:
                // text, csv or scalar as a container: an empty stand-in of the same type.
                childRole = 'skip';
        }
        if (kept)
            this.place(kept);
        this.frames.push({ role: childRole, container: childRole === 'skip' ? undefined : kept, array: isArray, key: '', members: 0 });
    }
    close() {
        const frame = this.frames.pop();
        if (frame.role !== 'query')
            return;
        if (!this.query.tooLarge)
            return;
        const reduced = { [Oversized]: true };
        if (this.query.fields !== undefined)
            reduced.fields = this.query.fields;
        this.place(reduced);
    }
    /** A string inside a query object: kept while the query is small; field names collected apart. */
    queryString(role) {
        this.charge(2);
        const fields = role === 'fieldName' && Array.isArray(this.query.fields) ? this.query.fields : undefined;
        const collect = fields && fields.length < FieldsMax ? new Prefix(FieldMaxChars, (name) => fields.push(name)) : undefined;
        let kept = '';
        return {
            push: (piece) => {
                collect?.push(piece);
                this.charge(piece.length);
                if (!this.query.tooLarge)
                    kept += piece;
            },
            end: () => {
                collect?.end();
                if (role === 'fields')
                    this.query.fields = '';
                if (!this.query.tooLarge)
                    this.place(kept);
            },
        };
    }
    /** The role of the value about to start, from its container and member name. */
    childRole() {
        const frame = this.top();
        if (!frame)
            return 'root';
        switch (frame.role) {
            case 'root':
                return RootMembers[frame.key] ?? 'skip';
            case 'actions':
                return 'action';
            case 'action':
                return frame.key === 'result' ? 'queryResult' : frame.key === 'message' ? 'text' : 'skip';
            case 'queryResult':
                return ResultMembers[frame.key] ?? 'skip';
            case 'query':
                return frame.key === 'fields' ? 'fields' : 'inQuery';
            case 'fields':
                if (frame.members++ > 0)
                    this.charge(1);
                return 'fieldName';
            case 'inQuery':
                if (frame.array && frame.members++ > 0)
                    this.charge(1);
                return 'inQuery';
            default:
                return 'skip';
        }
    }
    /** Puts a value where the current member or element goes. */
    place(value) {
        const frame = this.top();
        if (!frame)
            this.root = value;
        else if (Array.isArray(frame.container))
            frame.container.push(value);
        else if (frame.container)
            setMember(frame.container, frame.key, value);
    }
    charge(chars) {
        this.query.size += chars;
        if (this.query.size > QueryObjectMaxChars)
            this.query.tooLarge = true;
    }
    top() {
        return this.frames[this.frames.length - 1];
    }
}
/** Like JSON.parse: a member named __proto__ is an own property, not the prototype. */
function setMember(target, key, value) {
    if (key === '__proto__')
        Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    else
        target[key] = value;
}
/** Keeps the first `max` characters of a string. */
class Prefix {
    max;
    done;
    text = '';
    constructor(max, done) {
        this.max = max;
        this.done = done;
    }
    push(piece) {
        if (this.text.length < this.max)
            this.text += piece.slice(0, this.max - this.text.length);
    }
    end() {
        this.done(this.text);
    }
}
/**
 * A csvResult's first CsvKeepChars characters, plus one non-blank character when anything but
 * whitespace follows them, which is all csvHead can tell about the rest.
 */
class CsvPrefix {
    done;
    text = '';
    more = false;
    constructor(done) {
        this.done = done;
    }
    push(piece) {
        const room = CsvKeepChars - this.text.length;
        if (room > 0)
            this.text += piece.slice(0, room);
        if (!this.more && piece.length > room && /\S/.test(piece.slice(Math.max(0, room))))
            this.more = true;
    }
    end() {
        this.done(this.more ? `${this.text}…` : this.text);
    }
}

;// CONCATENATED MODULE: ./src/job/runner.ts





/** A create already on the wire is let finish for this long after a cancel, so its job can be cancelled too. */
const CreateGraceMs = 4_000;
/** The runner kills the step 7.5 s after SIGINT; the cancel call must fit well inside. */
const CancelOnSignalMs = 4_000;
const CancelOnTimeoutMs = 15_000;
/** After a timeout cancel, how many status checks confirm that Omni stopped the job. */
const CancelConfirmPolls = 3;
/** Creates the job, waits for a terminal state (or timeout, or cancellation) and returns the outcome. */
async function runJob(options) {
    const { api, clock, request } = options;
    const startedAt = clock.now();
    const emit = (event) => options.onEvent?.(event);
    // Cancelled before anything was sent: creating a job only to cancel it would waste the grace period.
    if (options.signal?.aborted)
        throw options.signal.reason;
    let created;
    const createSignal = lingeringSignal(options.signal, CreateGraceMs, clock);
    try {
        created = await api.createJob(submitBody(request, options.extra), {
            ...(options.userId ? { userId: options.userId } : {}),
            ...(createSignal.signal ? { signal: createSignal.signal } : {}),
        });
    }
    catch (error) {
        if (!options.signal?.aborted || error !== options.signal.reason)
            throw error;
        // Without Omni's answer there is no job id to cancel: the user must know a job may be running.
        throw new Error(`${(0,lib_errors/* errorMessage */.g)(options.signal.reason)} while Omni was creating the job; Omni did not answer within ${CreateGraceMs / 1000} s, so a job may have been created in Omni and keep running there.`, { cause: error });
    }
    finally {
        createSignal.done();
    }
    emit({ kind: 'created', ...created });
    const job = new JobWatch(options, created, startedAt);
    const outcome = await job.wait();
    emit({ kind: 'finished', outcome });
    return outcome;
}
class JobWatch {
    options;
    created;
    startedAt;
    last;
    polls = 0;
    deadline;
    constructor(options, created, startedAt) {
        this.options = options;
        this.created = created;
        this.startedAt = startedAt;
        this.deadline = startedAt + options.timeoutMs;
    }
    async wait() {
        const { clock, signal } = this.options;
        const pollDelay = this.options.pollDelayMs ?? (() => (0,job_state/* defaultPollDelayMs */.Qi)());
        for (;;) {
            if (signal?.aborted)
                return this.cancelForWorkflow();
            const remaining = this.deadline - clock.now();
            if (remaining <= 0)
                return this.cancelForTimeout();
            try {
                await clock.sleep(Math.min(pollDelay({ polls: this.polls, state: this.state() }), remaining), signal);
            }
            catch {
                return this.cancelForWorkflow();
            }
            if (clock.now() >= this.deadline)
                return this.cancelForTimeout();
            let status;
            try {
                status = await this.options.api.getJob(this.created.jobId, signalOption(signal));
            }
            catch (error) {
                if (signal?.aborted)
                    return this.cancelForWorkflow();
                return this.lost(error);
            }
            this.observe(status);
            if ((0,job_state/* isTerminal */.Hd)(status.state))
                return this.finish(status);
        }
    }
    state() {
        return this.last?.state ?? 'QUEUED';
    }
    observe(status) {
        const before = this.last;
        this.polls++;
        this.last = status;
        const changed = before?.state !== status.state ||
            before?.progress?.iteration !== status.progress?.iteration ||
            before?.progress?.message !== status.progress?.message;
        this.options.onEvent?.({ kind: 'status', status, changed });
    }
    async finish(status) {
        const base = this.base(status);
        switch (status.state) {
            case 'COMPLETE':
                return { ...base, state: 'COMPLETE', resultSummary: status.resultSummary ?? '', ...(await this.fetchResult()) };
            case 'FAILED': {
                const error = {
                    message: status.error?.message || 'Omni reported the job as FAILED without a message.',
                };
                if (status.error?.code)
                    error.code = status.error.code;
                if (status.error?.detail)
                    error.detail = status.error.detail;
                return { ...base, state: 'FAILED', error };
            }
            default: {
                const outcome = { ...base, state: 'CANCELLED', cancelledBy: 'omni' };
                if (status.cancelledAt)
                    outcome.cancelledAt = status.cancelledAt;
                return outcome;
            }
        }
    }
    async fetchResult() {
        const file = (0,external_node_path_.join)(this.options.resultDir, `omni-ai-job-${this.created.jobId}.json`);
        try {
            await this.options.api.downloadResult(this.created.jobId, file, signalOption(this.options.signal));
            return { result: await readResultDigest(file), resultFile: file };
        }
        catch (error) {
            return { resultError: (0,lib_errors/* errorMessage */.g)(error) };
        }
    }
    /** The workflow run is being cancelled: stop the Omni job quickly and report CANCELLED. */
    async cancelForWorkflow() {
        this.options.onEvent?.({ kind: 'cancelling', reason: 'signal' });
        await this.cancel(CancelOnSignalMs);
        return { ...this.base(this.last), state: 'CANCELLED', cancelledBy: 'workflow' };
    }
    /** Our own deadline passed: cancel the Omni job, confirm it stopped, report TIMEOUT. */
    async cancelForTimeout() {
        this.options.onEvent?.({ kind: 'cancelling', reason: 'timeout' });
        const { clock, signal } = this.options;
        // What the job was doing when time ran out, before the confirmation polls see it cancelled.
        const lastState = this.state();
        let state = (await this.cancel(CancelOnTimeoutMs)) ?? this.state();
        for (let check = 0; check < CancelConfirmPolls && !(0,job_state/* isTerminal */.Hd)(state) && !signal?.aborted; check++) {
            try {
                await clock.sleep((0,job_state/* defaultPollDelayMs */.Qi)(), signal);
                const status = await this.options.api.getJob(this.created.jobId, signalOption(signal));
                this.observe(status);
                state = status.state;
            }
            catch {
                break;
            }
        }
        // Finished on its own while we were stopping it: the honest report is how it finished.
        if ((state === 'COMPLETE' || state === 'FAILED') && this.last && (0,job_state/* isTerminal */.Hd)(this.last.state))
            return this.finish(this.last);
        return {
            ...this.base(this.last),
            state: 'TIMEOUT',
            timeoutSeconds: Math.round(this.options.timeoutMs / 1000),
            lastState,
            cancelConfirmed: (0,job_state/* isTerminal */.Hd)(state),
        };
    }
    /** Status could not be read any more (vanished job, Omni unreachable after retries). */
    async lost(error) {
        const notFound = error instanceof errors/* OmniApiError */._ && error.status === 404;
        if (!notFound) {
            this.options.onEvent?.({ kind: 'cancelling', reason: 'error' });
            await this.cancel(CancelOnSignalMs);
        }
        return {
            ...this.base(this.last),
            state: 'FAILED',
            error: { message: (0,lib_errors/* errorMessage */.g)(error), code: notFound ? 'JOB_NOT_FOUND' : 'STATUS_UNAVAILABLE' },
        };
    }
    /** Best effort: returns the state Omni reported, or undefined when the cancel call failed. */
    async cancel(withinMs) {
        try {
            const answer = await this.options.api.cancelJob(this.created.jobId, { signal: AbortSignal.timeout(withinMs) });
            return answer.state;
        }
        catch {
            return undefined;
        }
    }
    base(status) {
        const timings = { waitedMs: Math.round(this.options.clock.now() - this.startedAt) };
        if (status?.createdAt)
            timings.createdAt = status.createdAt;
        if (status?.executionStartedAt)
            timings.executionStartedAt = status.executionStartedAt;
        const finishedAt = status?.completedAt ?? status?.cancelledAt;
        if (finishedAt)
            timings.finishedAt = finishedAt;
        const base = {
            request: this.options.request,
            jobId: this.created.jobId,
            conversationId: this.created.conversationId,
            omniChatUrl: this.created.omniChatUrl,
            timings,
        };
        if (status?.topicName)
            base.topicName = status.topicName;
        return base;
    }
}
function submitBody(request, extra) {
    const body = { modelId: request.modelId, prompt: request.prompt };
    if (request.branchId)
        body.branchId = request.branchId;
    if (request.topicName)
        body.topicName = request.topicName;
    if (request.conversationId)
        body.conversationId = request.conversationId;
    if (extra?.webhookUrl)
        body.webhookUrl = extra.webhookUrl;
    if (extra?.webhookSigningSecret)
        body.webhookSigningSecret = extra.webhookSigningSecret;
    if (extra?.webhookMetadata)
        body.webhookMetadata = extra.webhookMetadata;
    return body;
}
/**
 * Aborts `ms` after `signal` does: a request already sent may finish, but not hang on. `done()`
 * once the request is over, so the wait does not keep a cancelled step alive for nothing.
 */
function lingeringSignal(signal, ms, clock) {
    if (!signal)
        return { done: () => undefined };
    const controller = new AbortController();
    const over = new AbortController();
    const start = () => {
        clock.sleep(ms, over.signal).then(() => controller.abort(signal.reason), () => undefined);
    };
    if (signal.aborted)
        start();
    else
        signal.addEventListener('abort', start, { once: true });
    return {
        signal: controller.signal,
        done: () => {
            signal.removeEventListener('abort', start);
            over.abort();
        },
    };
}
function signalOption(signal) {
    return signal ? { signal } : {};
}


/***/ }),

/***/ 90:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hd: () => (/* binding */ isTerminal),
/* harmony export */   Qi: () => (/* binding */ defaultPollDelayMs),
/* harmony export */   dP: () => (/* binding */ PollIntervalMinMs),
/* harmony export */   ug: () => (/* binding */ failsStep)
/* harmony export */ });
function isTerminal(state) {
    return state === 'COMPLETE' || state === 'FAILED' || state === 'CANCELLED';
}
/** The step fails when the outcome's state is one the user listed in failOn. */
function failsStep(state, failOn) {
    return failOn.has(state);
}
/** Omni's guidance: poll every 2–5 s; never faster than this. */
const PollIntervalMinMs = 2_000;
/**
 * Omni's guidance is 2–5 s. Its floor is best for users: a finished job is seen about a second
 * later on average, at under 30 status requests a minute. A little jitter keeps many jobs from
 * polling in step; more would only add to the wait.
 */
function defaultPollDelayMs(random = Math.random) {
    return 2_000 + Math.floor(random() * 100);
}


/***/ }),

/***/ 1715:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ parseCsv)
/* harmony export */ });
/** RFC 4180 CSV, as Omni returns query results (csvResult). No dependency; one pass. */
const Quote = 34; // "
const Comma = 44; // ,
const Cr = 13;
const Lf = 10;
/**
 * Lenient where RFC 4180 is strict, because a report must show what it got rather than fail:
 * a quote inside an unquoted field is kept literally, text after a closing quote is appended,
 * an unterminated quoted field runs to the end. Lines may end in CRLF, LF or CR; a trailing
 * line ending does not make an empty row; a leading byte order mark is dropped.
 */
function parseCsv(text, options = {}) {
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const header = [];
    const rows = [];
    let totalRows = 0;
    let sawHeader = false;
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const length = text.length;
    let row = [];
    // Fields of rows past maxRows are not materialised, only their row ends counted.
    let keep = true;
    let i = start;
    const endRow = () => {
        if (!sawHeader) {
            header.push(...row);
            sawHeader = true;
        }
        else {
            totalRows += 1;
            if (keep)
                rows.push(row);
        }
        row = [];
        keep = sawHeader ? rows.length < maxRows : true;
    };
    if (i >= length)
        return { header, rows, totalRows, cut: false };
    for (;;) {
        // At the start of a field.
        let field = '';
        if (text.charCodeAt(i) === Quote) {
            i += 1;
            for (;;) {
                const close = text.indexOf('"', i);
                if (close === -1) {
                    if (keep)
                        field += text.slice(i);
                    i = length;
                    break;
                }
                if (keep)
                    field += text.slice(i, close);
                if (text.charCodeAt(close + 1) === Quote) {
                    if (keep)
                        field += '"';
                    i = close + 2;
                    continue;
                }
                i = close + 1;
                break;
            }
        }
        // Unquoted part (or junk after a closing quote), up to the next separator.
        let j = i;
        while (j < length) {
            const c = text.charCodeAt(j);
            if (c === Comma || c === Lf || c === Cr)
                break;
            j += 1;
        }
        if (keep) {
            field += text.slice(i, j);
            row.push(field);
        }
        i = j;
        if (i >= length) {
            endRow();
            break;
        }
        const c = text.charCodeAt(i);
        if (c === Comma) {
            i += 1;
            if (i >= length) {
                if (keep)
                    row.push('');
                endRow();
                break;
            }
            continue;
        }
        // Line ending.
        i += c === Cr && text.charCodeAt(i + 1) === Lf ? 2 : 1;
        endRow();
        if (i >= length)
            break;
        if (options.stopEarly && sawHeader && rows.length >= maxRows) {
            // One more row exists: count it so that cut is true, and stop.
            totalRows += 1;
            break;
        }
    }
    return { header, rows, totalRows, cut: rows.length < totalRows };
}


/***/ }),

/***/ 805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ resolveBranchId),
/* harmony export */   p: () => (/* binding */ BranchLookupError)
/* harmony export */ });
/** Enough for any model's branches; stops a server that keeps answering `hasNextPage`. */
const MaxPages = 50;
const PageSize = 100;
class BranchLookupError extends Error {
    constructor(message) {
        super(message);
        this.name = 'BranchLookupError';
    }
}
/**
 * Lists the model's branches through GET /v1/models (modelKind=BRANCH, baseModelId, name) and
 * keeps the live record whose name is exactly `branchName`. How Omni matches `name` is not
 * documented (exact, case-insensitive, substring), so the filter is applied here again, on every
 * page: `feature/x` must not resolve to `feature/x-draft`.
 */
async function resolveBranchId(api, modelId, branchName, signal) {
    const matches = [];
    const nearMisses = new Set();
    const seenCursors = new Set();
    let cursor;
    for (let page = 0; page < MaxPages; page++) {
        const query = { modelKind: 'BRANCH', baseModelId: modelId, name: branchName, pageSize: PageSize };
        if (cursor)
            query.cursor = cursor;
        const answer = await api.listModels(query, signal ? { signal } : {});
        for (const record of answer.records ?? []) {
            if (!isLiveBranchOf(record, modelId))
                continue;
            if (record.name === branchName)
                matches.push(record);
            else if (record.name && record.name.trim().toLowerCase() === branchName.trim().toLowerCase())
                nearMisses.add(record.name);
        }
        const next = answer.pageInfo?.hasNextPage ? answer.pageInfo.nextCursor : null;
        if (!next || seenCursors.has(next))
            break;
        seenCursors.add(next);
        cursor = next;
    }
    const unique = [...new Map(matches.map((record) => [record.id, record])).values()];
    if (unique.length === 1)
        return unique[0].id;
    if (unique.length === 0) {
        const hint = nearMisses.size > 0 ? ` Names differ only in case or spaces: ${[...nearMisses].map((n) => `'${n}'`).join(', ')}.` : '';
        throw new BranchLookupError(`branchName: model ${modelId} has no branch named '${branchName}' in Omni.${hint} Check the name (Omni branch names are case-sensitive), or that the branch exists yet, or set branchId.`);
    }
    throw new BranchLookupError(`branchName: model ${modelId} has ${unique.length} branches named '${branchName}' (${unique.map((r) => r.id).join(', ')}); set branchId to the one to use.`);
}
function isLiveBranchOf(record, modelId) {
    // A server that ignores a filter must not let another model's branch (or a deleted one) through.
    if (record.modelKind !== null && record.modelKind !== undefined && record.modelKind !== 'BRANCH')
        return false;
    if (record.baseModelId !== null && record.baseModelId !== undefined && record.baseModelId !== modelId)
        return false;
    return !record.deletedAt;
}


/***/ }),

/***/ 9519:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T_: () => (/* binding */ sizeWithin),
/* harmony export */   bH: () => (/* binding */ CommentMaxChars),
/* harmony export */   c5: () => (/* binding */ fitToBudget),
/* harmony export */   ou: () => (/* binding */ SummarySize),
/* harmony export */   tV: () => (/* binding */ CommentSize)
/* harmony export */ });
/* unused harmony export SummaryMaxBytes */
/* harmony import */ var _lib_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9112);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1159);
/** Keeping a report under GitHub's size limits, saying what was left out. Pure. */


/** GitHub's limits on what the action writes. */
const CommentMaxChars = 65_536;
const SummaryMaxBytes = 1024 * 1024;
/** The sticky comment, in characters; room is left for the hidden marker line the GitHub writer adds. */
const CommentSize = { measure: _markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .charLength */ .XP, budget: CommentMaxChars - 1_024 };
/** The job summary, in UTF-8 bytes; room is left for the summary's lines that are not ours. */
const SummarySize = { measure: _markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .byteLength */ .dp, budget: SummaryMaxBytes - 48 * 1024 };
/** A smaller budget asked for (tests, previews) wins; a larger one never does. */
function sizeWithin(size, asked) {
    return { measure: size.measure, budget: Math.min(asked ?? size.budget, size.budget) };
}
const Separator = '\n\n';
/**
 * Joins sections in order within the size's budget. Required sections are always kept; optional
 * ones are kept whole while they fit, shrunk when they offer it, otherwise left out. The result
 * is guaranteed within budget: as a last resort it is cut hard (only possible when the required
 * sections alone exceed it).
 */
function fitToBudget(sections, size, overflowNote) {
    const { measure, budget } = size;
    const separator = measure(Separator);
    const sizes = sections.map((s) => measure(s.text));
    const noteFor = (omitted, shrunk) => (omitted + shrunk > 0 && overflowNote ? overflowNote(omitted, shrunk) : '');
    // Room for the note, measured with the largest counts it could show.
    const noteRoom = measure(noteFor(sections.length, sections.length)) + separator;
    let room = budget - noteRoom;
    sections.forEach((s, k) => {
        if (s.required)
            room -= (sizes[k] ?? 0) + separator;
    });
    const kept = [];
    let omitted = 0;
    let shrunk = 0;
    sections.forEach((s, k) => {
        const size = sizes[k] ?? 0;
        if (s.required) {
            if (s.text)
                kept.push(s.text);
            return;
        }
        if (!s.text)
            return;
        if (size + separator <= room) {
            kept.push(s.text);
            room -= size + separator;
            return;
        }
        const smaller = s.shrink && room - separator > 0 ? s.shrink(room - separator) : '';
        const smallerSize = measure(smaller);
        if (smaller && smallerSize + separator <= room) {
            kept.push(smaller);
            room -= smallerSize + separator;
            shrunk += 1;
        }
        else {
            omitted += 1;
        }
    });
    const note = noteFor(omitted, shrunk);
    if (note)
        kept.push(note);
    let text = kept.join(Separator);
    if (measure(text) > budget) {
        text = measure === _markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .charLength */ .XP ? (0,_lib_text_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateText */ .EJ)(text, budget) : (0,_lib_text_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateUtf8 */ .Ck)(text, budget);
    }
    return { text, omitted, shrunk };
}


/***/ }),

/***/ 1159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dp: () => (/* binding */ byteLength),
  XP: () => (/* binding */ charLength),
  DV: () => (/* binding */ codeBlock),
  ZD: () => (/* binding */ escapeHtml),
  VV: () => (/* binding */ escapeInline),
  aL: () => (/* binding */ escapeTableCell),
  ti: () => (/* binding */ inlineCode),
  Qj: () => (/* binding */ markdownTable),
  _K: () => (/* binding */ sanitizeMarkdownWithin)
});

// UNUSED EXPORTS: breakMentions, columnAlign, sanitizeMarkdown

// EXTERNAL MODULE: ./src/suite/cells.ts
var suite_cells = __webpack_require__(1781);
// EXTERNAL MODULE: ./src/lib/text.ts
var lib_text = __webpack_require__(9112);
// EXTERNAL MODULE: ./src/render/text.ts
var render_text = __webpack_require__(893);
;// CONCATENATED MODULE: ./src/render/urls.ts
/**
 * Web addresses inside text we show: where they are, and whether GitHub will surely make a link
 * of them. Escaping or defanging mentions inside an address breaks the link (GitHub's autolinker
 * takes the raw characters, backslashes and invisible joiners included), so the escapers leave
 * the addresses found here alone. Pure.
 */
/** Characters an address may hold: RFC 3986's, plus letters, digits and marks of any script. */
const UrlChar = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\p{L}\p{N}\p{M}]/u;
/** GitHub's autolinker drops these from the end of an address (a sentence's full stop, a quote). */
const TrailingPunctuation = "?!.,:*_~'\"";
const Start = /(?:https?:\/\/|www\.)/gi;
/**
 * Addresses in `text`: http(s):// or www. where GitHub's autolinker starts one, running over address
 * characters with balanced parentheses, trailing punctuation dropped. Conservative: the span
 * never runs past what GitHub links (it stops earlier at quotes, backticks, backslashes, braces).
 * With `overlapping`, addresses that start inside an earlier one are listed too.
 */
function findUrls(text, options = {}) {
    if (!/https?:\/\/|www\./i.test(text))
        return [];
    const spans = [];
    Start.lastIndex = 0;
    let from = 0;
    for (let m = Start.exec(text); m; m = Start.exec(text)) {
        const start = m.index;
        if (start < from)
            continue;
        const before = text[start - 1];
        const www = m[0].toLowerCase() === 'www.';
        // GitHub links "https://" after anything but an ASCII letter (it reads the letters before
        // the ":" as the scheme), "www." only at the start, after a space or one of "*_~(".
        if (before !== undefined && (www ? !/[\s*_~(]/.test(before) : /[A-Za-z]/.test(before)))
            continue;
        let end = start + m[0].length;
        let depth = 0;
        while (end < text.length) {
            const c = text[end];
            if (!UrlChar.test(c))
                break;
            if (c === '(')
                depth += 1;
            else if (c === ')') {
                if (depth === 0)
                    break;
                depth -= 1;
            }
            end += 1;
        }
        end = trimTrailing(text, start, end);
        const host = hostOf(text.slice(start + m[0].length, end));
        if (host === undefined || (www && !host.includes('.'))) {
            Start.lastIndex = start + m[0].length;
            continue;
        }
        spans.push({ start, end, www });
        // Overlapping: an address inside another's span too, for callers that may turn the outer down.
        from = options.overlapping ? start + m[0].length : end;
        Start.lastIndex = from;
    }
    return spans;
}
function trimTrailing(text, start, end) {
    let last = end;
    while (last > start) {
        const c = text[last - 1];
        if (c === ';') {
            // "&amp;" at the end is an entity to GitHub, dropped whole.
            const entity = /&[A-Za-z]+;$/.exec(text.slice(start, last));
            last = entity ? last - entity[0].length : last - 1;
        }
        else if (TrailingPunctuation.includes(c))
            last -= 1;
        else
            break;
    }
    return last;
}
/**
 * The host as GitHub's autolinker reads it (letters, digits, "-", "." and "_", no "_" in the last
 * two labels); undefined when it would not link.
 */
function hostOf(rest) {
    const host = /^[\p{L}\p{N}\p{M}\-._]+/u.exec(rest)?.[0];
    if (!host || !/^[\p{L}\p{N}]/u.test(host))
        return undefined;
    const labels = host.replace(/\.+$/, '').split('.');
    if (labels.slice(-2).some((label) => label.includes('_')))
        return undefined;
    return host;
}
/** The href GitHub gives an address it links. */
function urlHref(url, www) {
    return www ? `http://${url}` : url;
}

;// CONCATENATED MODULE: ./src/render/markdown.ts
/**
 * Markdown from hostile text. The answer, query names and CSV cells come from an AI, the prompt
 * from whoever triggered the workflow; none of it may notify people, cross-reference issues,
 * inject HTML (<details>, <!-- -->, our hidden marker) or leave a construct open that swallows
 * the markdown we write after it. Pure.
 */




/**
 * U+2060 WORD JOINER after "@" (and "#"): invisible, keeps the text readable, and GitHub's
 * mention and issue-reference patterns require the name or number right after the sign.
 */
const Joiner = '\u2060';
/** `@user`, `@org/team`, and emails alike: the "@" never touches an alphanumeric afterwards. */
function breakMentions(text) {
    return text.replace(/@(?=[A-Za-z0-9])/g, `@${Joiner}`);
}
/** `#123` and `owner/repo#123` would add a cross-reference to another issue's timeline. */
function breakIssueRefs(text) {
    return text.replace(/#(?=[0-9])/g, `#${Joiner}`);
}
/** Character references would be decoded back into "<" or "@" after we neutralised them. */
const EntityLike = /^&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});/;
/** Text for HTML contexts we write (`<summary>`): every tag and reference inert, no mentions. */
function escapeHtml(text) {
    // Joiners first: inserted after escaping they would split our own "&#39;".
    return breakIssueRefs(breakMentions((0,render_text/* cleanText */.X5)(text)))
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}
/** Punctuation that means something to GitHub markdown inline; escaped it is shown as is. */
const InlinePunctuation = /[\\`*_[\]<>|~!()$]/g;
function escapePunctuation(text) {
    return text
        .replace(InlinePunctuation, (c) => `\\${c}`)
        .replace(/&(?=[#A-Za-z])/g, (amp, at, all) => (EntityLike.test(all.slice(at)) ? '&amp;' : amp));
}
function escapePlain(text) {
    return escapePunctuation(breakIssueRefs(breakMentions(text)));
}
/**
 * A web address as a link whose text and href are the address as written: an autolink for
 * http(s) (nothing inside one is escaped or parsed), an explicit link for www.
 */
function addressLink(url, span) {
    // The text keeps "&amp;" literal, so the destination does too (GitHub decodes entities there).
    return span.www ? `[${escapePunctuation(url)}](<${urlHref(url, true).replace(/&/g, '&amp;')}>)` : `<${url}>`;
}
/**
 * One line of literal text inside markdown we write (names, messages, labels): no formatting,
 * HTML, mentions or line breaks survive. Web addresses stay working links with the text as
 * written (escaping inside them would put the backslashes into the link).
 */
function escapeInline(text) {
    const flat = (0,render_text/* cleanText */.X5)(text).replace(/\s+/g, ' ').trim();
    let out = '';
    let at = 0;
    for (const span of findUrls(flat)) {
        out += escapePlain(flat.slice(at, span.start)) + addressLink(flat.slice(span.start, span.end), span);
        at = span.end;
    }
    return out + escapePlain(flat.slice(at));
}
/**
 * A table cell: one line, pipes escaped, long values cut with "…", binary data not shown. A web
 * address the cut would break is left out whole (or shown as code when it is all there is).
 */
function escapeTableCell(value, maxChars = 200) {
    if ((0,render_text/* looksBinary */.Wb)(value))
        return '_(binary data)_';
    const flat = (0,render_text/* cleanText */.X5)(value).replace(/\s+/g, ' ').trim();
    const cut = (0,lib_text/* truncateText */.EJ)(flat, maxChars);
    if (cut === flat)
        return escapeInline(flat);
    const kept = cut.length - 1;
    const broken = findUrls(flat).find((span) => span.start < kept && span.end > kept);
    if (!broken)
        return escapeInline(cut);
    if (broken.start === 0)
        return inlineCode(cut, { table: true });
    return escapeInline(`${flat.slice(0, broken.start).trimEnd()} …`);
}
function longestBacktickRun(text) {
    let longest = 0;
    for (const run of text.matchAll(/`+/g))
        longest = Math.max(longest, run[0].length);
    return longest;
}
/**
 * A code span around any text. In a table cell, pipes must be escaped even inside code (GFM
 * splits cells first and drops the backslash).
 */
function inlineCode(text, options = {}) {
    let content = breakMentions((0,render_text/* cleanText */.X5)(text).replace(/\s+/g, ' '));
    if (options.table)
        content = content.replace(/\|/g, '\\|');
    if (content.length === 0)
        return '` `';
    const fence = '`'.repeat(longestBacktickRun(content) + 1);
    const pad = /^[ `]|[ `]$/.test(content) ? ' ' : '';
    return `${fence}${pad}${content}${pad}${fence}`;
}
/** A fenced code block no line of the content can close early. */
function codeBlock(text, language = '') {
    const content = breakMentions((0,render_text/* cleanText */.X5)(text)).replace(/\n+$/, '');
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
    const info = (language.trim().split(/\s/)[0] ?? '').replace(/[^A-Za-z0-9_+-]/g, '');
    return `${fence}${info}\n${content}\n${fence}`;
}
/** "no value" in a table: empty, or a dash. */
const NoValue = /^[-–—]?$/;
/** Right for columns of numbers (every cell with a value is one, as Omni formats them), so digits line up. */
function columnAlign(header, rows) {
    return header.map((_, c) => {
        const cells = rows.map((row) => (row[c] ?? '').trim()).filter((cell) => !NoValue.test(cell));
        return cells.length > 0 && cells.every((cell) => (0,suite_cells/* parseNumber */.$J)(cell) !== undefined) ? 'right' : undefined;
    });
}
/**
 * A markdown table. Rows are padded or cut to the header's width; more than maxColumns columns
 * are dropped (the caller says so); every cell is escaped and capped; columns of numbers are
 * right-aligned unless `align` says otherwise.
 */
function markdownTable(header, rows, options = {}) {
    const maxCellChars = options.maxCellChars ?? 200;
    const width = Math.min(Math.max(header.length, ...rows.map((r) => r.length), 0), options.maxColumns ?? Number.POSITIVE_INFINITY);
    if (width === 0)
        return '';
    const line = (cells) => {
        const out = [];
        for (let c = 0; c < width; c += 1)
            out.push(escapeTableCell(cells[c] ?? '', maxCellChars) || ' ');
        return `| ${out.join(' | ')} |`;
    };
    const align = options.align ?? columnAlign(header.slice(0, width), rows);
    const delimiter = Array.from({ length: width }, (_, c) => (align[c] === 'right' ? ' ---: |' : ' --- |')).join('');
    return [line(header), `|${delimiter}`, ...rows.map(line)].join('\n');
}
/**
 * A line of a Mermaid block the AI wrote, unable to configure Mermaid: Mermaid reads `%%{…}%%`
 * directives anywhere in a block, and front matter (`---`) at its start.
 */
function neutraliseMermaid(line, first) {
    const inert = line.replace(/%%\{/g, '%% {');
    return first && /^\s*---\s*$/.test(inert) ? `%% ${inert}` : inert;
}
/** Openers only at column 0: there GitHub surely starts a top-level block, never inside a list. */
const FenceOpen = /^(?:(`{3,})[^`]*|(~{3,}).*)$/;
/** Closers as CommonMark accepts them (up to 3 spaces), so we never think a block still open. */
const FenceClose = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** Blockquote and list markers at the start of a line: ">" there is markdown, not HTML. */
const LinePrefix = /^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*/;
const AsciiPunctuation = /[!-/:-@[-`{-~]/;
/** Characters sanitizeLine acts on; lines without any are kept as they are. */
const Special = /[\\`<>&@#]/;
/** A CommonMark autolink to an http(s) address: no space, "<" or ">" inside, so never HTML. */
// eslint-disable-next-line no-control-regex
const Autolink = /^<https?:\/\/[^\s<>\u0000-\u001f\u007f]+>/i;
/**
 * Addresses in an answer's line that GitHub surely turns into links, so that what is inside them
 * can stay as written (findUrls knows where GitHub starts one), except inside link text: after
 * an open "[".
 */
/** Where a code span starting at `at` ends as sanitizeLine pairs them (same run, no "|" between); after the run when none. */
function codeSpanEnd(line, at) {
    const run = /^`+/.exec(line.slice(at))?.[0].length ?? 1;
    const closer = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
    closer.lastIndex = at + run;
    const m = closer.exec(line);
    if (!m || line.slice(at + run, m.index).includes('|'))
        return at + run;
    return m.index + run;
}
function linkedAddresses(line) {
    const spans = findUrls(line, { overlapping: true });
    if (spans.length === 0)
        return [];
    const linked = [];
    let open = 0;
    let closedAt = -1;
    let k = 0;
    for (const span of spans) {
        if (span.start < k)
            continue;
        let inCode = false;
        for (; k < span.start; k += 1) {
            const c = line[k];
            if (c === '\\' && AsciiPunctuation.test(line[k + 1] ?? ''))
                k += 1;
            else if (c === '`') {
                const end = codeSpanEnd(line, k);
                inCode = end > span.start;
                k = end - 1;
            }
            else if (c === '[')
                open += 1;
            else if (c === ']' && open > 0) {
                open -= 1;
                closedAt = k;
            }
        }
        // Inside a code span: code, not a link.
        if (inCode)
            continue;
        if (open === 0) {
            // `[text](address)`: GitHub reads the destination whole, so it stays as written.
            const destination = closedAt >= 0 && closedAt === span.start - 2 && line[span.start - 1] === '(' && line[span.end] === ')';
            linked.push({ ...span, destination });
            // Brackets inside a link are its text, not link brackets.
            k = span.end;
        }
    }
    return linked;
}
/**
 * Sanitises one line outside fenced code. Code spans are kept only when they close on the same
 * line and hold no "|": then GitHub pairs the backticks exactly as we do (its pairing runs over
 * the paragraph and table cells split first). Every other backtick is escaped. Outside code
 * spans "<" and ">" are escaped, so no tag, comment or autolink can start.
 */
function sanitizeLine(line) {
    if (!Special.test(line))
        return line;
    const prefix = LinePrefix.exec(line)?.[0] ?? '';
    const rest = line.slice(prefix.length);
    let out = prefix;
    // Backtick runs of the line, and for each length the runs in order, to find closers in O(1).
    const runs = [];
    const nextOfLength = new Map();
    const runAt = new Map();
    const pipeAfter = [];
    if (rest.includes('`')) {
        for (const m of rest.matchAll(/`+/g)) {
            const k = runs.push({ at: m.index, length: m[0].length }) - 1;
            runAt.set(m.index, k);
            const list = nextOfLength.get(m[0].length);
            if (list)
                list.push(k);
            else
                nextOfLength.set(m[0].length, [k]);
        }
        let next = Number.POSITIVE_INFINITY;
        for (let p = rest.length - 1; p >= 0; p -= 1) {
            if (rest.charCodeAt(p) === 124)
                next = p;
            pipeAfter[p] = next;
        }
    }
    // Addresses GitHub links for sure become autolinks: what is inside them stays as written (a
    // mention or "#1" in one is part of the link), and no escape we add next to one can be taken
    // into it (GitHub's autolinker reads raw text up to a space).
    const linked = linkedAddresses(rest);
    const destinations = linked.filter((span) => span.destination);
    const addresses = linked.filter((span) => !span.destination);
    let address = 0;
    let destination = 0;
    const inDestination = (at) => {
        while (destination < destinations.length && destinations[destination].end <= at)
            destination += 1;
        const span = destinations[destination];
        return span !== undefined && span.start <= at;
    };
    const escapeRun = (length) => '\\`'.repeat(length);
    const special = new RegExp(Special.source, 'g');
    let i = 0;
    while (i < rest.length) {
        special.lastIndex = i;
        const m = special.exec(rest);
        while (address < addresses.length && addresses[address].start < i)
            address += 1;
        const next = addresses[address];
        if (next && (!m || next.start < m.index)) {
            out += rest.slice(i, next.start);
            // A lone backslash just before would escape the "<" or "[" that starts the link.
            if ((/\\+$/.exec(out)?.[0].length ?? 0) % 2 === 1)
                out += '\\';
            out += addressLink(rest.slice(next.start, next.end), next);
            i = next.end;
            continue;
        }
        if (!m) {
            out += rest.slice(i);
            break;
        }
        const at = m.index;
        out += rest.slice(i, at);
        const c = rest[at];
        i = at + 1;
        switch (c) {
            case '\\': {
                const next = rest[at + 1];
                if (next === '`') {
                    // The whole run becomes literal, so no shorter run is left to pair differently.
                    const k = runAt.get(at + 1);
                    const length = k === undefined ? 1 : (runs[k]?.length ?? 1);
                    out += '\\' + escapeRun(length).slice(1);
                    i = at + 1 + length;
                }
                else if (next !== undefined && AsciiPunctuation.test(next) && !'<>&@#'.includes(next)) {
                    out += `\\${next}`;
                    i = at + 2;
                }
                else {
                    // "\<" or "\@": keep the backslash, let the next round neutralise the sign.
                    out += '\\';
                }
                break;
            }
            case '`': {
                const k = runAt.get(at);
                const run = runs[k];
                // Runs already passed (inside earlier spans, or this one) are dropped lazily.
                const sameLength = nextOfLength.get(run.length);
                while (sameLength.length > 0 && sameLength[0] <= k)
                    sameLength.shift();
                const closer = sameLength[0] === undefined ? undefined : runs[sameLength[0]];
                const end = run.at + run.length;
                if (closer && (pipeAfter[end] ?? Number.POSITIVE_INFINITY) > closer.at) {
                    out += rest.slice(at, end) + breakMentions(rest.slice(end, closer.at)) + rest.slice(closer.at, closer.at + closer.length);
                    i = closer.at + closer.length;
                }
                else {
                    out += escapeRun(run.length);
                    i = end;
                }
                break;
            }
            case '<': {
                // An autolink holds no HTML and links what it shows; keep it a link.
                const autolink = Autolink.exec(rest.slice(at, at + 2_100));
                if (autolink) {
                    out += autolink[0];
                    i = at + autolink[0].length;
                }
                else
                    out += '&lt;';
                break;
            }
            case '>':
                out += '&gt;';
                break;
            case '&':
                out += EntityLike.test(rest.slice(at, at + 42)) ? '&amp;' : '&';
                break;
            case '@':
                out += /[A-Za-z0-9]/.test(rest[at + 1] ?? '') && !inDestination(at) ? `@${Joiner}` : '@';
                break;
            case '#':
                out += /[0-9]/.test(rest[at + 1] ?? '') && !inDestination(at) ? `#${Joiner}` : '#';
                break;
        }
    }
    return out;
}
/**
 * Markdown from the AI or a user, made safe to embed: headings, lists, emphasis, links, tables,
 * blockquotes and code keep working; HTML, comments, entities, mentions and issue references are
 * neutralised; a code fence left open is closed. Fenced code is kept verbatim except mentions.
 */
function sanitizeMarkdown(text) {
    const lines = (0,render_text/* cleanText */.X5)(text).split('\n');
    const out = [];
    let fence;
    for (const line of lines) {
        if (fence) {
            const close = FenceClose.exec(line);
            if (close && close[1]?.[0] === fence.char && (close[1]?.length ?? 0) >= fence.length)
                fence = undefined;
            else if (fence.mermaid) {
                out.push(breakMentions(neutraliseMermaid(line, fence.lines === 0)));
                fence.lines += 1;
                continue;
            }
            out.push(breakMentions(line));
            continue;
        }
        const open = FenceOpen.exec(line);
        if (open) {
            const marks = (open[1] ?? open[2]);
            const mermaid = /^\s*mermaid(?:\s|$)/i.test(line.slice(marks.length));
            fence = { char: marks[0], length: marks.length, mermaid, lines: 0 };
            out.push(marks + sanitizeLine(line.slice(marks.length)));
            continue;
        }
        // Indented 1–3 spaces, a tilde run would open a fence we do not track: make it text.
        out.push(sanitizeLine(line.replace(/^( {1,3})~~~/, '$1\\~~~')));
    }
    if (fence)
        out.push(fence.char.repeat(fence.length));
    return out.join('\n');
}
const charLength = (text) => text.length;
const byteLength = lib_text/* utf8Length */.wI;
/**
 * sanitizeMarkdown within a budget (measured after sanitising, which may grow the text). The
 * source is cut before sanitising, never the result, so the cut cannot leave a span or fence
 * open. Returns whether anything was left out.
 */
function sanitizeMarkdownWithin(text, budget, measure = charLength) {
    // Cleaning is the only step that shrinks text; after it, sanitising only adds.
    const source = (0,render_text/* cleanText */.X5)(text);
    if (measure(source) <= budget) {
        const whole = sanitizeMarkdown(source);
        if (measure(whole) <= budget)
            return { markdown: whole, cut: false };
    }
    const attempt = (chars) => sanitizeMarkdown(`${(0,lib_text/* truncateText */.EJ)(source, chars, '')}…`);
    const fits = (candidate) => measure(candidate) <= budget;
    // Escapes grow text by a ratio that is roughly even across it: a few proportional steps find
    // a prefix that fits, then a short bisection gets close to the largest (exactness not needed).
    let tooLong = Math.min(source.length, measure === byteLength ? (0,lib_text/* utf8Prefix */.yx)(source, budget).length : budget) + 1;
    let best = '';
    let bestChars = 0;
    for (let step = 0, chars = tooLong - 1; step < 8 && chars > 0; step += 1) {
        const candidate = attempt(chars);
        if (fits(candidate)) {
            best = candidate;
            bestChars = chars;
            break;
        }
        tooLong = chars;
        chars = Math.min(chars - 1, Math.floor((chars * budget) / measure(candidate) * 0.97));
    }
    // Nothing found yet (tiny budgets, odd growth): bisect all the way down.
    const rounds = best ? 6 : 64;
    for (let round = 0; round < rounds && tooLong - bestChars > 1; round += 1) {
        const mid = Math.floor((bestChars + tooLong) / 2);
        const candidate = attempt(mid);
        if (fits(candidate)) {
            best = candidate;
            bestChars = mid;
        }
        else {
            tooLong = mid;
        }
    }
    return { markdown: best, cut: true };
}


/***/ }),

/***/ 3225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cE: () => (/* binding */ answerMarkdown),
  yy: () => (/* binding */ answerText),
  Gg: () => (/* binding */ compareChart),
  zH: () => (/* binding */ details),
  nf: () => (/* binding */ parts_link),
  Iz: () => (/* binding */ mainQueryIndex),
  N4: () => (/* binding */ promptQuote),
  LJ: () => (/* binding */ queryChart),
  Sd: () => (/* binding */ queryFields),
  Ym: () => (/* binding */ queryRows),
  tA: () => (/* binding */ queryTable),
  jO: () => (/* binding */ queryTitle),
  lu: () => (/* binding */ requestFacts),
  NG: () => (/* binding */ stateBadge),
  Je: () => (/* binding */ stateExplanation),
  qR: () => (/* binding */ timingFacts)
});

// UNUSED EXPORTS: formatTimestamp, inWords, queryFailure, safeUrl

// EXTERNAL MODULE: ./src/lib/csv.ts
var lib_csv = __webpack_require__(1715);
// EXTERNAL MODULE: ./src/suite/cells.ts
var cells = __webpack_require__(1781);
// EXTERNAL MODULE: ./src/render/markdown.ts + 1 modules
var render_markdown = __webpack_require__(1159);
// EXTERNAL MODULE: ./src/lib/text.ts
var lib_text = __webpack_require__(9112);
// EXTERNAL MODULE: ./src/render/text.ts
var render_text = __webpack_require__(893);
;// CONCATENATED MODULE: ./src/render/chart.ts




/** More categories than this and the bars turn into a barcode. */
const ChartMaxRows = 30;
const LabelMaxChars = 40;
const TitleMaxChars = 80;
/** Timeframes Omni names fields with (`orders.created_at[month]`) and date-like values. */
const TimeField = /\[(?:date|day|week|month|quarter|year|hour|minute|time|raw)\]$|_(?:date|day|week|month|quarter|year|at|time)$/i;
const TimeValue = /^\d{4}(?:-(?:\d{2}(?:-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?)?|Q[1-4]|W\d{2}))?$/;
/**
 * The chart's data when the table is one dimension (text, or a time) and one or two measures
 * (numbers in every charted row); undefined otherwise.
 */
function chartData(csv, fields = [], totalRows = 0) {
    const { header, rows } = csv;
    if (header.length < 2 || header.length > 3 || rows.length < 2)
        return undefined;
    const charted = rows.slice(0, ChartMaxRows);
    const column = (c) => charted.map((row) => (row[c] ?? '').trim());
    const keys = column(0);
    const time = TimeField.test(fields[0] ?? '') || keys.every((key) => TimeValue.test(key));
    // A first column of plain numbers is a measure, not a dimension (unless it is a time).
    if (!time && keys.every((key) => (0,cells/* parseNumber */.$J)(key) !== undefined))
        return undefined;
    const measures = [];
    for (let c = 1; c < header.length; c += 1) {
        const values = column(c).map(plainNumber);
        // A column that is not all numbers is a second dimension: no chart.
        if (values.some((v) => v === undefined))
            return undefined;
        measures.push({ name: header[c] ?? '', values: values });
    }
    return { dimension: { name: header[0] ?? '', values: keys, time }, measures, totalRows: Math.max(rows.length, csv.totalRows, totalRows) };
}
/**
 * "$1,234.50" → "1234.50", "(12)" → "-12", "12.5%" → "12.5": the digits the data shows, in the
 * form Mermaid reads; undefined for anything that is not a number.
 */
function plainNumber(cell) {
    const value = (0,cells/* parseNumber */.$J)(cell);
    if (value === undefined)
        return undefined;
    const digits = cell.replace(/[^0-9.]/g, '');
    if (/^\d+(?:\.\d+)?$/.test(digits) && Number(digits) === Math.abs(value))
        return `${value < 0 ? '-' : ''}${digits}`;
    // Exponents: Mermaid reads none, so the number is written out.
    const written = Math.abs(value).toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
    return /^\d+(?:\.\d+)?$/.test(written) ? `${value < 0 ? '-' : ''}${written}` : undefined;
}
/**
 * Text for a quoted Mermaid string: one line, no quote or backtick to end it, no "%%" to start a
 * directive or comment, no tag for Mermaid to drop, within a length; still recognisable.
 */
function chartLabel(text, maxChars = LabelMaxChars) {
    const flat = (0,render_text/* cleanText */.X5)(text)
        .replace(/\s+/g, ' ')
        .replace(/["`]/g, "'")
        .replace(/%{2,}/g, '%')
        // Mermaid runs titles through an HTML sanitiser that drops tags (and more): no "<" reaches it.
        .replace(/</g, '‹')
        .trim();
    return (0,lib_text/* truncateText */.EJ)(flat, maxChars) || '(empty)';
}
/** A fenced Mermaid block drawing `data`, with a line saying what the marks are and what is left out. */
function mermaidChart(data, options = {}) {
    const quote = (text, max) => `"${chartLabel(text, max)}"`;
    const [first, second] = data.measures;
    if (!first)
        return '';
    // Categories with long names read across, not under each other: bars run sideways.
    const lines = ['```mermaid', data.dimension.time ? 'xychart-beta' : 'xychart-beta horizontal'];
    if (options.title?.trim())
        lines.push(`    title ${quote(options.title, TitleMaxChars)}`);
    lines.push(`    x-axis ${quote(data.dimension.name)} [${data.dimension.values.map((v) => quote(v)).join(', ')}]`);
    const notes = [];
    if (options.compare) {
        lines.push(`    y-axis ${quote(first.name)} ${range([...first.values, ...options.compare.secondValues])}`, `    bar [${first.values.join(', ')}]`, `    line [${options.compare.secondValues.join(', ')}]`);
        notes.push(`bars: ${(0,render_markdown/* escapeInline */.VV)(options.compare.first)}, line: ${(0,render_markdown/* escapeInline */.VV)(options.compare.second)}`);
    }
    else if (second) {
        lines.push(`    y-axis " " ${range([...first.values, ...second.values])}`, `    bar [${first.values.join(', ')}]`, `    line [${second.values.join(', ')}]`);
        notes.push(`bars: ${(0,render_markdown/* escapeInline */.VV)(chartLabel(first.name))}, line: ${(0,render_markdown/* escapeInline */.VV)(chartLabel(second.name))}`);
    }
    else {
        const axis = data.dimension.time ? '' : ` ${range(first.values)}`;
        lines.push(`    y-axis ${quote(first.name)}${axis}`, `    ${data.dimension.time ? 'line' : 'bar'} [${first.values.join(', ')}]`);
    }
    lines.push('```');
    if (data.totalRows > data.dimension.values.length) {
        notes.push(`the first ${(0,render_text/* formatCount */.B4)(data.dimension.values.length)} of ${(0,render_text/* formatCount */.B4)(data.totalRows)} rows`);
    }
    return notes.length === 0 ? lines.join('\n') : `${lines.join('\n')}\n\n${chartNote(notes)}`;
}
/**
 * The value axis from 0 (or below, for negative numbers) to the largest value: bars measured from
 * anywhere else would mislead (Mermaid starts the axis at the smallest value).
 */
function range(values) {
    const numbers = values.map(Number);
    const low = Math.min(0, ...numbers);
    const high = Math.max(0, ...numbers);
    const show = (n) => values.find((v) => Number(v) === n) ?? String(n);
    return `${show(low)} --> ${show(high === low ? 1 : high)}`;
}
/** The note under a chart, from markdown already escaped. */
function chartNote(notes) {
    return `_Chart: ${notes.join('; ')}._`;
}

;// CONCATENATED MODULE: ./src/render/parts.ts
/** Pieces of an outcome report shared by the summary, the comment and the suite report. Pure. */






const UrlMaxChars = 2_000;
/** Names and ids we show (branch, topic, ids, paths): generous, but bounded. */
const NameMaxChars = 200;
const StateEmoji = {
    COMPLETE: '✅',
    FAILED: '❌',
    CANCELLED: '🚫',
    TIMEOUT: '⏱️',
};
/** "✅ COMPLETE", "❌ FAILED", "🚫 CANCELLED", "⏱️ TIMEOUT". */
function stateBadge(state) {
    return `${StateEmoji[state]} ${state}`;
}
/**
 * An http(s) URL fit for a markdown link destination, credentials dropped; undefined otherwise.
 * "@" is encoded too: no text we write looks like a mention, even inside a link.
 */
function safeUrl(raw) {
    if (!raw || raw.length > UrlMaxChars)
        return undefined;
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return undefined;
    url.username = '';
    url.password = '';
    return url.href.replace(/[()'\s<>"`@\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
/** `[text](url)`, or just the text when the URL is unusable. */
function parts_link(text, url) {
    const href = safeUrl(url);
    const label = (0,render_markdown/* escapeInline */.VV)(text);
    return href ? `[${label}](${href})` : label;
}
/** Omni's timestamps as "2025-01-15 10:00:08 UTC"; anything unparsable shown literally. */
function formatTimestamp(value) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
        return (0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(value, 64));
    return `${date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC`;
}
/** The prompt as a blockquote (every line, so nothing in it escapes the quote). */
function promptQuote(prompt, maxChars) {
    const text = prompt.trim().replace(/\n\s*\n(\s*\n)+/g, '\n\n') || '(empty prompt)';
    const { markdown } = (0,render_markdown/* sanitizeMarkdownWithin */._K)(text, maxChars);
    return markdown
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
}
/** Model, branch, topic, conversation and job, as a bullet list. */
function requestFacts(outcome, modelLabel) {
    const { request } = outcome;
    const code = (value) => (0,render_markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(value, NameMaxChars));
    const model = modelLabel ? `${(0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(modelLabel, NameMaxChars))} (${code(request.modelId)})` : code(request.modelId);
    let branch = 'shared model';
    if (request.branchName && request.branchId)
        branch = `${code(request.branchName)} (${code(request.branchId)})`;
    else if (request.branchName)
        branch = code(request.branchName);
    else if (request.branchId)
        branch = code(request.branchId);
    const topic = outcome.topicName ?? request.topicName;
    const facts = [`- **Model:** ${model}`, `- **Branch:** ${branch}`];
    if (topic)
        facts.push(`- **Topic:** ${code(topic)}`);
    if (outcome.conversationId) {
        const continued = request.conversationId ? ' (continued)' : '';
        facts.push(`- **Conversation:** ${code(outcome.conversationId)}${continued}`);
    }
    if (outcome.jobId)
        facts.push(`- **Job:** ${code(outcome.jobId)}`);
    return facts;
}
/** Created, started, finished and how long the action waited. */
function timingFacts(outcome) {
    const { timings } = outcome;
    const facts = [];
    if (timings.createdAt)
        facts.push(`- **Created:** ${formatTimestamp(timings.createdAt)}`);
    if (timings.executionStartedAt)
        facts.push(`- **Started:** ${formatTimestamp(timings.executionStartedAt)}`);
    if (timings.finishedAt)
        facts.push(`- **Finished:** ${formatTimestamp(timings.finishedAt)}`);
    facts.push(`- **Waited:** ${(0,render_text/* formatDuration */.a3)(timings.waitedMs)}`);
    return facts;
}
const LastStateWords = {
    QUEUED: 'still queued',
    EXECUTING: 'still executing',
    DELIVERING: 'delivering its result',
    COMPLETE: 'complete',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
};
/**
 * Why the outcome is what it is, for every state but a plain COMPLETE, and what to do about it:
 * Omni's error, the timeout, who cancelled, or why the details of a complete answer are missing.
 * Empty when there is nothing to say.
 */
function stateExplanation(outcome) {
    switch (outcome.state) {
        case 'FAILED': {
            const { message, code, detail } = outcome.error;
            const lines = [`**Omni reported an error:** ${(0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(message || 'no message', 2_000))}`];
            if (code)
                lines.push('', `**Code:** ${(0,render_markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(code, 200))}`);
            if (detail)
                lines.push('', ...detailLines(detail));
            return lines.join('\n');
        }
        case 'TIMEOUT': {
            const stop = outcome.cancelConfirmed
                ? 'The job was cancelled in Omni.'
                : `The cancel was not confirmed, so the job may still be running in Omni; the action's post step tries again. To stop it yourself, ${parts_link('open the conversation in Omni', outcome.omniChatUrl)} and stop the answer there, or cancel job ${(0,render_markdown/* inlineCode */.ti)(outcome.jobId)} through Omni's API (\`POST /v1/ai/jobs/{jobId}/cancel\`).`;
            return [
                `**Timed out** after ${(0,render_text/* formatDuration */.a3)(outcome.timeoutSeconds * 1000)}: the job was ${LastStateWords[outcome.lastState]} (last state ${(0,render_markdown/* inlineCode */.ti)(outcome.lastState)}). If answers need longer, raise \`timeoutSeconds\` (now ${(0,render_text/* formatCount */.B4)(outcome.timeoutSeconds)}).`,
                '',
                stop,
            ].join('\n');
        }
        case 'CANCELLED': {
            const who = outcome.cancelledBy === 'workflow'
                ? '**Cancelled by the workflow run:** the run was cancelled, so the Omni job was cancelled too.'
                : '**Cancelled in Omni**, by a user or by Omni, before it finished.';
            return outcome.cancelledAt ? `${who}\n\nCancelled at ${formatTimestamp(outcome.cancelledAt)}.` : who;
        }
        case 'COMPLETE':
            if (outcome.result || !outcome.resultError)
                return '';
            return `_The queries and data behind this answer could not be fetched: ${(0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(inWords(outcome.resultError), 500).replace(/[.\s]+$/, ''))}. The answer itself is complete; the conversation in Omni shows the queries._`;
    }
}
/** Omni's detail: wrapped text when it is one line (a code block would run off the page), else code. */
function detailLines(detail) {
    const text = (0,lib_text/* truncateText */.EJ)(detail.trim(), 4_000);
    return text.includes('\n') ? ['**Detail:**', '', (0,render_markdown/* codeBlock */.DV)(text, 'text')] : [`**Detail:** ${(0,render_markdown/* escapeInline */.VV)(text)}`];
}
const StatusWords = {
    '401': 'Omni rejected the API key',
    '403': 'Omni refused',
    '404': 'Omni no longer has it',
    '429': "Omni's rate limit was exceeded",
};
/** "GET /jobs/…/result answered 404 (result expired)" → "Omni no longer has it (result expired)". */
function inWords(message) {
    return message.replace(/\b(?:GET|POST|PUT|PATCH|DELETE) \/\S* answered (\d{3})/g, (_all, status) => StatusWords[status] ?? (status.startsWith('5') ? 'Omni failed with a server error' : `Omni answered ${status}`));
}
/** The answer Omni gave: resultSummary, or the final message when the summary is empty. */
function answerText(outcome) {
    if (outcome.state !== 'COMPLETE')
        return '';
    return outcome.resultSummary.trim() || outcome.result?.message?.trim() || '';
}
/** The answer, sanitised, within maxSize (in measure's unit); says so when it was cut. */
function answerMarkdown(answer, maxSize, measure, cutNote) {
    if (!answer)
        return { markdown: '_Omni returned an empty answer._', cut: false };
    const { markdown, cut } = (0,render_markdown/* sanitizeMarkdownWithin */._K)(answer, maxSize, measure);
    return { markdown: cut ? `${markdown}\n\n${cutNote}` : markdown, cut };
}
/** The query's data as a table with notes on what is not shown. */
function queryTable(query, options) {
    if (!query.csvHead.trim()) {
        if (query.status === 'error')
            return { markdown: queryFailure(query), rows: 0 };
        return { markdown: query.hasResults ? '_No data was returned with the result._' : '_No rows._', rows: 0 };
    }
    const csv = (0,lib_csv/* parseCsv */.W)(query.csvHead, { maxRows: options.maxRows, stopEarly: true });
    const table = (0,render_markdown/* markdownTable */.Qj)(csv.header, csv.rows, {
        maxColumns: options.maxColumns,
        maxCellChars: options.maxCellChars,
    });
    const notes = [];
    // With stopEarly the parse only knows a lower bound; Omni's count is the truth when larger.
    const total = Math.max(query.totalRowCount, csv.totalRows);
    if (csv.rows.length < total)
        notes.push(`first ${(0,render_text/* plural */.LS)(csv.rows.length, 'row')} of ${(0,render_text/* formatCount */.B4)(total)}`);
    const columns = Math.max(csv.header.length, ...csv.rows.map((r) => r.length));
    if (columns > options.maxColumns)
        notes.push(`first ${(0,render_text/* formatCount */.B4)(options.maxColumns)} of ${(0,render_text/* formatCount */.B4)(columns)} columns`);
    if (query.truncatedByOmni)
        notes.push('Omni returned only part of the rows');
    const markdown = notes.length === 0 ? table : `${table}\n\n_Showing ${notes.join('; ')}._`;
    return { markdown, rows: csv.rows.length };
}
/** Why the query failed, in Omni's words when the result has them. */
function queryFailure(query) {
    const reason = query.failure?.trim();
    return reason ? `_The query failed:_ ${(0,render_markdown/* escapeInline */.VV)((0,lib_text/* truncateText */.EJ)(reason, 1_000))}` : '_The query failed; Omni gave no reason._';
}
/** "5 rows" for a query that ran; "failed" for one that did not. */
function queryRows(query) {
    return query.status === 'success' ? (0,render_text/* plural */.LS)(query.totalRowCount, 'row') : 'failed';
}
/** The query an answer rests on: the last one that returned data. */
function mainQueryIndex(queries) {
    const { query, index } = (0,cells/* selectQuery */.Z1)(queries);
    return query && query.status === 'success' && query.csvHead.trim() ? index : -1;
}
/** The query's data as a chart, when one dimension and one or two measures make one; else ''. */
function queryChart(query) {
    const data = chartOf(query);
    return data ? mermaidChart(data) : '';
}
function chartOf(query) {
    if (query.status !== 'success' || !query.csvHead.trim())
        return undefined;
    const csv = (0,lib_csv/* parseCsv */.W)(query.csvHead, { maxRows: ChartMaxRows, stopEarly: true });
    return chartData(csv, query.fields, query.totalRowCount);
}
/**
 * The branch's data against the shared model's, when both are one dimension with the same
 * values (in any order) and the same first measure; else ''. Rows only one side has would show
 * as a zero that is not in the data, so then no chart is drawn.
 */
function compareChart(branch, shared) {
    const b = chartOf(branch);
    const s = chartOf(shared);
    if (!b || !s)
        return '';
    const measure = b.measures[0];
    const sharedMeasure = s.measures.find((m) => m.name === measure?.name);
    if (!measure || !sharedMeasure || b.dimension.name !== s.dimension.name)
        return '';
    if (b.totalRows !== s.totalRows || b.dimension.values.length !== s.dimension.values.length)
        return '';
    const sharedByKey = new Map(s.dimension.values.map((key, k) => [key, sharedMeasure.values[k]]));
    if (sharedByKey.size !== s.dimension.values.length)
        return '';
    const secondValues = b.dimension.values.map((key) => sharedByKey.get(key));
    if (secondValues.some((v) => v === undefined))
        return '';
    return mermaidChart({ ...b, measures: [measure] }, { compare: { first: 'this branch', second: 'shared model', secondValues: secondValues } });
}
/** Field names the query used, inline. */
function queryFields(query, max = 20) {
    if (query.fields.length === 0)
        return '';
    const shown = query.fields.slice(0, max).map((f) => (0,render_markdown/* inlineCode */.ti)((0,lib_text/* truncateText */.EJ)(f, 100)));
    const more = query.fields.length > max ? ` and ${(0,render_text/* formatCount */.B4)(query.fields.length - max)} more` : '';
    return `**Fields:** ${shown.join(', ')}${more}`;
}
/** A one-line title for a query: "1. Top products". */
function queryTitle(query, index) {
    return `${index + 1}. ${(0,lib_text/* truncateText */.EJ)(query.name.replace(/\s+/g, ' ').trim() || 'Query', 200)}`;
}
/** `<details>` with a summary line we escape; the body must be our own markdown. */
function details(summary, body, open = false) {
    // One line: the <summary> line starts an HTML block, which a blank line would end early.
    const summaryHtml = (0,render_markdown/* escapeHtml */.ZD)(summary.replace(/\s+/g, ' ').trim());
    return `<details${open ? ' open' : ''}><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}


/***/ }),

/***/ 893:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B4: () => (/* binding */ formatCount),
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   Wb: () => (/* binding */ looksBinary),
/* harmony export */   X5: () => (/* binding */ cleanText),
/* harmony export */   a3: () => (/* binding */ formatDuration)
/* harmony export */ });
/** Plain-text hygiene and number words shared by every renderer; sizes and cuts are in lib/text.ts. Pure. */
/**
 * Invisible or direction-changing characters that can make text read differently from what it
 * is (Trojan Source), plus C0/C1 controls other than tab and newline. Zero-width joiners and
 * spaces stay: emoji sequences need them and they cannot reorder text.
 */
// eslint-disable-next-line no-control-regex
const Unwanted = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const LoneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Share of junk characters above which text is treated as binary rather than shown. */
const BinaryShare = 0.1;
const BinarySample = 4096;
/**
 * Normalises line endings to \n, drops controls and bidi overrides, replaces lone surrogates
 * (which GitHub would reject or mangle) with U+FFFD. Keeps tab and newline.
 */
function cleanText(text) {
    const cleaned = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(Unwanted, '');
    // ES2024's toWellFormed (Node 20+) does the same as the regex, much faster on large text.
    const wellFormed = cleaned.toWellFormed;
    return wellFormed ? wellFormed.call(cleaned) : cleaned.replace(LoneSurrogate, '\ufffd');
}
/** Mostly controls or replacement characters: data that is not text, not worth showing. */
function looksBinary(text) {
    const sample = text.slice(0, BinarySample);
    if (sample.length === 0)
        return false;
    // eslint-disable-next-line no-control-regex
    const junk = sample.match(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
    return junk / sample.length > BinaryShare;
}
/** 1234567 → "1,234,567" regardless of the runner's locale. */
function formatCount(n) {
    return Number.isFinite(n) ? Math.trunc(n).toLocaleString('en-US') : String(n);
}
/** 83_400 → "1m 23s", 600_000 → "10m"; under a second → "0.4s". Zero parts are left out. */
function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return 'unknown';
    if (ms < 1000)
        return `${(ms / 1000).toFixed(1)}s`;
    const total = Math.round(ms / 1000);
    const parts = [
        [Math.floor(total / 3600), 'h'],
        [Math.floor((total % 3600) / 60), 'm'],
        [total % 60, 's'],
    ];
    return parts
        .filter(([n]) => n > 0)
        .map(([n, unit]) => `${n}${unit}`)
        .join(' ');
}
/** "1 row" / "2 rows". */
function plural(n, one, many = `${one}s`) {
    return `${formatCount(n)} ${n === 1 ? one : many}`;
}


/***/ }),

/***/ 1781:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $J: () => (/* binding */ parseNumber),
/* harmony export */   VR: () => (/* binding */ queryData),
/* harmony export */   Z1: () => (/* binding */ selectQuery),
/* harmony export */   ZV: () => (/* binding */ formatNumber),
/* harmony export */   kn: () => (/* binding */ findColumn),
/* harmony export */   lu: () => (/* binding */ answerTexts),
/* harmony export */   nf: () => (/* binding */ fieldsUsed),
/* harmony export */   yF: () => (/* binding */ queriesOf)
/* harmony export */ });
/* harmony import */ var _lib_csv_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1715);
/** Reading the data behind an answer: which query, which column, what number a cell holds. Pure. */

/**
 * The number a CSV cell shows, as Omni formats them: "1234.5", "1,234.50", "$1,234", "-€12",
 * "(1,234)" (accounting negative), "12.5%" (→ 12.5), "1 234". Undefined for anything else
 * (text, empty, dates).
 */
function parseNumber(cell) {
    let text = cell.trim().replace(/[\s\u00a0\u202f]/g, '');
    if (text === '')
        return undefined;
    let negative = false;
    const parenthesised = /^\((.*)\)$/.exec(text);
    if (parenthesised) {
        negative = true;
        text = parenthesised[1];
    }
    if (text.startsWith('-') || text.startsWith('−')) {
        negative = !negative;
        text = text.slice(1);
    }
    else if (text.startsWith('+')) {
        text = text.slice(1);
    }
    text = text.replace(/^[$€£¥₹]/, '').replace(/%$/, '');
    if (text.startsWith('-') && !negative) {
        // "$-12"
        negative = true;
        text = text.slice(1);
    }
    // Thousands separators only in their places: "1,234,567.89", never "1,2".
    if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$|^\.\d+$/.test(text))
        return undefined;
    const value = Number(text.replace(/,/g, ''));
    if (!Number.isFinite(value))
        return undefined;
    return negative ? -value : value;
}
/** Queries of a complete outcome with a fetched result; empty otherwise. */
function queriesOf(outcome) {
    return outcome.state === 'COMPLETE' ? (outcome.result?.queries ?? []) : [];
}
/**
 * The query the data expectations read: by 0-based index or name, else the last query that
 * returned data (the one the answer rests on): it succeeded with rows, not only a header. Else
 * the last query.
 */
function selectQuery(queries, selector) {
    if (queries.length === 0)
        return { index: -1, why: 'the answer ran no query' };
    if (typeof selector === 'number') {
        const query = queries[selector];
        return query ? { query, index: selector } : { index: -1, why: `there is no query ${selector} (the answer ran ${queries.length}, counted from 0)` };
    }
    if (typeof selector === 'string') {
        const index = queries.findIndex((q) => q.name.trim().toLowerCase() === selector.trim().toLowerCase());
        return index >= 0 ? { query: queries[index], index } : { index: -1, why: `no query is named '${selector}' (${queries.map((q) => `'${q.name}'`).join(', ')})` };
    }
    for (let index = queries.length - 1; index >= 0; index--) {
        const query = queries[index];
        if (returnedData(query))
            return { query, index };
    }
    return { query: queries[queries.length - 1], index: queries.length - 1 };
}
/** The query ran and Omni says it has rows: a header-only CSV is no data. */
function returnedData(query) {
    return query.status === 'success' && query.hasResults && query.totalRowCount > 0;
}
/** The query's rows as fetched (csvHead: the header and first rows). */
function queryData(query) {
    return (0,_lib_csv_js__WEBPACK_IMPORTED_MODULE_0__/* .parseCsv */ .W)(query.csvHead);
}
/** Column by header name (trimmed, case-insensitive) or 0-based index; -1 when absent. */
function findColumn(header, column) {
    if (typeof column === 'number')
        return column < header.length ? column : -1;
    const wanted = column.trim().toLowerCase();
    return header.findIndex((name) => name.trim().toLowerCase() === wanted);
}
/** Every field any query of the answer used. */
function fieldsUsed(queries) {
    return [...new Set(queries.flatMap((q) => q.fields))];
}
/** The answer as reports show it and expectations read it: the summary and the final message. */
function answerTexts(outcome) {
    if (outcome.state !== 'COMPLETE')
        return [];
    const texts = [outcome.resultSummary, outcome.result?.message ?? ''].map((t) => t.trim()).filter((t) => t !== '');
    return [...new Set(texts)];
}
/** "1,234.5" for messages. */
function formatNumber(value) {
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}


/***/ })

};
