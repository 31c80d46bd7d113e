/**
 * Optional bearer-token authentication. API_TOKENS is a comma-separated list; a token may end in
 * ":read" to allow reading only. Without API_TOKENS the API is open (the embedded default on one
 * machine). Tokens are compared by SHA-256 digest in constant time and never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { problemResponse } from './problem.js';

export interface ApiToken {
  digest: Buffer;
  readOnly: boolean;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

export function parseApiTokens(value: string | undefined): ApiToken[] {
  if (!value) return [];
  return value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) =>
      t.endsWith(':read')
        ? { digest: digest(t.slice(0, -':read'.length)), readOnly: true }
        : { digest: digest(t), readOnly: false },
    );
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerAuth(tokens: readonly ApiToken[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (tokens.length === 0) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="bedcast"' };
    if (!match) return problemResponse(c, 'unauthorized', 'send Authorization: Bearer <token>', {}, challenge);
    const presented = digest(match[1]!);
    // Check every token, so the time taken does not depend on which one matched.
    let found: ApiToken | undefined;
    for (const t of tokens) if (timingSafeEqual(t.digest, presented)) found = t;
    if (!found)
      return problemResponse(
        c,
        'unauthorized',
        'the bearer token is not valid',
        {},
        { ...challenge, 'WWW-Authenticate': 'Bearer realm="bedcast", error="invalid_token"' },
      );
    // Per-token limits count runs by this: a prefix of the digest, not the token.
    c.set('tokenId', found.digest.subarray(0, 8).toString('hex'));
    if (found.readOnly && !READ_METHODS.has(c.req.method))
      return problemResponse(
        c,
        'forbidden',
        'this token may only read; launching or cancelling runs needs a full token',
      );
    return next();
  };
}
