/**
 * The runs list for people (issue 19, item 3): GET /v1/simulations from a browser is a page that
 * names each run's scenario, source and options by name, links to its report, and pages and
 * filters like the JSON; every other client still gets the JSON.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { prefersHtml } from '../../api/accept.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { scenarioKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { tempStore } from '../support/temp-store.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8';

async function withRuns() {
  const service = new FakeSimulationService();
  const store = tempStore();
  const app = createApp({ simulations: service, store });
  const launch = async (body: object) => {
    const res = await app.request('/v1/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  // A preset run with one change, then an inline scenario with a hostile name, finished.
  const changed = await launch({ preset: 'small-hospital', seed: 1, overrides: { '/bedPolicy/targetOccupancy': 0.9 } });
  const hostile = { ...smallHospital.scenario, id: 'mine', name: '<b>Ward & "beds"</b>' };
  const inline = await launch({ scenario: hostile, seed: 2, options: ['do-nothing', 'shorter-stays'] });
  service.runs.get(inline)!.status = 'succeeded';
  await store.put(
    scenarioKey(inline),
    new TextEncoder().encode(JSON.stringify({ ...hostile, options: hostile.options.slice(0, 1) })),
  );
  const html = (path = '/v1/simulations') => app.request(path, { headers: { accept: BROWSER_ACCEPT } });
  return { app, service, changed, inline, html };
}

describe('GET /v1/simulations as a page', () => {
  it('names each run by its scenario, source and options, and links to its report', async () => {
    const { changed, inline, html } = await withRuns();
    const res = await html();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('vary')).toContain('Accept');
    const page = await res.text();
    const row = (id: string) => new RegExp(`<tr data-run="${id}">[\\s\\S]*?</tr>`).exec(page)![0];
    // The queued preset run: named from the input it was started with (no worker has stored it yet).
    const first = row(changed);
    expect(first).toContain('>One district general hospital</a>');
    expect(first).toContain('from the preset, 1 change');
    expect(first).toContain('<td>Do nothing, Admission avoidance for frail patients, Shorter emergency stays</td>');
    expect(first).toContain('Queued');
    expect(first).not.toContain('/report');
    // The finished inline run: named from its stored scenario, escaped, with its report and CSV.
    const second = row(inline);
    expect(second).toContain('&lt;b&gt;Ward &amp; &quot;beds&quot;&lt;/b&gt;');
    expect(second).toContain('written in the request');
    expect(second).toContain(`href="/v1/simulations/${inline}/report">Report</a>`);
    expect(second).toContain(`href="/v1/simulations/${inline}/results?format=csv">CSV</a>`);
    expect(page).not.toMatch(/<b>Ward/);
    expect(page).not.toMatch(/<script/i);
    // Newest first, as the JSON.
    expect(page.indexOf(inline)).toBeLessThan(page.indexOf(changed));
    // Option ids are not what a person reads.
    const text = page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
    for (const id of ['do-nothing', 'admission-avoidance', 'shorter-stays']) expect(text).not.toContain(id);
  });

  it('pages and filters like the JSON, and refuses a bad filter the same way', async () => {
    const { changed, inline, html } = await withRuns();
    const first = await (await html('/v1/simulations?limit=1')).text();
    expect(first).toContain(inline);
    expect(first).not.toContain(changed);
    const next = /<a rel="next" href="([^"]+)">Older runs<\/a>/.exec(first)![1]!.replace(/&amp;/g, '&');
    const second = await (await html(next)).text();
    expect(second).toContain(changed);
    expect(second).not.toMatch(/rel="next"/);
    const finished = await (await html('/v1/simulations?status=succeeded')).text();
    expect(finished).toContain(inline);
    expect(finished).not.toContain(changed);
    expect(finished).toContain('<strong aria-current="page">Finished</strong>');
    expect(await (await html('/v1/simulations?status=failed')).text()).toContain('id="empty"');
    const bad = await html('/v1/simulations?status=done');
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('stays JSON for every client that does not rank HTML first', async () => {
    const { app } = await withRuns();
    for (const accept of [
      undefined,
      '*/*',
      'application/json',
      'application/json, text/html',
      'text/html;q=0.5, */*',
    ]) {
      const res = await app.request('/v1/simulations', accept ? { headers: { accept } } : {});
      expect(res.headers.get('content-type'), accept).toMatch(/^application\/json/);
      expect(((await res.json()) as { runs: unknown[] }).runs).toHaveLength(2);
    }
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml('text/html;q=0.9, application/json')).toBe(false);
  });

  it('is linked from the launch page', async () => {
    const { app } = await withRuns();
    const launchPage = await (await app.request('/')).text();
    expect(launchPage).toContain('<a href="/v1/simulations">All recent runs</a>');
  });
});
