/**
 * CSV for planners (issue 19, item 4) through app.request(): every figure rounded to its stated
 * precision (the finding: 16-digit figures such as 35.900000000000006), JSON at full precision,
 * and the wide layout with the years as columns.
 */
import { describe, expect, it } from 'vitest';
import { PRECISION_GROUPS, decimalsFor, precisionGroupOf, roundTo } from '../../api/exports/precision.js';
import { WIDE_CSV_KEY_COLUMNS } from '../../api/exports/wide-csv.js';
import { CSV_HEADER, tidyRows } from '../../api/results-view.js';
import { runInProcess } from '../../models/run-document.js';
import { parseCsv } from '../support/parse-csv.js';
import { figureOf } from '../support/result-figures.js';
import { storedDocument, storedRunApp, storedRunId } from '../support/stored-run-app.js';
import { threeSiteScenario } from '../support/three-site-scenario.js';

const document = storedDocument;
const id = storedRunId;
const setup = storedRunApp;

/** Digits after the decimal point as a number prints. */
const decimalsIn = (text: string) => /\.(\d+)$/.exec(text)?.[1]?.length ?? 0;

describe('stated precision', () => {
  it('names a precision for every figure a result has, pools and shortfalls included', () => {
    const withPool = {
      ...threeSiteScenario,
      sites: threeSiteScenario.sites.map((x) =>
        x.id === 'north' ? { ...x, pools: [{ id: 'general', beds: x.beds }] } : x,
      ),
    };
    const threeSite = runInProcess({ scenario: withPool, seed: 3, iterations: 20 }).result;
    expect(threeSite.cells.some((c) => c.scope === 'north/general')).toBe(true);
    const metrics = new Set([...tidyRows(document.result), ...tidyRows(threeSite)].map((r) => r.metric));
    expect([...metrics].filter((m) => !precisionGroupOf(m))).toEqual([]);
    expect(PRECISION_GROUPS.find((g) => g.what === 'beds')!.decimals).toBe(1);
    expect(PRECISION_GROUPS.find((g) => g.what === 'probabilities')!.decimals).toBe(3);
  });

  it('rounds to the nearest, printing the shortest form and never -0', () => {
    expect(roundTo(35.900000000000006, 1)).toBe(35.9);
    expect(String(roundTo(35.900000000000006, 1))).toBe('35.9');
    expect(roundTo(-0.04, 1)).toBe(0);
    expect(Object.is(roundTo(-0.04, 1), -0)).toBe(false);
    expect(roundTo(0.96666, 3)).toBe(0.967);
    expect(roundTo(26935.5, 0)).toBe(26936);
  });
});

describe('CSV at the stated precision', () => {
  it('long CSV: every figure is the JSON figure rounded to its precision, with no more digits', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/simulations/${id}/results?format=csv`);
    expect(res.status).toBe(200);
    const [head, ...rows] = parseCsv(await res.text());
    expect(head).toEqual([...CSV_HEADER]);
    expect(rows.length).toBe(tidyRows(document.result).length);
    let unround = 0;
    for (const [option, site, year, metric, method, statistic, value] of rows) {
      const row = {
        option: option!,
        scope: site!,
        year: year!,
        metric: metric!,
        method: method!,
        statistic: statistic!,
      };
      const full = figureOf(document.result, row);
      const decimals = decimalsFor(metric!, statistic!);
      expect(Number(value), JSON.stringify(row)).toBe(roundTo(full, decimals));
      expect(decimalsIn(value!)).toBeLessThanOrEqual(decimals);
      if (full !== roundTo(full, decimals)) unround++;
    }
    // The run has figures with more digits than stated: the rounding did something.
    expect(unround).toBeGreaterThan(100);
  });

  it('JSON keeps full precision', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/simulations/${id}/results`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(document.bytes);
  });

  it('wide CSV: the years as columns, names beside ids, the same rounded figures', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/simulations/${id}/results?format=csv&layout=wide`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}-wide.csv"`);
    const raw = new Uint8Array(await res.arrayBuffer());
    // A byte order mark, so Excel reads it as UTF-8.
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(raw);
    expect(text).toContain('\r\n');
    const [head, ...rows] = parseCsv(text);
    const years = document.result.years;
    expect(head).toEqual([...WIDE_CSV_KEY_COLUMNS, ...years]);
    const long = tidyRows(document.result);
    // One row per option x site x metric x method x statistic; every long figure in one of its cells.
    expect(rows.length).toBe(
      new Set(long.map((r) => [r.option, r.scope, r.metric, r.method, r.statistic].join('|'))).size,
    );
    let figures = 0;
    for (const r of rows) {
      const [option, optionName, site, siteName, metric, method, statistic] = r;
      expect(optionName).toBe(document.result.options.find((o) => o.id === option)!.name);
      expect(siteName).toBe(site === 'system' ? 'Whole system' : 'District General Hospital');
      years.forEach((year, i) => {
        const value = r[WIDE_CSV_KEY_COLUMNS.length + i]!;
        if (value === '') return;
        figures++;
        const row = { option: option!, scope: site!, year, metric: metric!, method: method!, statistic: statistic! };
        expect(Number(value)).toBe(roundTo(figureOf(document.result, row), decimalsFor(metric!, statistic!)));
      });
    }
    expect(figures).toBe(long.length);
    // Filters narrow it as they narrow the long CSV.
    const filtered = parseCsv(
      await (
        await app.request(`/v1/simulations/${id}/results?format=csv&layout=wide&scope=system&metric=bedsRequired`)
      ).text(),
    );
    expect(new Set(filtered.slice(1).map((r) => `${r[2]} ${r[4]}`))).toEqual(
      new Set(['system bedsRequired', 'system capacity']),
    );
    // Its own ETag: another representation.
    const longRes = await app.request(`/v1/simulations/${id}/results?format=csv`);
    expect(longRes.headers.get('etag')).not.toBe(res.headers.get('etag'));
    expect(
      (
        await app.request(`/v1/simulations/${id}/results?format=csv&layout=wide`, {
          headers: { 'if-none-match': res.headers.get('etag')! },
        })
      ).status,
    ).toBe(304);
    expect((await app.request(`/v1/simulations/${id}/results?format=csv&layout=tall`)).status).toBe(422);
  });
});
