/**
 * The runs list as a page for people: GET /v1/simulations asked by a browser (Accept ranking
 * text/html above JSON) gets this instead of the JSON, from the same page of runs, the same
 * filters and the same cursors. Each run is named by its scenario's name, where it came from and
 * the options it compared, by name; ids stay in the links. No script, styles inline, like the report.
 */
import { findPreset } from '../models/presets/index.js';
import type { ResultStore } from '../store/result-store.js';
import { decodeResult, RunRepository } from '../store/run-repository.js';
import { escapeHtml as e } from './report/escape.js';
import { runLocation } from './run-resource.js';
import type { RunListItem, RunStatus, SimulationService } from './simulation-service.js';

/** What a person needs to recognise a run beyond the list item: its scenario's name and option names. */
export interface RunDescription {
  scenarioName?: string;
  options?: string[];
}

interface NamedScenario {
  name?: string;
  options?: { name?: string }[];
}

/**
 * A run's scenario name and option names: from its stored scenario (written when a worker
 * prepares it), else the input it was started with, else its preset's name; nothing when none is
 * known. A run not found anywhere is still listed, by its scenario id.
 */
export async function describeRun(
  store: ResultStore,
  service: SimulationService,
  run: RunListItem,
): Promise<RunDescription> {
  const fromScenario = (s: NamedScenario | undefined): RunDescription | undefined =>
    s?.name
      ? {
          scenarioName: s.name,
          ...(s.options ? { options: s.options.map((o) => o.name ?? '').filter(Boolean) } : {}),
        }
      : undefined;
  try {
    const runs = new RunRepository(store);
    const scenario = (await runs.scenario(run.id)) as NamedScenario | undefined;
    if (scenario) {
      const found = fromScenario(scenario);
      if (found) return found;
    }
    // A stored result without its scenario (older runs): the result names the scenario and options.
    const result = await runs.resultBytes(run.id);
    if (result) {
      const r = decodeResult(result) as unknown as { scenario?: NamedScenario } & NamedScenario;
      const found = fromScenario({
        ...(r.scenario?.name ? { name: r.scenario.name } : {}),
        ...(r.options ? { options: r.options } : {}),
      });
      if (found) return found;
    }
    const input = await service.input?.(run.id);
    const found = fromScenario(input?.scenario);
    if (found) return found;
  } catch {
    // A run whose inputs cannot be read now is still listed; it is named by its preset or id.
  }
  const preset = run.scenario.preset ? findPreset(run.scenario.preset) : undefined;
  return preset ? { scenarioName: preset.scenario.name } : {};
}

const STATUS_LABEL: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "2026-12-01 12:30 UTC" from an ISO 8601 time: to the minute, in UTC, as stored. */
function when(iso: string | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface RunsListPage {
  runs: (RunListItem & { description: RunDescription })[];
  links: { self: string; next?: string };
  /** The filters the page was asked with, to say what it shows and to link to the others. */
  query: { status?: RunStatus; scenario?: string; limit: number };
}

export function renderRunsList(page: RunsListPage): string {
  const { query } = page;
  const link = (params: { status?: RunStatus; scenario?: string }) => {
    const p = new URLSearchParams();
    if (params.status) p.set('status', params.status);
    if (params.scenario) p.set('scenario', params.scenario);
    p.set('limit', String(query.limit));
    return `/v1/simulations?${p.toString()}`;
  };
  const filters = (
    [
      [undefined, 'All runs'],
      ['running', 'In flight'],
      ['succeeded', 'Finished'],
      ['failed', 'Failed'],
      ['cancelled', 'Cancelled'],
    ] as [RunStatus | undefined, string][]
  )
    .map(([status, label]) =>
      status === query.status
        ? `<strong aria-current="page">${label}</strong>`
        : `<a href="${e(link({ ...(status ? { status } : {}), ...(query.scenario ? { scenario: query.scenario } : {}) }))}">${label}</a>`,
    )
    .join(' · ');
  const rows = page.runs
    .map((run) => {
      const { description: d, scenario } = run;
      const name = d.scenarioName ?? scenario.id;
      const presetName = scenario.preset ? (findPreset(scenario.preset)?.scenario.name ?? scenario.preset) : '';
      // The preset is named only where the run's scenario goes by another name.
      const from = scenario.preset
        ? `from the preset${presetName === name ? '' : ` ${e(presetName)}`}`
        : scenario.saved
          ? `from a saved scenario, revision ${scenario.saved.revision}`
          : 'written in the request';
      const changes = scenario.changes?.length
        ? `, ${scenario.changes.length} ${scenario.changes.length === 1 ? 'change' : 'changes'}`
        : scenario.preset || scenario.saved
          ? ', unchanged'
          : '';
      const links = [
        ...(run.status === 'succeeded'
          ? [
              `<a href="${e(runLocation(run.id))}/report">Report</a>`,
              `<a href="${e(runLocation(run.id))}/results?format=csv">CSV</a>`,
            ]
          : []),
        `<a href="${e(runLocation(run.id))}">Run</a>`,
      ].join(' · ');
      return `<tr data-run="${e(run.id)}"><td>${e(when(run.createdAt))}</td><th scope="row"><a href="${e(link({ scenario: scenario.id }))}" title="runs of this scenario">${e(name)}</a><span class="from">${from}${changes}</span></th><td>${d.options?.length ? e(d.options.join(', ')) : '–'}</td><td class="status ${e(run.status)}">${STATUS_LABEL[run.status]}${run.finishedAt ? `<span class="from">${e(when(run.finishedAt))}</span>` : ''}</td><td>${run.iterations.toLocaleString('en-GB')}</td><td>${run.seed}</td><td>${links}</td></tr>`;
    })
    .join('\n');
  const scope = query.scenario
    ? ` of ${e(page.runs[0]?.description.scenarioName ?? query.scenario)} <a href="${e(link(query.status ? { status: query.status } : {}))}">(every scenario)</a>`
    : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recent runs (bedcast)</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><p class="kicker">bedcast</p><h1>Recent runs${scope}</h1>
<nav><a href="/">Launch a run</a> · <a href="/docs">API documentation</a></nav>
<p class="filters">${filters}</p></header>
<main>
${
  page.runs.length
    ? `<table><caption>Newest first. The same list is JSON for any client that does not ask for HTML.</caption><thead><tr><th scope="col">Launched</th><th scope="col">Scenario</th><th scope="col">Options compared</th><th scope="col">Status</th><th scope="col">Model runs</th><th scope="col">Seed</th><th scope="col">Open</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : '<p id="empty">No runs here yet. <a href="/">Launch one</a>.</p>'
}
${page.links.next ? `<p><a rel="next" href="${e(page.links.next)}">Older runs</a></p>` : ''}
</main>
</body>
</html>
`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#212b32;margin:0 auto;max-width:1100px;padding:1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin:.2rem 0 .4rem}.kicker{color:#4c6272;margin:0;font-size:.9rem}
a{color:#005eb8}.filters{margin:.6rem 0}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.9rem;font-variant-numeric:tabular-nums}
caption{text-align:left;color:#4c6272;padding:.3rem 0}
th,td{border:1px solid #d8dde0;padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:#f0f4f5}
th[scope=row]{font-weight:600}.from{display:block;font-weight:400;color:#4c6272;font-size:.85em}
.status.failed{color:#d5281b}.status.succeeded{color:#007f3b}
@media print{nav,.filters{display:none}}
`;

/** The page for a page of runs: each run described, then rendered. */
export async function runsListPage(
  store: ResultStore,
  service: SimulationService,
  runs: RunListItem[],
  links: RunsListPage['links'],
  query: RunsListPage['query'],
): Promise<string> {
  const described = await Promise.all(
    runs.map(async (r) => ({ ...r, description: await describeRun(store, service, r) })),
  );
  return renderRunsList({ runs: described, links, query });
}
