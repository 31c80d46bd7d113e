/**
 * The whole path for real: HTTP request -> Hono API -> Temporal dev server -> worker -> shard
 * activities -> result store -> results over HTTP, equal byte for byte to an in-process run.
 */
import { type Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResultSchema } from '../../api/result-schema.js';
import { STATUS_KEY } from '../../orchestration/temporal-contract.js';
import { MODEL_VERSION } from '../../models/model-version.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { sha256Hex } from '../../models/run-identity.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

describe.skipIf(!hasTemporal())('a run end to end through a real Temporal server', () => {
  let stack: LiveStack;
  let client: Client;
  let baseUrl: string;
  let taskQueue: string;

  beforeAll(async () => {
    stack = await startLiveStack('e2e');
    ({ client, baseUrl, taskQueue } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function waitForRun(location: string) {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await fetch(`${baseUrl}${location}`);
      expect(res.status).toBe(200);
      const body = await readJson(res);
      if (!['queued', 'running'].includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`run still ${body.status} after 90 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const launch = (body: unknown) =>
    fetch(`${baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('serves a launched run whose results equal the in-process engine byte for byte', async () => {
    const request = { preset: 'small-hospital', iterations: 120, seed: 20161017 };
    const res = await launch(request);
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/v1\/simulations\/sim-[0-9a-f]{24}$/);

    const run = await waitForRun(location);
    expect(run).toMatchObject({
      status: 'succeeded',
      seed: 20161017,
      iterations: 120,
      scenario: { id: 'small-hospital', preset: 'small-hospital' },
    });
    expect(run.progress).toMatchObject({ phase: 'done', iterationsDone: 120 });
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.createdAt));
    // The run record outlives Temporal too: when it started and finished, apart from the result.
    const record = JSON.parse(new TextDecoder().decode(await stack.store.get(`runs/${run.id}/run.json`)));
    expect(record.createdAt).toBe(run.createdAt);

    const expected = runInProcess({
      scenario: smallHospital.scenario,
      seed: 20161017,
      iterations: 120,
      source: { preset: 'small-hospital' },
    });
    expect(run.result.sha256).toBe(expected.sha256);

    const results = await fetch(`${baseUrl}${run.links.results}`);
    expect(results.status).toBe(200);
    const bytes = new Uint8Array(await results.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(expected.sha256);
    const body = runResultSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    expect(body).toMatchObject({
      runId: run.id,
      modelVersion: MODEL_VERSION,
      iterations: 120,
      source: { preset: 'small-hospital' },
    });
    // Options x (sites + system) x years cells, all there.
    expect(body.cells).toHaveLength(3 * 2 * 4);

    // Finished results are immutable: a strong ETag per representation and 304 on revalidation.
    // fetch asks for gzip and decodes it (as report generators' HTTP clients do): the gzip
    // representation has its own ETag; a client without gzip gets the stored bytes' hash.
    expect(results.headers.get('etag')).toBe(`"${expected.sha256}-gzip"`);
    expect(results.headers.get('cache-control')).toContain('immutable');
    const plain = await fetch(`${baseUrl}${run.links.results}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(sha256Hex(new Uint8Array(await plain.arrayBuffer()))).toBe(expected.sha256);
    const etag = plain.headers.get('etag');
    expect(etag).toBe(`"${expected.sha256}"`);
    const again = await fetch(`${baseUrl}${run.links.results}`, {
      headers: { 'accept-encoding': 'identity', 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    const gzipAgain = await fetch(`${baseUrl}${run.links.results}`, {
      headers: { 'if-none-match': results.headers.get('etag')! },
    });
    expect(gzipAgain.status).toBe(304);

    // CSV for spreadsheets, through the real server: BOM, CRLF, the same figures.
    const csv = await fetch(`${baseUrl}${run.links.results}?scope=system`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText.startsWith('\uFEFFoption,scope,year,metric,method,statistic,value,optionName,scopeName\r\n')).toBe(
      true,
    );
    const horizon = body.cells.find((c) => c.option === 'do-nothing' && c.scope === 'system' && c.year === '2027/28')!;
    expect(csvText).toContain(
      `\r\ndo-nothing,system,2027/28,bedsRequired,occupancy,p50,${horizon.bedsRequired!.occupancy.p50},Do nothing,Whole system\r\n`,
    );
    const csvAgain = await fetch(`${baseUrl}${run.links.results}?scope=system`, {
      headers: { accept: 'text/csv', 'if-none-match': csv.headers.get('etag')! },
    });
    expect(csvAgain.status).toBe(304);

    // It really ran on the server, as shards: prepare, simulate, summarise.
    const history = await client.workflow.getHandle(run.id).fetchHistory();
    const activityTypes = new Set(
      history.events?.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean),
    );
    expect([...activityTypes].sort()).toEqual(['prepareRun', 'simulateShard', 'summariseRun']);
    // The working blocks are gone once the result is stored.
    expect(await stack.store.list(`runs/${run.id}/blocks/`)).toEqual([]);

    // The same request again names the same run and does not start another.
    const repeat = await launch(request);
    expect(repeat.status).toBe(202);
    expect(repeat.headers.get('location')).toBe(location);
    expect((await readJson(repeat)).status).toBe('succeeded');

    // Search attributes follow the run to its end, so runs can be listed by scenario and status.
    let listed: string[] = [];
    for (let i = 0; i < 50 && listed.length === 0; i++) {
      listed = [];
      for await (const w of client.workflow.list({
        query: `TaskQueue = '${taskQueue}' AND BedcastStatus = 'succeeded' AND BedcastScenario = 'small-hospital'`,
      }))
        listed.push(w.workflowId);
      if (listed.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toEqual([run.id]);

    // The API lists it the same way, by status and scenario.
    const page = await readJson(await fetch(`${baseUrl}/v1/simulations?status=succeeded&scenario=small-hospital`));
    expect(page.runs).toEqual([
      expect.objectContaining({
        id: run.id,
        status: 'succeeded',
        seed: 20161017,
        iterations: 120,
        scenario: { id: 'small-hospital', preset: 'small-hospital' },
      }),
    ]);
  });

  it('a retried launch with the same Idempotency-Key and no seed attaches to the same run', async () => {
    const post = () =>
      fetch(`${baseUrl}/v1/simulations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `retry-${process.pid}` },
        body: JSON.stringify({ preset: 'small-hospital', iterations: 30 }),
      });
    const [first, second] = [await post(), await post()];
    expect([first.status, second.status]).toEqual([202, 202]);
    const [a, b] = [await readJson(first), await readJson(second)];
    expect(b.id).toBe(a.id);
    expect(b.seed).toBe(a.seed);
    expect(await waitForRun(first.headers.get('location')!)).toMatchObject({ status: 'succeeded' });
  });

  it('starts no workflow for bad input', async () => {
    const scenario = structuredClone(smallHospital.scenario);
    scenario.streams[0]!.admissionsPerYear = -1;
    const bad = [
      '{"preset": ',
      JSON.stringify({ scenario }),
      JSON.stringify({ iterations: 10 }),
      JSON.stringify({ preset: 'small-hospital', options: ['nope'] }),
    ];
    for (const body of bad) {
      const res = await fetch(`${baseUrl}/v1/simulations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect([400, 422]).toContain(res.status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const started = await client.workflow.count(`TaskQueue = '${taskQueue}'`);
    // Only the valid runs of the tests before exist on this task queue.
    expect(started.count).toBe(2);
  });

  it('fails a workflow started with an invalid scenario at once, naming the field, without retrying', async () => {
    const scenario = structuredClone(smallHospital.scenario);
    scenario.bedPolicy.targetOccupancy = 3;
    const handle = await client.workflow.start('simulationWorkflow', {
      taskQueue,
      workflowId: `invalid-${Date.now()}`,
      args: [{ scenario, iterations: 10, seed: 1, modelVersion: MODEL_VERSION }],
    });
    const started = Date.now();
    const error = await handle.result().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('InvalidInput');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain('/scenario/bedPolicy/targetOccupancy');
    // One attempt of prepareRun, no shard ever scheduled.
    const history = await handle.fetchHistory();
    const scheduled = history.events
      ?.filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
    expect(scheduled).toEqual(['prepareRun']);
    const attempts = history.events
      ?.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(attempts).toEqual([1]);
  });

  it('answers the longest URL the document allows (found by schemathesis: Node refused it with 431)', async () => {
    // Four filters of 1,000 UTF-16 units (500 code points of 12 percent-encoded bytes each): 24 KB.
    const long = '\u{10FFFF}'.repeat(500);
    const query = new URLSearchParams({ site: long, option: long, year: long, metric: long });
    const res = await fetch(`${baseUrl}/v1/simulations/sim-ffffffffffffffffffffffff/results?${query.toString()}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('pages through every run on the server with cursors', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/v1/simulations?limit=1';
    while (next) {
      const page = await readJson(await fetch(`${baseUrl}${next}`));
      expect(page.runs.length).toBeLessThanOrEqual(1);
      seen.push(...page.runs.map((r: { id: string }) => r.id));
      next = page.links.next;
    }
    const total = (await client.workflow.count(`TaskQueue = '${taskQueue}'`)).count;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('fails a workflow whose input has the wrong shape without running any activity', async () => {
    const handle = await client.workflow.start('simulationWorkflow', {
      taskQueue,
      workflowId: `shape-${Date.now()}`,
      args: [{ scenario: {}, iterations: -5, seed: 1 }],
    });
    const error = (await handle.result().catch((e: unknown) => e)) as WorkflowFailedError;
    expect((error.cause as ApplicationFailure).type).toBe('InvalidInput');
    expect((error.cause as ApplicationFailure).message).toMatch(/iterations/);
    const history = await handle.fetchHistory();
    expect(history.events?.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
    // Listed as failed, not left running (the API lists runs by this attribute).
    expect((await handle.describe()).typedSearchAttributes.get(STATUS_KEY)).toBe('failed');
  });
});
