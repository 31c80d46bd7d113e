/**
 * The launch page as a person uses it, in a real browser (Debian's chromium, driven by
 * playwright-core) against the real stack: boxes found by their labels, levers by their names.
 * What the page sends is checked where it lands: the run's stored scenario, the saved scenario's
 * revisions. Small runs (40 model runs of the small hospital) keep it quick. With
 * REQUIRE_BROWSER=1 (CI) a missing chromium fails the run.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../harness/chromium.js';
import { diffDocuments } from '../../models/json-pointer.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.REQUIRE_BROWSER === '1')
  throw new Error('REQUIRE_BROWSER=1 but no chromium was found (apt-get install chromium, or set CHROMIUM_PATH)');
if (!chromiumPath) console.warn('SKIPPED: launch page tests need chromium (apt-get install chromium)');

const KH03 = readFileSync(new URL('../fixtures/import/kh03-small.csv', import.meta.url), 'utf8');
const LEVER = 'Admission avoidance for frail patients';
const AVOIDED = 'share of avoidable admissions avoided at full effect';

describe.skipIf(!chromiumPath || !hasTemporal())('the launch page edits a whole scenario', () => {
  let stack: LiveStack;
  let browser: Browser;
  // The preset as the API serves it (defaults filled in), read as untyped JSON like every response here.
  let preset: Awaited<ReturnType<typeof readJson>>;

  beforeAll(async () => {
    stack = await startLiveStack('launch-page');
    browser = await launchChromium(chromiumPath!);
    preset = (await readJson(await fetch(`${stack.baseUrl}/v1/presets/small-hospital`))).scenario;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The page open on a scenario; console errors other than the API's refusals are collected. */
  async function openPage(query = '?preset=small-hospital'): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    // The browser itself logs a failed fetch (a 4xx) as a console error; those are the API's answers.
    page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()));
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${stack.baseUrl}/${query}`);
    await page.waitForSelector('#page[data-ready="1"]', { state: 'attached' });
    return { page, errors };
  }

  const site = (page: Page) => page.getByRole('group', { name: /^District General Hospital/ });
  const lever = (page: Page) => page.locator('#levers').getByRole('group', { name: new RegExp(`^${LEVER}`) });
  const runCount = async () =>
    (await readJson(await fetch(`${stack.baseUrl}/v1/simulations?limit=100`))).runs.length as number;

  async function launchAndLand(page: Page): Promise<string> {
    await page.fill('#iterations', '40');
    await page.fill('#seed', '11');
    await Promise.all([page.waitForURL(/\/report$/, { timeout: 90_000 }), page.click('#launch')]);
    return /\/v1\/simulations\/(sim-[0-9a-f]{24})\/report$/.exec(page.url())![1]!;
  }

  async function storedScenario(runId: string) {
    return readJson(await fetch(`${stack.baseUrl}/v1/simulations/${runId}/scenario`));
  }

  /** The message beside a box, and whether the box is marked invalid. */
  async function errorOf(box: Locator) {
    const id = await box.getAttribute('id');
    return {
      invalid: await box.getAttribute('aria-invalid'),
      message: (await box.page().locator(`#${id}-error`).textContent())?.trim() ?? '',
    };
  }

  it('launches the beds and a lever edited by name, and the run stores exactly those changes', async () => {
    const { page, errors } = await openPage();
    // Levers are shown by name; the id is only a small note.
    expect(await lever(page).locator('legend').first().textContent()).toMatch(new RegExp(`^${LEVER}`));
    await site(page).getByLabel('Beds in the base year').fill('425');
    await lever(page).getByLabel(`${AVOIDED}: high (p90)`).fill('0.45');
    const runId = await launchAndLand(page);
    const stored = await storedScenario(runId);
    expect(stored.source).toMatchObject({ preset: 'small-hospital' });
    expect(diffDocuments(preset, stored.scenario)).toEqual([
      {
        pointer: '/options/1/interventions/0/reductionAtMaturity/p90',
        from: preset.options[1].interventions[0].reductionAtMaturity.p90,
        to: 0.45,
      },
      { pointer: '/sites/0/beds', from: 400, to: 425 },
    ]);
    expect(errors).toEqual([]);
  }, 120_000);

  it('never sends a blank box as 0: a blank required box stops the launch, a blank ramp year is left out', async () => {
    const { page, errors } = await openPage();
    const beds = site(page).getByLabel('Beds in the base year');
    await beds.fill('');
    const before = await runCount();
    await page.fill('#iterations', '40');
    await page.click('#launch');
    await page.waitForSelector('#message.error');
    expect(await errorOf(beds)).toEqual({ invalid: 'true', message: expect.stringMatching(/empty/) });
    expect(await runCount()).toBe(before);
    // Filled again, the mark goes as soon as the box changes.
    await beds.fill('400');
    expect(await beds.getAttribute('aria-invalid')).toBeNull();
    // A ramp year left blank carries the year before: the scenario leaves it out, it is not 0.
    const ramp = lever(page).getByRole('group', { name: 'effect reached by year' });
    const year = Object.keys(preset.options[1].interventions[0].ramp)[1]!;
    expect(preset.options[1].interventions[0].ramp[year]).toBeGreaterThan(0);
    await ramp.getByLabel(year, { exact: true }).fill('');
    const runId = await launchAndLand(page);
    const stored = await storedScenario(runId);
    const { [year]: _dropped, ...kept } = preset.options[1].interventions[0].ramp;
    expect(stored.scenario.options[1].interventions[0].ramp).toEqual(kept);
    expect(diffDocuments(preset, stored.scenario)).toEqual([
      {
        pointer: `/options/1/interventions/0/ramp/${year.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        from: preset.options[1].interventions[0].ramp[year],
      },
    ]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("puts the API's error on the box that caused it in plain words, and clears it once fixed", async () => {
    const { page, errors } = await openPage();
    const low = lever(page).getByLabel(`${AVOIDED}: low (p10)`);
    const high = lever(page).getByLabel(`${AVOIDED}: high (p90)`);
    await low.fill('0.5');
    await high.fill('0.2');
    const before = await runCount();
    await page.fill('#iterations', '40');
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/simulations') && r.status() === 422);
    await page.click('#launch');
    await refused;
    await page.waitForSelector('#message.error');
    const marked = await errorOf(low);
    expect(marked.invalid).toBe('true');
    expect(marked.message).toMatch(/low estimate \(p10\) is above the high estimate \(p90\)/);
    const everything = (await page.textContent('body'))!;
    expect(everything).not.toMatch(/\/overrides|~1|\/options\/\d|reductionAtMaturity/);
    expect(await runCount()).toBe(before);
    // A share over 1 on the other box: the API's own range message lands there, the stale one goes.
    await low.fill('0.1');
    expect(await low.getAttribute('aria-invalid')).toBeNull();
    await high.fill('5');
    await page.click('#launch');
    await page.waitForSelector(`#${await high.getAttribute('id')}[aria-invalid="true"]`);
    expect(await errorOf(low)).toEqual({ invalid: null, message: '' });
    expect((await errorOf(high)).message).toMatch(/within \[0, 1\]/);
    // Fixed: it launches, and no mark is left anywhere.
    await high.fill('0.3');
    await launchAndLand(page);
    expect(errors).toEqual([]);
  }, 120_000);

  it('saves the edited scenario, then a revision; a stale If-Match is explained in plain words', async () => {
    const { page, errors } = await openPage();
    await site(page).getByLabel('Beds in the base year').fill('410');
    await page.getByLabel('Scenario name').fill('DGH with 410 beds');
    await page.click('#save-new');
    await page.waitForURL(/\?scenario=scn-[0-9a-f]{16}&revision=1$/);
    await page.locator('#message', { hasText: 'Saved as a new scenario' }).waitFor();
    const id = /scenario=(scn-[0-9a-f]{16})/.exec(page.url())![1]!;
    const first = await readJson(await fetch(`${stack.baseUrl}/v1/scenarios/${id}`));
    expect(first).toMatchObject({ revision: 1, name: 'DGH with 410 beds', origin: { preset: 'small-hospital' } });
    expect(diffDocuments(preset, first.scenario)).toEqual([
      { pointer: '/name', from: preset.name, to: 'DGH with 410 beds' },
      { pointer: '/sites/0/beds', from: 400, to: 410 },
    ]);

    // Revision 2 from the page: beds again, an option renamed, the horizon a year longer.
    await site(page).getByLabel('Beds in the base year').fill('420');
    await page
      .locator('#option-list > fieldset[data-option]')
      .nth(2)
      .getByLabel('Option name')
      .fill('Shorter stays, all wards');
    await page.getByLabel(/^Years projected after the base year/).fill(String(preset.years.length));
    await page.getByLabel(/^Years projected after the base year/).dispatchEvent('change');
    await page.click('#save-revision');
    await page.locator('#message', { hasText: 'Saved as revision 2' }).waitFor();
    expect(page.url()).toMatch(/revision=2$/);
    const second = await readJson(await fetch(`${stack.baseUrl}/v1/scenarios/${id}`));
    expect(second.revision).toBe(2);
    expect(second.scenario.sites[0].beds).toBe(420);
    expect(second.scenario.options[2].name).toBe('Shorter stays, all wards');
    expect(second.scenario.years).toEqual([...preset.years, '2028/29']);
    expect(second.changes.map((c: { pointer: string }) => c.pointer)).toEqual([
      '/options/2/name',
      '/sites/0/beds',
      '/years',
    ]);

    // Someone else saves revision 3 meanwhile; the page, still on 2, is told and overwrites nothing.
    const other = await fetch(`${stack.baseUrl}/v1/scenarios/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${id}.2"` },
      body: JSON.stringify({ overrides: { '/bedPolicy/targetOccupancy': 0.9 } }),
    });
    expect(other.status).toBe(200);
    await site(page).getByLabel('Beds in the base year').fill('430');
    await page.click('#save-revision');
    await page.waitForSelector('#message.error');
    const message = (await page.textContent('#message'))!;
    expect(message).toMatch(/someone else saved revision 3 of this scenario after you opened revision 2/);
    expect(message).not.toMatch(/ETag|If-Match|"scn-/);
    const latest = await readJson(await fetch(`${stack.baseUrl}/v1/scenarios/${id}`));
    expect(latest.revision).toBe(3);
    expect(latest.scenario.sites[0].beds).toBe(420);
    expect(errors).toEqual([]);
  }, 120_000);

  it('adds and removes options with their levers, launches a saved revision, and lists the runs by name', async () => {
    const saved = await readJson(
      await fetch(`${stack.baseUrl}/v1/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { preset: 'small-hospital' } }),
      }),
    );
    const { page, errors } = await openPage(`?scenario=${saved.id}&revision=1`);
    await page.fill('#new-option-name', 'Both levers');
    await page.click('#add-option');
    const added = page.locator('#option-list > fieldset[data-option]', { hasText: 'Both levers' });
    await added.getByLabel(LEVER).check();
    await added.getByLabel('Shorter emergency stays').check();
    await page.getByRole('button', { name: `Remove option ${LEVER}` }).click();
    // A new lever: 30 beds closed at the hospital from the last year, in the new option only.
    // Left blank and in no option it stops nothing; ticked, its blank beds stop the launch.
    await page.click('#add-bed-change');
    const closure = page.locator('#levers').getByRole('group', { name: /^Beds opened at District General Hospital/ });
    const last = preset.years[preset.years.length - 1];
    await closure.getByLabel('From').selectOption(last);
    await page
      .locator('#option-list > fieldset[data-option]', { hasText: 'Both levers' })
      .getByLabel('Beds opened at District General Hospital')
      .check();
    await page.fill('#iterations', '40');
    await page.click('#launch');
    await page.waitForSelector('#message.error');
    const beds = closure.getByLabel('Beds opened (+) or closed (−)');
    expect(await errorOf(beds)).toEqual({ invalid: 'true', message: expect.stringMatching(/empty/) });
    await beds.fill('-30');
    // The lever stays shown (now in no option of its own name) and is still edited where it is used.
    await lever(page).getByLabel(`${AVOIDED}: high (p90)`).fill('0.35');
    const runId = await launchAndLand(page);
    const stored = await storedScenario(runId);
    expect(stored.source).toMatchObject({ saved: { id: saved.id, revision: 1 } });
    expect(stored.scenario.options.map((o: { id: string; name: string }) => [o.id, o.name])).toEqual([
      ['do-nothing', 'Do nothing'],
      ['shorter-stays', 'Shorter emergency stays'],
      ['both-levers', 'Both levers'],
    ]);
    const both = stored.scenario.options[2].interventions;
    expect(both.map((iv: { id: string }) => iv.id)).toEqual(['avoid-frail', 'shorter-stays', 'bed-change-1']);
    expect(both[2]).toEqual({
      type: 'capacityChange',
      id: 'bed-change-1',
      site: 'dgh',
      fromYear: preset.years[preset.years.length - 1],
      change: -30,
    });
    expect(both[0]).toEqual({
      ...preset.options[1].interventions[0],
      reductionAtMaturity: { ...preset.options[1].interventions[0].reductionAtMaturity, p90: 0.35 },
    });
    expect(both[1]).toEqual(preset.options[2].interventions[0]);

    // Back on the page: the recent runs, by name and state, with a link to the report.
    await page.goto(`${stack.baseUrl}/`);
    await page.waitForSelector(`#recent-runs li[data-run="${runId}"]`);
    const item = page.locator(`#recent-runs li[data-run="${runId}"]`);
    const text = (await item.textContent())!;
    expect(text).toMatch(new RegExp(`^${preset.name}, revision 1, \\d+ changes? — Finished, started \\d`));
    expect(text).not.toMatch(/[{}"]/);
    expect(await item.getByRole('link', { name: 'report' }).getAttribute('href')).toBe(
      `/v1/simulations/${runId}/report`,
    );
    expect(errors).toEqual([]);
  }, 120_000);
  it('imports tables, with a bad option on its box, and launches the imported scenario as edited', async () => {
    const { page, errors } = await openPage();
    await page.click('text=Or import tables');
    await page.getByLabel('KH03 beds table (CSV text)').fill(KH03);
    await page.getByLabel(/^Trust codes/).fill('AAA, BBB');
    const baseYear = page.getByLabel(/^Base year/);
    await baseYear.fill('2030-31');
    await page.getByLabel('Years projected (optional)').fill('2');
    await page.click('#import');
    await page.waitForSelector('#message.error');
    expect(await errorOf(baseYear)).toEqual({ invalid: 'true', message: expect.stringMatching(/no rows for 2030-31/) });
    await baseYear.fill('2018-19');
    expect(await baseYear.getAttribute('aria-invalid')).toBeNull();
    await page.click('#import');
    await page.locator('#message', { hasText: 'Imported 2 sites' }).waitFor();
    const imported = await readJson(
      await fetch(`${stack.baseUrl}/v1/scenarios:import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ beds: KH03, trusts: ['AAA', 'BBB'], baseYear: '2018-19', horizonYears: 2 }),
      }),
    );
    const trust = page.getByRole('group', { name: /^SMALLTOWN GENERAL/ });
    await trust.getByLabel('Beds in the base year').fill('320');
    const runId = await launchAndLand(page);
    const stored = await storedScenario(runId);
    expect(stored.source).not.toHaveProperty('preset');
    expect(diffDocuments(imported.scenario, stored.scenario)).toEqual([
      { pointer: '/sites/1/beds', from: imported.scenario.sites[1].beds, to: 320 },
    ]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("edits a site's pools (the site's beds their sum) and saves them as a revision", async () => {
    // The small hospital split into a medical and a surgical pool, each stream in one.
    const pooled = structuredClone(preset);
    pooled.id = 'dgh-pooled';
    pooled.sites[0].pools = [
      { id: 'medical', name: 'Medical wards', beds: 300 },
      { id: 'surgical', name: 'Surgical wards', beds: 100 },
    ];
    for (const stream of pooled.streams) stream.pool = stream.pathway === 'nonElective' ? 'medical' : 'surgical';
    const created = await fetch(`${stack.baseUrl}/v1/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: pooled }),
    });
    expect(created.status).toBe(201);
    const saved = await readJson(created);
    const { page, errors } = await openPage(`?scenario=${saved.id}`);
    const medical = site(page).getByLabel('Beds of pool Medical wards');
    const total = site(page).getByLabel(/^Beds in the base year/);
    expect(await total.getAttribute('readonly')).not.toBeNull();
    // A blank pool is not 0 beds: the save is stopped there.
    await medical.fill('');
    await page.click('#save-revision');
    await page.waitForSelector('#message.error');
    expect(await errorOf(medical)).toEqual({ invalid: 'true', message: expect.stringMatching(/empty/) });
    await medical.fill('320');
    expect(await total.inputValue()).toBe('420');
    await page.click('#save-revision');
    await page.locator('#message', { hasText: 'Saved as revision 2' }).waitFor();
    const second = await readJson(await fetch(`${stack.baseUrl}/v1/scenarios/${saved.id}`));
    expect(second.changes).toEqual([
      { pointer: '/sites/0/beds', from: 400, to: 420 },
      { pointer: '/sites/0/pools/0/beds', from: 300, to: 320 },
    ]);
    expect(errors).toEqual([]);
  }, 60_000);
});
