/**
 * GET /api/v1/whoami: the calling key's scope, its owner's org role, user and membership ids, and
 * the owner's role on each directly roleable model (schema and shared models), optionally filtered
 * by `?modelId=a,b`.
 */
import { Catalog, Ids } from './fixtures.js';
import { errorReply, type HandlerContext, type Reply } from './handlers.js';
import type { WhoamiModelRole, WhoamiResponse } from './routine-types.js';

/** The key owner created the organization key, which only Organization Admins can do. */
const permissions = [
  'QUERY_FULL_MODEL',
  'QUERY_SQL',
  'VIEW_SQL',
  'QUERY_TOPICS',
  'RUN_CONTENT_QUERIES',
  'DOWNLOAD_CONTENT_QUERY',
  'UPLOAD_CSV',
  'SCHEDULE',
  'SAVE_SPREADSHEETS',
  'USE_AI',
  'USE_IDE',
  'USE_WORKBOOKS',
  'CREATE_APPS',
  'UPDATE',
];

const roleable = Catalog.filter((m) => m.deletedAt === null && (m.modelKind === 'SCHEMA' || m.modelKind === 'SHARED'));

function role(connectionId: string): WhoamiModelRole {
  return { baseRole: 'CONNECTION_ADMIN', connectionId, permissions: [...permissions], roleName: 'CONNECTION_ADMIN' };
}

export function whoami(ctx: HandlerContext): Reply {
  let models = roleable;
  if (ctx.query.modelId !== undefined) {
    const wanted = ctx.query.modelId.split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== '');
    const missing = wanted.filter((id) => !roleable.some((m) => m.id === id));
    if (missing.length > 0) {
      return errorReply(404, `Model(s) not found or not accessible: ${missing.join(', ')}`);
    }
    models = roleable.filter((m) => wanted.includes(m.id));
  }
  const body: WhoamiResponse = {
    keyScope: ctx.caller.kind === 'org' ? 'organization' : 'user',
    orgRole: 'ORG_ADMIN',
    user: { id: Ids.userAccountId, membershipId: ctx.caller.userId },
    rolesByModel: Object.fromEntries(models.map((m) => [m.id, role(m.connectionId)])),
  };
  return { status: 200, json: body };
}
