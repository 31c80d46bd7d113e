/**
 * The results page for clinical leads: one self-contained HTML document (no script, no CDN, styles
 * inline), readable on a laptop and printable. A headline title and a plain-language subtitle;
 * then, for the system and each site, beds required over the years against capacity; the options
 * side by side; the bed bridge as a waterfall; the risk at current capacity; the provenance.
 * Every chart has its data table beside it (the Analysis Function's accessibility guidance).
 */
import type { CellSummary } from '../../models/engine-summary.js';
import type { RunResult } from '../../models/run-result.js';
import { escapeHtml as e } from './escape.js';
import { CHART_NAMES } from '../exports/chart-downloads.js';
import { PRECISION_STATEMENT } from '../exports/precision.js';
import { n, pct, range, signedRange } from './format.js';
import { optionName as nameOfOption, RISK_AT_CAPACITY_LABELS, scopeName as nameOfScope } from './names.js';
import { bridgeComparison, optionsComparison, siteComparison, trajectoryOption } from './site-sections.js';
import { bedsOverYearsChart } from './beds-chart.js';
import { winterPeak } from './winter-peak.js';

export interface ReportContext {
  /** Bed policy of the scenario, when known, for the subtitle. */
  bedPolicy?: { targetOccupancy: number; riskTarget: number };
  createdAt?: string;
  links: { json: string; csv: string; run: string };
}

export function renderReport(result: RunResult, context: ReportContext): string {
  const horizon = result.years.at(-1)!;
  const base = result.years[0]!;
  const cell = (option: string, scope: string, year: string): CellSummary =>
    result.cells.find((c) => c.option === option && c.scope === scope && c.year === year)!;
  const optionName = (id: string) => nameOfOption(result, id);
  const scopeName = (id: string) => nameOfScope(result, id);
  const baseline = result.baselineOption;
  const others = result.options.filter((o) => o.id !== baseline);

  // Headline: the do-nothing requirement at the horizon against today's beds, and the best option.
  const doNothing = cell(baseline, 'system', horizon);
  const today = cell(baseline, 'system', base).capacity;
  const best = others
    .map((o) => ({ o, c: cell(o.id, 'system', horizon) }))
    .sort((a, b) => a.c.bedsRequired.occupancy.p50 - b.c.bedsRequired.occupancy.p50)[0];
  const gap = doNothing.bedsRequired.occupancy.p50 - today;
  const title = `${optionName(baseline)}: about ${n(doNothing.bedsRequired.occupancy.p50)} beds needed by ${horizon} against ${n(today)} today${gap > 0 ? `, ${n(gap)} short` : ''}${
    best ? `; ${best.o.name.toLowerCase()} would need ${n(best.c.bedsRequired.occupancy.p50)}` : ''
  }`;
  const policy = context.bedPolicy;
  const subtitle = `Median of ${n(result.iterations)} model runs (seed ${result.seed}) for ${e(result.scenario.name)}, by the occupancy method${
    policy ? ` at ${pct(policy.targetOccupancy)} target occupancy` : ''
  }. Shaded bands hold the middle 50% and 80% of runs. The risk method (dashed) sizes beds so that ${policy ? `at most ${pct(policy.riskTarget)} of` : 'few'} emergency admissions find no bed.`;

  const sections: string[] = [];

  // Beds over the years, system first, under the baseline option (or, where the baseline has
  // neither beds nor patients, such as a centre only an option opens, the first option that has).
  for (const scope of ['system', ...result.sites.map((s) => s.id)]) {
    const shownOption = trajectoryOption(result, scope);
    // Each site's options and bridge follow its beds; with one site they are the system's.
    const comparison = scope !== 'system' && result.sites.length > 1 ? siteComparison(result, scope) : '';
    if (!shownOption) {
      sections.push(`<section class="scope" id="scope-${e(scope)}"><h2>${e(scopeName(scope))}</h2>
<p class="note">No beds and no patients here under any option.</p>${comparison}</section>`);
      continue;
    }
    const shownName = optionName(shownOption).toLowerCase();
    const cells = result.years.map((y) => cell(shownOption, scope, y));
    const chart = bedsOverYearsChart(result, shownOption, scope, cells);
    const rows = cells
      .map(
        (c) =>
          `<tr><th scope="row">${e(c.year)}</th><td>${range(c.bedsRequired.occupancy)}</td><td>${range(c.bedsRequired.risk)}</td><td>${n(c.capacity)}</td><td>${pct(c.probabilityShortfall.occupancy)}</td><td>${range(c.admissions)}</td></tr>`,
      )
      .join('');
    const why =
      shownOption === baseline
        ? ''
        : `<p class="note">Under ${e(optionName(baseline).toLowerCase())} this site has no beds and no patients; shown under ${e(shownName)}, the first option that gives it some.</p>`;
    sections.push(`<section class="scope" id="scope-${e(scope)}"><h2>${e(scopeName(scope))}</h2>${why}${chart}
<table><caption>Beds required under ${e(shownName)}: median (P10 to P90)</caption><thead><tr><th scope="col">Year</th><th scope="col">Occupancy method</th><th scope="col">Risk method</th><th scope="col">Capacity</th><th scope="col">P(short of beds)</th><th scope="col">Admissions</th></tr></thead><tbody>${rows}</tbody></table>${winterPeak(result, scope, scopeName(scope))}${comparison}</section>`);
  }

  // The options side by side at the horizon, for the system (site by site in the scope sections).
  sections.push(`<section id="options"><h2>The options side by side, ${e(horizon)}</h2>
${optionsComparison(result, 'system', horizon)}</section>`);

  // The bridge for the option with the most levers; every option's bridge in the table.
  sections.push(`<section id="bridge"><h2>The bed bridge, ${e(base)} to ${e(horizon)}</h2>${bridgeComparison(result, 'system')}
<p class="note">Each step is taken run by run, then summarised: the medians of the steps need not add up to the median requirement. "Interaction" is what the levers do together beyond the sum of their separate effects. Capacity changes have no step of their own: they change the beds an option has (the last rows), not the beds it needs.</p></section>`);

  // Risk at current capacity, horizon year, every option and scope.
  const riskRows = result.options
    .flatMap((o) =>
      ['system', ...result.sites.map((s) => s.id)].map((scope) => {
        const c = cell(o.id, scope, horizon);
        return `<tr><td>${e(o.name)}</td><th scope="row">${e(scopeName(scope))}</th><td>${pct(c.probabilityShortfall.occupancy)}</td><td>${pct(c.probabilityShortfall.risk)}</td><td>${range(c.turnedAway)}</td><td>${range(c.daysFull)}</td><td>${range(c.daysDemandAtOrAboveCapacity)}</td></tr>`;
      }),
    )
    .join('');
  sections.push(`<section id="risk"><h2>Risk at the capacity planned for ${e(horizon)}</h2>
<table><caption>Chance that the beds required exceed capacity, and what happens at that capacity: median (P10 to P90)</caption><thead><tr><th scope="col">Option</th><th scope="col">Where</th>${Object.values(
    RISK_AT_CAPACITY_LABELS,
  )
    .map((label) => `<th scope="col">${e(label)}</th>`)
    .join('')}</tr></thead><tbody>${riskRows}</tbody></table></section>`);

  // Shortfalls where they happen, horizon year: the system gap nets sites against each other.
  const hasPools = result.sites.some((x) => x.pools && x.pools.length > 0);
  const shortRows = result.options
    .flatMap((o) => {
      const c = cell(o.id, 'system', horizon);
      const f = c.shortfall;
      if (!f) return [];
      return (['occupancy', 'risk'] as const).map(
        (m) =>
          `<tr><td>${e(o.name)}</td><th scope="row">${m} method</th><td>${signedRange(c.gap[m])}</td><td>${pct(c.probabilityShortfall[m])}</td><td>${range(f.sumOverSites[m])}</td><td>${pct(f.probabilityAnySiteShort[m])}</td>${hasPools ? `<td>${range(f.sumOverPools[m])}</td><td>${pct(f.probabilityAnyPoolShort[m])}</td>` : ''}</tr>`,
      );
    })
    .join('');
  const shortScopes = cell(baseline, 'system', horizon).shortfall?.byScope.map((x) => x.scope) ?? [];
  const byScopeRows = result.options
    .flatMap((o) => {
      const f = cell(o.id, 'system', horizon).shortfall;
      if (!f) return [];
      return [
        `<tr><th scope="row">${e(o.name)}</th>${f.byScope.map((x) => `<td>${pct(x.probabilityShort.occupancy)} / ${pct(x.probabilityShort.risk)}</td>`).join('')}</tr>`,
      ];
    })
    .join('');
  if (shortRows)
    sections.push(`<section id="shortfalls"><h2>Shortfalls where they happen, ${e(horizon)}</h2>
<p class="note">The system gap nets one site's spare beds against another's shortfall, which patients cannot use. Here the beds short at each site are added up instead, run by run${hasPools ? ', and at each bed pool' : ''}.</p>
<table><caption>Whole system, ${e(horizon)}: median (P10 to P90)</caption><thead><tr><th scope="col">Option</th><th scope="col">Method</th><th scope="col">System gap (netted)</th><th scope="col">P(system short)</th><th scope="col">Beds short, summed over sites</th><th scope="col">P(any site short)</th>${hasPools ? '<th scope="col">Beds short, summed over pools</th><th scope="col">P(any pool short)</th>' : ''}</tr></thead><tbody>${shortRows}</tbody></table>
<table><caption>Share of runs in which each site is short, ${e(horizon)}: occupancy method / risk method</caption><thead><tr><th scope="col">Option</th>${shortScopes.map((x) => `<th scope="col">${e(scopeName(x))}</th>`).join('')}</tr></thead><tbody>${byScopeRows}</tbody></table></section>`);

  const provenance = `<section id="provenance"><h2>Provenance</h2><dl>
<dt>Scenario</dt><dd>${e(result.scenario.name)} (<code>${e(result.scenario.id)}</code>)${result.source.preset ? `, from the preset <code>${e(result.source.preset)}</code>` : result.source.saved ? `, from the saved scenario <code>${e(result.source.saved.id)}</code> revision ${result.source.saved.revision}` : ', inline'}${result.source.changes?.length ? ', changed:' : result.source.preset || result.source.saved ? ', unchanged' : ''}</dd>${result.source.changes?.length ? `<dd><ul>${result.source.changes.map((ch) => `<li><code>${e(ch.pointer)}</code>: <code>${e(JSON.stringify(ch.from))}</code> → <code>${e(JSON.stringify(ch.to))}</code></li>`).join('')}</ul></dd>` : ''}
<dt>Model runs</dt><dd>${n(result.iterations)}, seed ${result.seed}</dd>
<dt>Model version</dt><dd>${e(result.modelVersion)}</dd>
<dt>Run</dt><dd><a href="${e(context.links.run)}"><code>${e(result.runId)}</code></a>${context.createdAt ? `, launched ${e(context.createdAt)}` : ''}</dd>
<dt>Inputs hash</dt><dd><code>${e(result.inputsSha256)}</code>: the same inputs always give the same figures</dd>
<dt>Data</dt><dd><a href="${e(context.links.json)}">JSON</a> · <a href="${e(context.links.csv)}">CSV</a> · <a href="${e(`${context.links.csv}&layout=wide`)}">CSV, years as columns</a> · <a href="${e(`${context.links.run}/results.xlsx`)}">Workbook (xlsx)</a></dd>
<dt>Charts for slides</dt><dd>${CHART_NAMES.map((name) => `<a href="${e(`${context.links.run}/charts/${name}.svg`)}">${name}</a> (<a href="${e(`${context.links.run}/charts/${name}.png`)}">PNG</a>)`).join(' · ')}; <code>?scope=</code>, <code>option</code>, <code>year</code> and <code>method</code> choose another</dd>
<dt>Precision</dt><dd>Here beds are rounded to the nearest bed and shares to the nearest percent, for reading. The CSV and the workbook give ${e(PRECISION_STATEMENT)}.</dd>
</dl></section>`;

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(result.scenario.name)}: bed requirements, ${e(horizon)} (bedcast)</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><p class="kicker">bedcast · ${e(result.scenario.name)}</p><h1>${e(title)}</h1><p class="subtitle">${subtitle}</p>
<nav><a href="#scope-system">System</a> · ${result.sites.map((s) => `<a href="#scope-${e(s.id)}">${e(s.name)}</a>`).join(' · ')} · <a href="#options">Options</a> · <a href="#bridge">Bridge</a> · <a href="#risk">Risk</a> · <a href="#shortfalls">Shortfalls</a> · <a href="#provenance">Provenance</a></nav></header>
<main>
${sections.join('\n')}
${provenance}
</main>
</body>
</html>
`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#212b32;margin:0 auto;max-width:1000px;padding:1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #005eb8;padding-bottom:.2rem}
.kicker{color:#4c6272;margin:0;font-size:.9rem}.subtitle{color:#4c6272;margin-top:0}
nav a{color:#005eb8}a{color:#005eb8}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.9rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #d8dde0;padding:.3rem .5rem;text-align:right}th[scope=row],td:first-child{text-align:left}
thead th{background:#f0f4f5}thead th:first-child{text-align:left}
.range{color:#4c6272;font-size:.85em}
svg.chart{max-width:100%;height:auto;display:block;margin:.6rem 0}
svg .tick{font-size:11px;fill:#4c6272}svg .legend,svg .label{font-size:12px;fill:#212b32}
.note{color:#4c6272;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
@media print{body{max-width:none;padding:0}nav{display:none}section{break-inside:avoid}h2{break-after:avoid}a{color:inherit;text-decoration:none}}
`;
