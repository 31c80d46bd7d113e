/**
 * The report page's structure and numbers: a chart and a table for each scope, the options and
 * the bridge; figures equal to the JSON's; self-contained (no script, no external resource); text
 * from the scenario escaped; cached with an ETag like the results.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { renderReport } from '../../api/report/report-html.js';
import { linearScale } from '../../api/report/svg-charts.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
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

describe('the report, site by site (issue 19, item 3)', () => {
  const signed = (x: number) => (Math.round(x) > 0 ? `+${n(x)}` : n(x));
  const range = (d: { p10: number; p50: number; p90: number }) =>
    `${n(d.p50)} <span class="range">(${n(d.p10)} to ${n(d.p90)})</span>`;
  const signedRange = (d: { p10: number; p50: number; p90: number }) =>
    `${signed(d.p50)} <span class="range">(${signed(d.p10)} to ${signed(d.p90)})</span>`;
  /** The HTML between two ids: one part of the page. */
  const between = (html: string, from: string, to: string) => {
    const start = html.indexOf(`id="${from}"`);
    const end = html.indexOf(`id="${to}"`);
    expect(start, from).toBeGreaterThan(0);
    expect(end, to).toBeGreaterThan(start);
    return html.slice(start, end);
  };
  // One SEL run (40 iterations) for every test here.
  let sel: ReturnType<typeof reportFor> | undefined;
  const selReport = () => (sel ??= reportFor(selStp2016.scenario));

  it('has, for every SEL site, the options side by side with the JSON figures: beds required, beds it has, beds short and both paired changes', async () => {
    const { html, result } = await selReport();
    const horizon = result.years.at(-1)!;
    const cell = (option: string, scope: string) =>
      result.cells.find((c) => c.option === option && c.scope === scope && c.year === horizon)!;
    let creditedSomewhere = false;
    for (const site of result.sites) {
      const part = between(html, `options-${site.id}`, `bridge-${site.id}`);
      expect(part, site.id).toContain(`The options side by side at ${site.name.replace(/'/g, '&#39;')}, ${horizon}`);
      const base = cell(result.baselineOption, site.id);
      for (const option of result.options) {
        const c = cell(option.id, site.id);
        const d = c.differenceFromBaseline;
        // Change in beds short: the paired change in beds required less the beds the option adds here.
        const moreBeds = c.capacity - base.capacity;
        const short = d && {
          p10: d.bedsRequired.occupancy.p10 - moreBeds,
          p50: d.bedsRequired.occupancy.p50 - moreBeds,
          p90: d.bedsRequired.occupancy.p90 - moreBeds,
        };
        expect(part, `${site.id} ${option.id}`).toContain(
          `<tr><th scope="row">${option.name}</th><td>${range(c.bedsRequired.occupancy)}</td><td>${range(c.bedsRequired.risk)}</td><td>${n(c.capacity)}</td><td>${signedRange(c.gap.occupancy)}</td><td>${d ? signedRange(d.bedsRequired.occupancy) : '–'}</td><td>${short ? signedRange(short) : '–'}</td><td>${d ? `${Math.round(d.probabilityFewerBeds.occupancy * 100)}%` : '–'}</td></tr>`,
        );
        if (moreBeds !== 0 && Math.round(d!.bedsRequired.occupancy.p50) !== Math.round(short!.p50))
          creditedSomewhere = true;
      }
      // Two comparison charts (levels with each option's beds, and the paired changes) and a bridge.
      expect(part.match(/<svg[^>]*class="chart whiskers"/g), site.id).toHaveLength(2);
      expect(part.match(/class="mark"/g), site.id).toHaveLength(result.options.length);
    }
    // The orthopaedic centres move beds between sites: at King's the change in beds short is not
    // the change in beds required (the option's own capacity is counted).
    expect(creditedSomewhere).toBe(true);
    // The whole page: a fan per scope, two comparison charts and a bridge for the system and each site.
    expect(html.match(/<svg[^>]*class="chart fan"/g)).toHaveLength(1 + result.sites.length);
    expect(html.match(/<svg[^>]*class="chart whiskers"/g)).toHaveLength(2 * (1 + result.sites.length));
    expect(html.match(/<svg[^>]*class="chart waterfall"/g)).toHaveLength(1 + result.sites.length);
  });

  it("has each site's bridge for every option, the steps named, ending in the beds it has and beds short", async () => {
    const { html, result } = await selReport();
    const horizon = result.years.at(-1)!;
    const part = between(html, 'bridge-kch', 'scope-lgt');
    expect(part.match(/<svg[^>]*class="chart waterfall"/g)).toHaveLength(1);
    for (const option of result.options) {
      const bridge = result.bridges.find(
        (b) => b.option === option.id && b.scope === 'kch' && b.method === 'occupancy',
      )!;
      const required = bridge.steps.find((s) => s.step === 'required')!;
      expect(part).toContain(`<th scope="col">${option.name}</th>`);
      expect(part).toContain(range({ p10: required.p10, p50: required.p50, p90: required.p90 }));
    }
    const lcn = result.bridges
      .find((b) => b.option === 'all-levers' && b.scope === 'kch' && b.method === 'occupancy')!
      .steps.find((s) => s.step === 'lcn-admission-avoidance')!;
    // The lever's row carries the option's name (its only lever) and its JSON figures.
    expect(part).toContain(
      `<th scope="row">LCN admission avoidance</th><td>–</td><td>${signedRange({ p10: lcn.p10, p50: lcn.p50, p90: lcn.p90 })}</td>`,
    );
    const capacity = result.cells.find((c) => c.option === 'all-levers' && c.scope === 'kch' && c.year === horizon)!;
    expect(part).toMatch(
      new RegExp(`<th scope="row">beds it has</th>(<td>[\\d,]+</td>){4}<td>${n(capacity.capacity)}</td></tr>`),
    );
  });

  it('names options, sites and levers, never their ids, in what a person reads', async () => {
    const { html, result } = await selReport();
    // What is read: text outside tags (SVG titles, descriptions and labels included), not attributes.
    const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
    const ids = [
      ...result.options.map((o) => o.id),
      ...result.options.flatMap((o) => o.interventions),
      ...result.sites.map((s) => s.id),
    ];
    for (const id of new Set(ids)) expect(text, id).not.toMatch(new RegExp(`(^|[^\\w-])${id}($|[^\\w-])`));
    expect(text).toContain('All levers together');
  });

  it("draws a centre that has no beds under 'do nothing' under the option that opens it, on a whole-bed axis", async () => {
    const { html } = await selReport();
    const part = between(html, 'scope-orpington-eoc', 'options-orpington-eoc');
    expect(part).toContain('shown under elective orthopaedic centres, the first option that gives it some');
    const fan = /<svg[^>]*class="chart fan"[\s\S]*?<\/svg>/.exec(part)![0];
    const ticks = [...fan.matchAll(/text-anchor="end" class="tick">([^<]*)</g)].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    // Even a flat row of zeros gets whole-bed ticks, not 0, 0.2 ... 1 printed as "0 0 0 1 1 1".
    expect(linearScale(0, 0, 100, 0, 5, 1).ticks).toEqual([0, 1]);
  });
});
