/**
 * Validation against Omni's published OpenAPI documents (the copies vendored beside the emulator),
 * so tests can prove that what the client sends and what the emulator answers have the shapes Omni
 * documents: one validator per document, the AI jobs one and the routines one. OpenAPI 3.1 schemas
 * are JSON Schema 2020-12, hence Ajv2020; the `discriminator` keyword is left to `oneOf` (each
 * destination's `type` enum already tells them apart).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

/** Errors Omni answers as `{detail, status}` where the spec gives no schema (rate limit, 5xx). */
const genericError = {
  type: 'object',
  properties: { detail: { type: 'string' }, status: { type: 'integer' } },
  required: ['detail', 'status'],
};

function pointer(...segments: string[]): string {
  return '#/' + segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
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

export class OpenApiValidator {
  private loaded: { ajv: Ajv2020; doc: OpenApiDocument } | undefined;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly documentId: string;

  constructor(readonly file: string) {
    this.documentId = `https://omni-ai-job.local/${file.split(/[\\/]/).pop() ?? 'openapi.json'}`;
  }

  private load(): { ajv: Ajv2020; doc: OpenApiDocument } {
    if (this.loaded) return this.loaded;
    const doc = JSON.parse(readFileSync(this.file, 'utf8')) as OpenApiDocument;
    // strict:false because OpenAPI annotations (`example`, `discriminator`, `x-*`) are not JSON Schema keywords.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormatsModule.default(ajv);
    ajv.addSchema({ ...doc, $id: this.documentId });
    ajv.addSchema({ ...genericError, $id: `${this.documentId}/generic-error` });
    this.loaded = { ajv, doc };
    return this.loaded;
  }

  private run(ref: string, data: unknown): string[] {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.load().ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate(data) ? [] : describeErrors(validate.errors);
  }

  /** Validates `data` against `components.schemas[name]`; returns error lines, [] when valid. */
  validateSchema(name: string, data: unknown): string[] {
    if (!(name in this.load().doc.components.schemas)) return [`no schema named ${name} in ${this.file}`];
    return this.run(this.documentId + pointer('components', 'schemas', name), data);
  }

  /** The `paths` key for a template, the same without '/api', or a concrete path (query allowed). */
  resolvePathTemplate(path: string): string | undefined {
    const { doc } = this.load();
    const bare = path.split('?')[0] ?? path;
    for (const candidate of [bare, '/api' + bare]) if (candidate in doc.paths) return candidate;
    for (const candidate of [bare, '/api' + bare]) {
      for (const template of Object.keys(doc.paths)) {
        if (new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$').test(candidate)) return template;
      }
    }
    return undefined;
  }

  private operation(method: string, path: string): { template: string; op: OpenApiOperation } | string {
    const template = this.resolvePathTemplate(path);
    if (!template) return `no path in the OpenAPI document matches ${path}`;
    const op = this.load().doc.paths[template]?.[method.toLowerCase()];
    if (!op) return `no ${method.toUpperCase()} operation on ${template}`;
    return { template, op };
  }

  /**
   * Validates a response body: the operation's schema for `status`; for an error status the
   * operation documents without a body (or not at all), `ApiError<status>`, then `{detail, status}`.
   * Error bodies must also carry the HTTP status in `status`.
   */
  validateResponse(method: string, path: string, status: number, body: unknown): string[] {
    const found = this.operation(method, path);
    if (typeof found === 'string') return [found];
    const { template, op } = found;
    const { doc } = this.load();
    let ref: string | undefined;
    if (op.responses?.[String(status)]?.content?.['application/json']?.schema !== undefined) {
      ref =
        this.documentId +
        pointer('paths', template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema');
    } else if (status >= 400 && `ApiError${status}` in doc.components.schemas && status !== 422) {
      ref = this.documentId + pointer('components', 'schemas', `ApiError${status}`);
    } else if (status >= 400) {
      ref = `${this.documentId}/generic-error`;
    }
    if (!ref) return [`no response schema for ${method.toUpperCase()} ${template} ${status}`];
    const errors = this.run(ref, body);
    if (status >= 400 && errors.length === 0 && typeof body === 'object' && body !== null && 'status' in body) {
      const declared = (body as { status: unknown }).status;
      if (declared !== status) errors.push(`/status is ${JSON.stringify(declared)} but the HTTP status is ${status}`);
    }
    return errors;
  }

  /** Validates a request body against the operation's `requestBody` schema. */
  validateRequestBody(method: string, path: string, body: unknown): string[] {
    const found = this.operation(method, path);
    if (typeof found === 'string') return [found];
    const { template, op } = found;
    if (op.requestBody?.content?.['application/json']?.schema === undefined) {
      return [`${method.toUpperCase()} ${template} has no JSON request body schema`];
    }
    return this.run(
      this.documentId + pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'),
      body,
    );
  }
}

export const jobsOpenApiFile = fileURLToPath(new URL('./openapi/omni-ai-jobs.openapi.json', import.meta.url));

/** The vendored AI jobs document: jobs (create, poll, cancel, result), topics and models. */
export const jobsOpenApi = new OpenApiValidator(jobsOpenApiFile);

export const routinesOpenApiFile = fileURLToPath(new URL('./openapi/omni-ai-routines.openapi.json', import.meta.url));

/** The vendored AI Routines + whoami document (Omni's `cmd/omni/openapi.json` subset). */
export const routinesOpenApi = new OpenApiValidator(routinesOpenApiFile);
