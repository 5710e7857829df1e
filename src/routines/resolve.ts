/**
 * Before planning: each routine's branch name becomes a branch id (through the models API), and
 * each model is checked to be visible to the key. A routine whose lookup fails gets a one-line
 * error naming it and what to do; the others are planned as usual.
 */
import type { OmniApi } from '../omni/api.js';
import { BranchLookupError, resolveBranchId } from '../omni/branch.js';
import { OmniApiError } from '../omni/errors.js';
import type { DeclaredRoutine, RoutineKey } from './file.js';
import type { ResolvedRoutine } from './plan.js';

export async function resolveRoutines(api: OmniApi, file: string, routines: readonly DeclaredRoutine[], signal?: AbortSignal): Promise<ResolvedRoutine[]> {
  const models = new Map<string, Promise<string | undefined>>();
  const branches = new Map<string, Promise<{ id?: string; error?: string }>>();
  const options = signal ? { signal } : {};

  const modelProblem = (modelId: string): Promise<string | undefined> => {
    let answer = models.get(modelId);
    if (!answer) {
      answer = api.listModels({ modelId, pageSize: 1 }, options).then(
        (page) =>
          (page.records ?? []).some((record) => record.id.toLowerCase() === modelId)
            ? undefined
            : `modelId: model ${modelId} does not exist or is not visible to this API key. Check the id (a shared model of this organization) and the key's access to it.`,
        // Some keys may not list models; Omni then says what it thinks when the routine is created.
        (error: unknown) => (error instanceof OmniApiError && (error.status === 403 || error.status === 401) ? undefined : Promise.reject(error)),
      );
      models.set(modelId, answer);
    }
    return answer;
  };

  const branchOf = (modelId: string, branchName: string): Promise<{ id?: string; error?: string }> => {
    const key = `${modelId}\n${branchName}`;
    let answer = branches.get(key);
    if (!answer) {
      answer = resolveBranchId(api, modelId, branchName, signal).then(
        (id) => ({ id }),
        (error: unknown) => (error instanceof BranchLookupError ? { error: error.message } : Promise.reject(error)),
      );
      branches.set(key, answer);
    }
    return answer;
  };

  return Promise.all(
    routines.map(async (declared): Promise<ResolvedRoutine> => {
      const where = (field: RoutineKey) => {
        const at = declared.positions[field];
        return at ? `${file}:${at.line}:${at.column}` : `${file}:${declared.line}`;
      };
      const named = (field: RoutineKey, message: string) => `routine '${declared.key}' (${where(field)}): ${message}`;
      const problem = await modelProblem(declared.modelId);
      if (problem) return { declared, error: named('modelId', problem) };
      if (!declared.branchName) return { declared };
      const branch = await branchOf(declared.modelId, declared.branchName);
      return branch.id ? { declared, branchId: branch.id } : { declared, error: named('branchName', branch.error ?? 'the branch was not found') };
    }),
  );
}
