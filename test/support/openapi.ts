/**
 * Validation against Omni's published OpenAPI schemas (the copy vendored beside the emulator), so
 * tests can prove that what the client sends and what the emulator answers have the shapes Omni
 * documents. OpenAPI 3.1 schemas are JSON Schema 2020-12, hence Ajv2020.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const openApiFile = fileURLToPath(new URL('../emulator/openapi/omni-ai-jobs.openapi.json', import.meta.url));

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

/** Documents with no `$id` of their own get this one, so refs can point into them by JSON pointer. */
const documentId = 'https://omni-ai-job.local/omni-ai-jobs.openapi.json';

/**
 * Omni answers every error of these endpoints as `{detail, status}`; statuses the spec does not list
 * (429 from the rate limiter, 5xx) are held to that same shape rather than left unchecked.
 */
const genericError = {
  type: 'object',
  properties: { detail: { type: 'string' }, status: { type: 'integer' } },
  required: ['detail', 'status'],
};

let cached: { ajv: Ajv2020; doc: OpenApiDocument; validators: Map<string, ValidateFunction> } | undefined;

function load(): NonNullable<typeof cached> {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(openApiFile, 'utf8')) as OpenApiDocument;
  // strict:false because OpenAPI annotations (`example`, `x-*`) are not JSON Schema keywords.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormatsModule.default(ajv);
  ajv.addSchema({ ...doc, $id: documentId });
  ajv.addSchema({ ...genericError, $id: `${documentId}/generic-error` });
  cached = { ajv, doc, validators: new Map() };
  return cached;
}

function pointer(...segments: string[]): string {
  return '#/' + segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validatorFor(ref: string): ValidateFunction {
  const { ajv, validators } = load();
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
}

function run(ref: string, data: unknown): string[] {
  const validate = validatorFor(ref);
  return validate(data) ? [] : describe(validate.errors);
}

/** Validates `data` against `components.schemas[name]`; returns error lines, [] when valid. */
export function validateSchema(name: string, data: unknown): string[] {
  const { doc } = load();
  if (!(name in doc.components.schemas)) return [`no schema named ${name} in ${openApiFile}`];
  return run(documentId + pointer('components', 'schemas', name), data);
}

/**
 * The `paths` key for a path: the template itself ('/api/v1/ai/jobs/{jobId}'), the same without the
 * '/api' prefix, or a concrete path ('/api/v1/ai/jobs/5f0c…', query string allowed).
 */
export function resolvePathTemplate(path: string): string | undefined {
  const { doc } = load();
  const bare = path.split('?')[0] ?? path;
  for (const candidate of [bare, '/api' + bare]) {
    if (candidate in doc.paths) return candidate;
  }
  for (const candidate of [bare, '/api' + bare]) {
    for (const template of Object.keys(doc.paths)) {
      const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
      if (pattern.test(candidate)) return template;
    }
  }
  return undefined;
}

function operation(method: string, path: string): { template: string; op: OpenApiOperation } | string {
  const { doc } = load();
  const template = resolvePathTemplate(path);
  if (!template) return `no path in the OpenAPI document matches ${path}`;
  const op = doc.paths[template]?.[method.toLowerCase()];
  if (!op) return `no ${method.toUpperCase()} operation on ${template}`;
  return { template, op };
}

/**
 * Validates a response body. The schema comes from the operation's response for `status`; when the
 * operation documents that status without a body schema (or not at all), error statuses fall back to
 * `components.schemas.ApiError<status>` and then to the generic `{detail, status}` shape. For error
 * bodies it also checks that `status` in the body equals the HTTP status.
 */
export function validateResponse(method: string, path: string, status: number, body: unknown): string[] {
  const found = operation(method, path);
  if (typeof found === 'string') return [found];
  const { template, op } = found;
  const response = op.responses?.[String(status)];
  const { doc } = load();
  let ref: string | undefined;
  if (response?.content?.['application/json']?.schema !== undefined) {
    ref =
      documentId +
      pointer('paths', template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema');
  } else if (status >= 400 && `ApiError${status}` in doc.components.schemas && status !== 422) {
    ref = documentId + pointer('components', 'schemas', `ApiError${status}`);
  } else if (status >= 400) {
    ref = `${documentId}/generic-error`;
  }
  if (!ref) return [`no response schema for ${method.toUpperCase()} ${template} ${status}`];
  const errors = run(ref, body);
  if (status >= 400 && errors.length === 0 && typeof body === 'object' && body !== null && 'status' in body) {
    const declared = (body as { status: unknown }).status;
    if (declared !== status) errors.push(`/status is ${JSON.stringify(declared)} but the HTTP status is ${status}`);
  }
  return errors;
}

/** Validates a request body against the operation's `requestBody` schema. */
export function validateRequestBody(method: string, path: string, body: unknown): string[] {
  const found = operation(method, path);
  if (typeof found === 'string') return [found];
  const { template, op } = found;
  if (op.requestBody?.content?.['application/json']?.schema === undefined) {
    return [`${method.toUpperCase()} ${template} has no JSON request body schema`];
  }
  return run(
    documentId + pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'),
    body,
  );
}
