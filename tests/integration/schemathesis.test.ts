/**
 * Schemathesis (`pip install schemathesis`) against the API's own /openapi.json, served over HTTP
 * with the real Temporal dev server behind it: every operation, generated valid and invalid
 * requests, a stateful phase. It must find zero server errors and zero responses that break the
 * document (status codes, content types, headers, bodies).
 *
 * Two of its checks are left out, for reasons of design rather than convenience:
 * - positive_data_acceptance: a scenario has rules JSON Schema cannot state (a stream must name a
 *   site that exists, an option an intervention that fits), which the API answers with 422 naming
 *   the field; schemathesis would count every such answer as "valid data rejected";
 * - use_after_free: DELETE on a run cancels it, and the cancelled run stays readable on purpose.
 *
 * With REQUIRE_SCHEMATHESIS=1 (CI) a missing `st` fails the run; otherwise it is skipped, loudly.
 * No worker polls the task queue, so launched runs stay queued and cost nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, MAX_HEADER_BYTES } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import { findExecutable } from '../../bin/find-executable.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';
import { tempStore } from '../support/temp-store.js';

const st = findExecutable('st');
if (!st && process.env.REQUIRE_SCHEMATHESIS === '1')
  throw new Error('REQUIRE_SCHEMATHESIS=1 but no schemathesis (`st`) was found: pip install schemathesis');
if (!st) console.warn('SKIPPED: the schemathesis run needs `st` (pip install schemathesis)');

describe.skipIf(!st || !hasTemporal())('schemathesis against /openapi.json', () => {
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const connection = await Connection.connect({ address: temporalAddress() });
    const app = createApp({
      simulations: new TemporalSimulationService(new Client({ connection }), uniqueTaskQueue('schemathesis')),
      store: tempStore(),
    });
    const server = serve({
      fetch: app.fetch,
      port: 0,
      hostname: '127.0.0.1',
      serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((r) => server.close(r));
      await connection.close();
    };
  });

  afterAll(async () => {
    await close?.();
  });

  it('finds no server error and no response that breaks the document', async () => {
    const reports = mkdtempSync(path.join(os.tmpdir(), 'bedcast-st-'));
    const args = [
      'run',
      `${baseUrl}/openapi.json`,
      '--checks',
      'all',
      '--exclude-checks',
      'positive_data_acceptance,use_after_free',
      '--max-examples',
      process.env.SCHEMATHESIS_EXAMPLES ?? '20',
      '--workers',
      '2',
      '--seed',
      '1',
      '--report',
      'junit',
      '--report-dir',
      reports,
    ];
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        st!.path,
        args,
        {
          maxBuffer: 64 * 2 ** 20,
          timeout: 600_000,
          env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' },
        },
        (error, out) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out }),
      ),
    );
    const generated = /(\d+) generated/.exec(stdout)?.[1];
    console.log(`schemathesis: ${generated ?? '?'} test cases generated; exit code ${code}`);
    const junit = readFileSync(
      path.join(
        reports,
        readdirSync(reports).find((f) => f.endsWith('.xml'))!,
      ),
      'utf8',
    );
    const failures = Number(/<testsuites[^>]*failures="(\d+)"/.exec(junit)?.[1]);
    // schemathesis 4.32 on CPython 3.11 sometimes crashes inside its own coverage phase ("AST
    // constructor recursion depth mismatch", a CPython SystemError). Such an error says nothing
    // about the API, and is reported and tolerated; any other error (a network error is an API
    // that hung or crashed) fails the test.
    const errors = [...junit.matchAll(/<error[^>]*>([\s\S]*?)<\/error>/g)].map((m) => m[1]!);
    const toolErrors = errors.filter((e) =>
      /AST constructor recursion depth mismatch|JSON Schema constraint walking/.test(e),
    );
    if (toolErrors.length > 0)
      console.warn(`schemathesis: ${toolErrors.length} internal error(s) of its own coverage phase tolerated`);
    const apiErrors = errors.filter((e) => !toolErrors.includes(e));
    expect({ failures, apiErrors }, stdout.slice(-4000)).toEqual({ failures: 0, apiErrors: [] });
    // Exit code 1 only when the tolerated internal errors were all that went wrong.
    expect(code === 0 || (code === 1 && toolErrors.length > 0)).toBe(true);
    expect(Number(generated)).toBeGreaterThan(100);
  }, 700_000);
});
