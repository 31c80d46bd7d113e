/**
 * The pages in a real browser (Debian's chromium, driven by playwright-core): the launch page
 * launches a small run through its form, follows it and lands on its report; a finished SEL
 * report renders its charts; the runs list opens a report. The launch page's editing and its
 * error paths are tests/integration/launch-page.test.ts. Screenshots go to the system's
 * temporary directory; no console error may appear. With REQUIRE_BROWSER=1 (CI) a missing
 * chromium fails the run.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../harness/chromium.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.REQUIRE_BROWSER === '1')
  throw new Error('REQUIRE_BROWSER=1 but no chromium was found (apt-get install chromium, or set CHROMIUM_PATH)');
if (!chromiumPath) console.warn('SKIPPED: browser tests need chromium (apt-get install chromium)');

describe.skipIf(!chromiumPath || !hasTemporal())('the pages in a real browser', () => {
  let stack: LiveStack;
  let browser: Browser;
  const shots = mkdtempSync(path.join(os.tmpdir(), 'bedcast-shots-'));

  beforeAll(async () => {
    stack = await startLiveStack('browser');
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A page that records console errors and uncaught exceptions. */
  async function watchedPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (err) => errors.push(err.message));
    return { page, errors };
  }

  it('launches a run from the form and lands on its report', async () => {
    const { page, errors } = await watchedPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.waitForSelector('#page[data-ready="1"]', { state: 'attached' });
    await page.selectOption('#source', 'preset:small-hospital');
    await page.waitForFunction("document.querySelectorAll('.run-option').length === 3");
    await page.fill('#iterations', '60');
    await page.fill('#seed', '7');
    await page.fill('#occupancy', '0.9');
    await page.screenshot({ path: path.join(shots, 'launch.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/report$/, { timeout: 60_000 }), page.click('#launch')]);
    const h1 = await page.textContent('h1');
    expect(h1).toMatch(/beds needed by 2027\/28/);
    expect(await page.textContent('.subtitle')).toContain('90% target occupancy');
    // Per scope (the hospital, the system): its years and its winter peak; then the options' charts.
    expect(await page.locator('svg.chart.months').count()).toBe(2);
    expect(await page.locator('svg.chart').count()).toBe(7);
    await page.screenshot({ path: path.join(shots, 'report-small.png'), fullPage: true });
    // The run behind it is the one the form asked for.
    const runId = /\/v1\/simulations\/(sim-[0-9a-f]{24})\/report$/.exec(page.url())![1]!;
    expect(await readJson(await fetch(`${stack.baseUrl}/v1/simulations/${runId}`))).toMatchObject({
      status: 'succeeded',
      seed: 7,
      iterations: 60,
    });
    expect(errors).toEqual([]);
  }, 120_000);

  it('renders a finished SEL report with its charts and no console error', async () => {
    const launched = await fetch(`${stack.baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'sel-stp-2016', iterations: 100, seed: 2016 }),
    });
    const location = launched.headers.get('location')!;
    let run;
    for (let i = 0; i < 600; i++) {
      run = await readJson(await fetch(`${stack.baseUrl}${location}`));
      if (run.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(run.status).toBe('succeeded');
    const { page, errors } = await watchedPage();
    await page.goto(`${stack.baseUrl}${run.links.report}`);
    // The system and five sites: each with its beds over the years, the options and their
    // differences, and its bridge.
    expect(await page.locator('svg.chart.fan').count()).toBe(6);
    expect(await page.locator('svg.chart.whiskers').count()).toBe(12);
    expect(await page.locator('svg.chart.waterfall').count()).toBe(6);
    expect(await page.locator('svg.chart.months').count()).toBe(6);
    expect(await page.locator('#options-kch + svg.chart.whiskers').count()).toBe(1);
    const box = await page.locator('svg.chart.fan').first().boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(shots, 'report-sel.png'), fullPage: true });
    expect(errors).toEqual([]);
    console.log(`browser screenshots in ${shots}`);
  }, 120_000);

  it('lists the runs as a page from the launch page, named, and opens a report from it', async () => {
    const { page, errors } = await watchedPage();
    await page.goto(`${stack.baseUrl}/`);
    await Promise.all([page.waitForURL(/\/v1\/simulations$/), page.click('a:has-text("All recent runs")')]);
    expect(await page.textContent('h1')).toBe('Recent runs');
    // The runs the tests above launched, newest first: the SEL run, named, with its options by name.
    const sel = page.locator('tr[data-run]', { hasText: 'South East London STP 2016' }).first();
    expect(await sel.textContent()).toContain('LCN admission avoidance');
    expect(await sel.textContent()).toContain('Finished');
    expect(await page.locator('tr[data-run]').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(shots, 'runs.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/report$/), sel.locator('a', { hasText: 'Report' }).click()]);
    expect(await page.locator('svg.chart.fan').count()).toBe(6);
    expect(errors).toEqual([]);
  }, 60_000);
});
