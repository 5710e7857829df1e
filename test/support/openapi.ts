/**
 * The AI jobs document's validator as plain functions, for the client and end-to-end tests; the
 * rules live in test/emulator/openapi-validator.ts.
 */
import { jobsOpenApi, jobsOpenApiFile } from '../emulator/openapi-validator.js';

export const openApiFile = jobsOpenApiFile;
export const validateSchema = jobsOpenApi.validateSchema.bind(jobsOpenApi);
export const validateResponse = jobsOpenApi.validateResponse.bind(jobsOpenApi);
export const validateRequestBody = jobsOpenApi.validateRequestBody.bind(jobsOpenApi);
export const resolvePathTemplate = jobsOpenApi.resolvePathTemplate.bind(jobsOpenApi);
