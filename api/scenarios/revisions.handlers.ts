/**
 * Answers GET /scenarios/{id}/revisions/{revision} (revisions.routes.ts): one revision, which never
 * changes, so it may be cached for good.
 */
import type { RouteHandler } from '@hono/zod-openapi';
import type { ScenarioRepository } from '../../store/scenario-repository.js';
import type { AppEnv } from '../app-env.js';
import type { revisionRoute } from './revisions.routes.js';
import { revisionEtag, savedScenarioResource, unreadableScenarioProblem } from './saved-scenario-resource.js';

export function revisionsHandlers({ repository }: { repository: ScenarioRepository }) {
  const revision: RouteHandler<typeof revisionRoute, AppEnv> = async (c) => {
    const { id, revision } = c.req.valid('param');
    // Digits alone, no leading zero: /revisions/01 is no revision, not revision 1.
    const n = /^[1-9]\d{0,5}$/.test(revision) ? Number(revision) : undefined;
    const read = n === undefined ? ({ ok: false, missing: true } as const) : await repository.read(id, n);
    if (!read.ok) return unreadableScenarioProblem(c, id, read);
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('ETag', revisionEtag(id, read.revision.revision));
    return c.json(await savedScenarioResource(repository, read.revision), 200);
  };

  return { revision };
}
