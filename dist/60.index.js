export const id = 60;
export const ids = [60];
export const modules = {

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

/***/ 6060:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   runPost: () => (/* binding */ runPost)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var _action_constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(915);
/* harmony import */ var _lib_clock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4517);
/* harmony import */ var _job_state_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(90);
/* harmony import */ var _omni_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7923);
/* harmony import */ var _omni_request_budget_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5328);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7268);
/* harmony import */ var _lib_secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1315);
/* harmony import */ var _action_state_helper_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(560);









const PostRetries = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 2_000, maxRetryAfterMs: 5_000 };
const PostRequestTimeoutMs = 10_000;
/**
 * The backstop for cancellation: a job the main step left running (killed, crashed) is cancelled.
 * Idempotent, and never fails the job: every problem is a warning.
 */
async function runPost() {
    try {
        const { omniApiBase, activeJobIds, requestsPerMinute } = (0,_action_state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .savedPostState */ .NB)();
        if (activeJobIds.length === 0 || !omniApiBase)
            return;
        // Trimmed as the main step does: a key saved with a trailing newline is not a valid header.
        const apiKey = (_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ApiKey) || process.env[_action_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .ApiKeyEnvVar */ .GT] || '').trim();
        (0,_lib_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .registerSecret */ .cl)(apiKey);
        if (!apiKey)
            return;
        const client = new _omni_client_js__WEBPACK_IMPORTED_MODULE_3__/* .OmniClient */ .b({
            apiBase: omniApiBase,
            apiKey,
            clock: _lib_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .systemClock */ .m,
            budget: new _omni_request_budget_js__WEBPACK_IMPORTED_MODULE_6__/* .RequestBudget */ .b(requestsPerMinute, _lib_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .systemClock */ .m),
            retryPolicy: PostRetries,
            requestTimeoutMs: PostRequestTimeoutMs,
        });
        try {
            for (const jobId of activeJobIds)
                await cancelIfRunning(client, jobId);
        }
        finally {
            await client.close();
        }
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Post step: could not check the Omni job: ${(0,_lib_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)((0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .g)(error))}`);
    }
}
async function cancelIfRunning(client, jobId) {
    try {
        const status = await client.getJob(jobId);
        if ((0,_job_state_js__WEBPACK_IMPORTED_MODULE_8__/* .isTerminal */ .Hd)(status.state)) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Omni job ${jobId} is ${status.state}; nothing to cancel.`);
            return;
        }
        const answer = await client.cancelJob(jobId);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Omni job ${jobId} was still ${status.state}; cancel requested, Omni reports ${answer.state}.`);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Post step: could not cancel Omni job ${jobId}: ${(0,_lib_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)((0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .g)(error))}`);
    }
}
/** The post step's entry for @github/local-action (`--post src/modes/post.ts`), which calls an exported run(). */
const run = runPost;


/***/ })

};
