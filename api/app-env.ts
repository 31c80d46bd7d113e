/** Hono context variables shared by the API's middleware and routes. */
import type { RequestIdVariables } from 'hono/request-id';

export type AppEnv = {
  Variables: RequestIdVariables & {
    runId?: string;
    /** Which bearer token the request came with (a digest prefix, never the token), when API_TOKENS is set. */
    tokenId?: string;
  };
};
