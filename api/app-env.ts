/** Hono context variables shared by the API's middleware and routes. */
import type { RequestIdVariables } from 'hono/request-id';

export type AppEnv = { Variables: RequestIdVariables & { runId?: string } };
