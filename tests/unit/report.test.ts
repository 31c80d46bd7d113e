/**
 * The report page's structure and numbers: a chart and a table for each scope, the options and
 * the bridge; figures equal to the JSON's; self-contained (no script, no external resource); text
 * from the scenario escaped; cached with an ETag like the results.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { renderReport } from '../../api/report/report-html.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { resultKey, runRecordKey, scenarioKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { tempStore } from '../support/temp-store.js';

const n = (x: number) => Math.round(x).toLocaleString('en-GB');

async function reportFor(scenario: typeof smallHospital.scenario) {
  const document = runInProcess({ scenario, seed: 4, iterations: 40, source: {} });
  const store = tempStore();
  const id = document.result.runId;
  await store.put(resultKey(id), document.bytes);
  await store.put(scenarioKey(id), new TextEncoder().encode(JSON.stringify(scenario)));
  await store.put(
    runRecordKey(id),
    new TextEncoder().encode(
      JSON.stringify({ createdAt: '2026-11-24T10:00:00.000Z', finishedAt: '2026-11-24T10:01:00.000Z' }),
    ),
  );
  const app = createApp({ simulations: new FakeSimulationService(), store });
  const res = await app.request(`/v1/simulations/${id}/report`);
  return { res, html: await res.text(), result: document.result, app, id };
}

describe('GET /v1/simulations/{id}/report', () => {
  it('has a headline, a chart and a table per scope, the options, the bridge, the risk and the provenance', async () => {
    const { res, html, result } = await reportFor(smallHospital.scenario);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const horizon = result.years.at(-1)!;
    const doNothing = result.cells.find(
      (c) => c.option === 'do-nothing' && c.scope === 'system' && c.year === horizon,
    )!;
    // The headline names the requirement and today's beds, as the JSON has them.
    const h1 = /<h1>(.*?)<\/h1>/s.exec(html)![1]!;
    expect(h1).toContain(`about ${n(doNothing.bedsRequired.occupancy.p50)} beds needed by ${horizon}`);
    expect(h1).toContain(
      `against ${n(result.cells.find((c) => c.option === 'do-nothing' && c.scope === 'system' && c.year === result.years[0])!.capacity)} today`,
    );
    expect(html).toContain('85% target occupancy');
    // Charts: one fan per scope (system + 1 site), options and differences, one waterfall; each titled.
    expect(html.match(/<svg[^>]*class="chart fan"/g)).toHaveLength(2);
    expect(html.match(/<svg[^>]*class="chart whiskers"/g)).toHaveLength(2);
    expect(html.match(/<svg[^>]*class="chart waterfall"/g)).toHaveLength(1);
    // A winter-peak chart per scope too: twelve months by option against capacity.
    expect(html.match(/<svg[^>]*class="chart months"/g)).toHaveLength(2);
    expect(html.match(/<svg[^>]*role="img"[^>]*>\s*<title id=/g)).toHaveLength(7);
    const peak = doNothing.months.peak.occupancy;
    expect(html).toContain(
      `<td>${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][peak.month]}</td><td>${n(peak.beds.p50)} <span class="range">`,
    );
    // Both methods are drawn, told apart, with the capacity line.
    expect(html.match(/class="median" data-method="occupancy"/g)).toHaveLength(2);
    expect(html.match(/class="median" data-method="risk"/g)).toHaveLength(2);
    expect(html.match(/class="capacity"/g)).toHaveLength(4);
    // The table behind the options chart carries the JSON's figures.
    for (const option of result.options) {
      const c = result.cells.find((x) => x.option === option.id && x.scope === 'system' && x.year === horizon)!;
      expect(html).toContain(
        `<th scope="row">${option.name}</th><td>${n(c.bedsRequired.occupancy.p50)} <span class="range">(${n(c.bedsRequired.occupancy.p10)} to ${n(c.bedsRequired.occupancy.p90)})</span>`,
      );
    }
    for (const section of ['scope-system', 'scope-dgh', 'options', 'bridge', 'risk', 'shortfalls', 'provenance'])
      expect(html).toContain(`id="${section}"`);
    // Shortfalls where they happen: the summed site shortfalls and P(any site short), as the JSON has them.
    const f = doNothing.shortfall!;
    expect(html).toContain(
      `<td>${n(f.sumOverSites.occupancy.p50)} <span class="range">(${n(f.sumOverSites.occupancy.p10)} to ${n(f.sumOverSites.occupancy.p90)})</span></td><td>${Math.round(f.probabilityAnySiteShort.occupancy * 100)}%</td>`,
    );
    expect(html).toContain(result.inputsSha256);
    expect(html).toContain('launched 2026-11-24T10:00:00.000Z');
    expect(html).toContain(`href="/v1/simulations/${result.runId}/results?format=csv"`);
  });

  it('renders a result stored before months (model 0.3.0) without the winter peak', async () => {
    const document = runInProcess({ scenario: smallHospital.scenario, seed: 4, iterations: 20, source: {} });
    const old = structuredClone(document.result);
    for (const c of old.cells) delete (c as { months?: unknown }).months;
    const html = renderReport(old, { links: { json: 'j', csv: 'c', run: 'r' } });
    expect(html.match(/<svg[^>]*class="chart fan"/g)).toHaveLength(2);
    expect(html).not.toContain('class="chart months"');
    expect(html).not.toContain('month by month');
    // The same result with its months has them.
    expect(renderReport(document.result, { links: { json: 'j', csv: 'c', run: 'r' } })).toContain(
      'class="chart months"',
    );
  });

  it('is self-contained and escapes what the scenario says', async () => {
    const hostile = { ...smallHospital.scenario, name: '<script>alert("x")</script> & <img src=x>' };
    const { html } = await reportFor(hostile);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x&gt;');
    // No resource from elsewhere: no src attributes, no external stylesheet, links stay on the API.
    expect(html).not.toMatch(/<[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html.match(/href="https?:/g)).toBeNull();
  });

  it('revalidates with its ETag, and is 404 or 409 like the results', async () => {
    const { res, app, id } = await reportFor(smallHospital.scenario);
    const again = await app.request(`/v1/simulations/${id}/report`, {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect((await app.request('/v1/simulations/sim-ffffffffffffffffffffffff/report')).status).toBe(404);
    const launched = (await (
      await app.request('/v1/simulations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preset: 'small-hospital', seed: 9 }),
      })
    ).json()) as { id: string };
    expect((await app.request(`/v1/simulations/${launched.id}/report`)).status).toBe(409);
  });
});
