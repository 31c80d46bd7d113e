/**
 * `npm run bedcast -- <command>`: the command line for strategy teams, on top of the HTTP API.
 *
 *   presets                                   list the built-in scenarios
 *   run (--preset ID | --scenario FILE) [--option ID]... [--set /pointer=value]... [--iterations N] [--seed S] [--wait]
 *   status ID                                 show a run
 *   results ID [--format json|csv] [-o FILE]  fetch the results (filters: --scope --option --year --metric)
 *   report ID [-o FILE] [--open]              save (and open) the HTML report
 *   compare ID [--scope S] [--year Y]         the options side by side
 *   cancel ID                                 cancel a run
 *   import --beds FILE [--activity FILE] [--trust RJ1,RJZ] [--base-year 2018-19] [--quarters Q1,Q2]
 *          [--horizon N] [--overrides FILE] [--set /pointer=JSON]... [-o FILE]   tables into a scenario (local)
 *
 * Options: --api URL (or BEDCAST_API_URL), --token TOKEN (or BEDCAST_API_TOKEN), --json.
 * Exit codes: 0 done; 1 the run failed or was cancelled; 2 bad usage or input the API refused;
 * 3 the API could not be reached or answered with a server error.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type ImportResult, importScenario } from '../models/import/import-scenario.js';
import { describeIssueLine, ImportError } from '../models/import/table.js';
import { type Problem, problemErrorLine } from '../api/problem.js';
import type { RunResource } from '../api/run-resource.js';
import type { CellMetric, CellSummary } from '../models/engine-summary.js';
import type { RunResult } from '../models/run-result.js';
import type { Distribution } from '../models/summary.js';

/** GET /v1/presets, as far as the CLI reads it. */
interface PresetListing {
  presets: { id: string; name: string; years: string[]; options: { id: string }[] }[];
}

export const EXIT = { ok: 0, runFailed: 1, usage: 2, unavailable: 3 } as const;

const USAGE = `usage: bedcast <command> [options]

commands:
  presets                                   list the built-in scenarios
  run (--preset ID | --scenario FILE) [--option ID]... [--set /pointer=JSON]...
      [--iterations N] [--seed S] [--wait]  launch a simulation (--wait: until it ends);
                                            --option picks options to compare (repeatable),
                                            --scenario FILE: a scenario, or a launch request body
                                            ({"scenario": ..., "iterations": ...}); flags win
                                            --set overrides a value of the preset or scenario, e.g.
                                            --set /bedPolicy/targetOccupancy=0.92
  status ID                                 show a run
  results ID [--format json|csv] [-o FILE]  fetch the results, to stdout or a file;
      [--scope S]... [--option O]... [--year Y]... [--metric M]...  filters (a scope is a
                                            site, a pool or system; --site is its old name)
  report ID [-o FILE] [--open]              save the HTML report (default ID.html), and open it
  compare ID [--scope S] [--year Y]         the options side by side (default: system, last year)
  cancel ID                                 cancel a run
  import --beds FILE [--activity FILE]      turn tables into a scenario, locally (the same code as
      [--trust RJ1,RJZ,RJ2] [--base-year 2018-19] [--quarters Q1,Q2,Q3]   POST /v1/scenarios:import;
      [--horizon N] [--overrides FILE] [--set /pointer=JSON]... [-o FILE]   no API needed): a KH03
                                            trust-quarter table (all acute trusts unless --trust),
                                            optionally an activity table; writes { scenario,
                                            sources, notes, skipped } as JSON (stdout, or -o FILE);
                                            run it with: run --scenario FILE

options:
  --api URL        the bedcast API (default: $BEDCAST_API_URL or http://127.0.0.1:3000)
  --token TOKEN    bearer token (default: $BEDCAST_API_TOKEN)
  --json           print the API's JSON instead of text`;

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Api {
  base: string;
  token: string | undefined;
}

/** One request to the API; a network failure or an error status becomes a CliError with an exit code. */
async function send(
  api: Api,
  method: string,
  path: string,
  body?: unknown,
  accept = 'application/json',
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${api.base}${path}`, {
      method,
      headers: {
        accept,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(api.token ? { authorization: `Bearer ${api.token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (err as Error).message;
    throw new CliError(
      `cannot reach the bedcast API at ${api.base} (${reason}); is it running? (npm start)`,
      EXIT.unavailable,
    );
  }
  if (res.status >= 400) {
    const text = await res.text();
    let json: Partial<Problem> | undefined;
    try {
      json = JSON.parse(text) as Partial<Problem>;
    } catch {
      json = undefined;
    }
    const detail = json?.detail ?? json?.title ?? text.slice(0, 200);
    const errors = json?.errors;
    const fields = Array.isArray(errors) ? errors.map((e) => `\n  ${problemErrorLine(e)}`).join('') : '';
    // A run without results (failed, cancelled, or not done) is the run's outcome, not bad usage.
    const code =
      res.status >= 500
        ? EXIT.unavailable
        : json?.type === 'urn:bedcast:problem:run-not-finished'
          ? EXIT.runFailed
          : EXIT.usage;
    throw new CliError(
      `${method} ${path}: ${res.status} ${json?.title ?? ''}${detail ? `: ${detail}` : ''}${fields}`,
      code,
    );
  }
  return res;
}

/** A JSON request; the answer is taken to be the API's documented T (the API validates what it sends). */
async function call<T>(api: Api, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await send(api, method, path, body);
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

function describeRun(run: RunResource): string {
  const p = run.progress;
  return `${run.id}  ${run.status}  ${p.iterationsDone}/${p.iterationsTotal} iterations  seed ${run.seed}`;
}

function progressLine(run: RunResource, width = 30): string {
  const { iterationsDone: done, iterationsTotal: total } = run.progress;
  const filled = total > 0 ? Math.round((width * done) / total) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${run.status}`;
}

async function waitFor(api: Api, id: string, out: NodeJS.WriteStream, pollMs: number): Promise<RunResource> {
  let last = '';
  for (;;) {
    const { json: run } = await call<RunResource>(api, 'GET', `/v1/simulations/${id}`);
    const line = out.isTTY ? progressLine(run) : describeRun(run);
    if (out.isTTY) out.write(`\r${line}`);
    else if (line !== last) out.write(`${line}\n`);
    last = line;
    if (!['queued', 'running'].includes(run.status)) {
      if (out.isTTY) out.write('\n');
      return run;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Every flag any command takes; parseArgs types the values from this table. */
const FLAGS = {
  api: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  scenario: { type: 'string' },
  preset: { type: 'string' },
  option: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  iterations: { type: 'string' },
  seed: { type: 'string' },
  wait: { type: 'boolean', default: false },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  open: { type: 'boolean', default: false },
  scope: { type: 'string', multiple: true },
  /** The old name of --scope, kept as an alias (the API's ?site= is deprecated the same way). */
  site: { type: 'string', multiple: true },
  year: { type: 'string', multiple: true },
  metric: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  beds: { type: 'string' },
  activity: { type: 'string' },
  trust: { type: 'string', multiple: true },
  'base-year': { type: 'string' },
  quarters: { type: 'string' },
  horizon: { type: 'string' },
  overrides: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const parseCommandLine = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, options: FLAGS });

/** The flags as parsed: each command's own flags type is the part of this it reads. */
type Flags = ReturnType<typeof parseCommandLine>['values'];

/** What every command shares: the API, the output, the environment, and --json's printer. */
interface Cli {
  api: Api;
  out: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  json: boolean;
  /** The API's JSON under --json, otherwise the text. */
  print: (json: unknown, text: string) => void;
}

/** One command: its run id or other positional argument, its flags; answers the exit code. */
type Command<F = Flags> = (cli: Cli, arg: string | undefined, flags: F) => Promise<number> | number;

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WriteStream): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, arg] = positionals;
  if (values.help || !command) {
    out.write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const json = values.json;
  const cli: Cli = {
    api: {
      base: (values.api ?? env.BEDCAST_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''),
      token: values.token ?? env.BEDCAST_API_TOKEN,
    },
    out,
    env,
    json,
    print: (body, text) => out.write(json ? `${JSON.stringify(body, null, 2)}\n` : `${text}\n`),
  };
  if (!Object.hasOwn(COMMANDS, command)) throw new CliError(`unknown command ${command}\n\n${USAGE}`, EXIT.usage);
  return COMMANDS[command as keyof typeof COMMANDS](cli, arg, values);
}

/** A whole-number flag (--iterations, --seed, --horizon), or undefined when it is not given. */
function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`--${name} must be a whole number, got ${value}`, EXIT.usage);
  return Number(value);
}

/** The run id a command needs as its argument. */
function runIdFor(command: string, arg: string | undefined): string {
  if (!arg) throw new CliError(`${command} needs a run id`, EXIT.usage);
  return arg;
}

/** `bedcast presets`: the built-in scenarios, one a line. */
const presetsCommand: Command<unknown> = async (cli) => {
  const { json } = await call<PresetListing>(cli.api, 'GET', '/v1/presets');
  cli.print(
    json,
    json.presets
      .map(
        (p) =>
          `${p.id.padEnd(16)} ${p.name} (${p.years[0]} to ${p.years.at(-1)}; options: ${p.options.map((o) => o.id).join(', ')})`,
      )
      .join('\n'),
  );
  return EXIT.ok;
};

interface RunFlags {
  preset?: string | undefined;
  scenario?: string | undefined;
  set?: string[] | undefined;
  option?: string[] | undefined;
  iterations?: string | undefined;
  seed?: string | undefined;
  wait: boolean;
}

/** `bedcast run`: launches a run of a preset or a scenario file, and with --wait follows it to its end. */
const runCommand: Command<RunFlags> = async (cli, _arg, flags) => {
  if (!flags.scenario === !flags.preset)
    throw new CliError('run needs one of --preset ID and --scenario FILE (a JSON scenario)', EXIT.usage);
  let body: Record<string, unknown> = {};
  if (flags.preset) body.preset = flags.preset;
  if (flags.scenario) body = launchBodyFromFile(flags.scenario);
  if (flags.set?.length) {
    const given = body.overrides !== null && typeof body.overrides === 'object' ? body.overrides : {};
    body.overrides = { ...given, ...Object.fromEntries(flags.set.map(parseOverride)) };
  }
  if (flags.option?.length) body.options = flags.option;
  const iterations = wholeNumber('iterations', flags.iterations);
  const seed = wholeNumber('seed', flags.seed);
  if (iterations !== undefined) body.iterations = iterations;
  if (seed !== undefined) body.seed = seed;
  const { json: run } = await call<RunResource>(cli.api, 'POST', '/v1/simulations', body);
  if (!flags.wait) {
    cli.print(run, describeRun(run));
    return EXIT.ok;
  }
  const done = await waitFor(cli.api, run.id, cli.out, Number(cli.env.BEDCAST_POLL_MS ?? 500));
  if (cli.json) cli.print(done, '');
  if (done.status === 'succeeded') return EXIT.ok;
  process.stderr.write(`run ${done.id} ${done.status}${done.error ? `: ${done.error.message}` : ''}\n`);
  return EXIT.runFailed;
};

/** `bedcast status ID`: a run's status and progress; exit 1 for a run that failed or was cancelled. */
const statusCommand: Command<unknown> = async (cli, arg) => {
  const id = runIdFor('status', arg);
  const { json } = await call<RunResource>(cli.api, 'GET', `/v1/simulations/${encodeURIComponent(id)}`);
  cli.print(json, describeRun(json));
  return ['failed', 'cancelled'].includes(json.status) ? EXIT.runFailed : EXIT.ok;
};

/** --scope, or its old name --site. */
interface ScopeFlags {
  scope?: string[] | undefined;
  site?: string[] | undefined;
}
const scopesOf = (flags: ScopeFlags) => flags.scope ?? flags.site;

interface ResultsFlags extends ScopeFlags {
  format?: string | undefined;
  output?: string | undefined;
  option?: string[] | undefined;
  year?: string[] | undefined;
  metric?: string[] | undefined;
}

/** `bedcast results ID`: the results as JSON or CSV, filtered, to stdout or -o FILE. */
const resultsCommand: Command<ResultsFlags> = async (cli, arg, flags) => {
  const id = runIdFor('results', arg);
  const format = flags.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new CliError(`--format must be json or csv, got ${format}`, EXIT.usage);
  const query = new URLSearchParams({ format });
  const scopes = scopesOf(flags);
  if (scopes?.length) query.set('scope', scopes.join(','));
  for (const name of ['option', 'year', 'metric'] as const)
    if (flags[name]?.length) query.set(name, flags[name].join(','));
  const res = await send(
    cli.api,
    'GET',
    `/v1/simulations/${encodeURIComponent(id)}/results?${query.toString()}`,
    undefined,
    format === 'csv' ? 'text/csv' : 'application/json',
  );
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (flags.output) {
    writeFileSync(flags.output, bytes);
    process.stderr.write(`wrote ${flags.output} (${bytes.length.toLocaleString('en-GB')} bytes)\n`);
  } else cli.out.write(bytes);
  return EXIT.ok;
};

/** `bedcast report ID`: saves the HTML report (ID.html unless -o), and with --open opens it. */
const reportCommand: Command<{ output?: string | undefined; open: boolean }> = async (cli, arg, flags) => {
  const id = runIdFor('report', arg);
  const res = await send(cli.api, 'GET', `/v1/simulations/${encodeURIComponent(id)}/report`, undefined, 'text/html');
  const file = flags.output ?? `${id}.html`;
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  cli.out.write(`wrote ${file}\n`);
  if (flags.open) openInBrowser(file);
  return EXIT.ok;
};

/** The figures compare shows (compareTable reads these and no others). */
const COMPARE_METRICS = [
  'bedsRequired',
  'differenceFromBaseline',
  'probabilityShortfall',
] as const satisfies readonly CellMetric[];

/** `bedcast compare ID`: the options side by side for one scope (system) and year (the last). */
const compareCommand: Command<ScopeFlags & { year?: string[] | undefined }> = async (cli, arg, flags) => {
  const id = runIdFor('compare', arg);
  const site = scopesOf(flags)?.[0] ?? 'system';
  const query = new URLSearchParams({ scope: site, metric: COMPARE_METRICS.join(',') });
  const { json: result } = await call<RunResult>(
    cli.api,
    'GET',
    `/v1/simulations/${encodeURIComponent(id)}/results?${query.toString()}`,
  );
  const year = flags.year?.[0] ?? result.years.at(-1) ?? '';
  if (!result.years.includes(year)) throw new CliError(`--year must be one of ${result.years.join(', ')}`, EXIT.usage);
  const cells = result.cells.filter((c) => c.year === year);
  cli.print(cells, compareTable(result, cells, site, year));
  return EXIT.ok;
};

/** `bedcast cancel ID`: asks the API to cancel a run. */
const cancelCommand: Command<unknown> = async (cli, arg) => {
  const id = runIdFor('cancel', arg);
  const { json } = await call<RunResource>(cli.api, 'DELETE', `/v1/simulations/${encodeURIComponent(id)}`);
  cli.print(json, `cancellation requested: ${describeRun(json)}`);
  return EXIT.ok;
};

/** `bedcast import`: tables into a scenario, in-process; the JSON to stdout or -o FILE, notes to stderr. */
const importCommand: Command<ImportFlags> = (cli, _arg, flags) => {
  const result = runImport(flags);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (flags.output) {
    writeFileSync(flags.output, text);
    process.stderr.write(
      `wrote ${flags.output}: ${result.scenario.sites.length} sites, ${result.scenario.years[0]} to ${result.scenario.years.at(-1)}\n`,
    );
  } else cli.out.write(text);
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  return EXIT.ok;
};

const COMMANDS = {
  presets: presetsCommand,
  run: runCommand,
  status: statusCommand,
  results: resultsCommand,
  report: reportCommand,
  compare: compareCommand,
  cancel: cancelCommand,
  import: importCommand,
} satisfies Record<string, Command>;

/** The options side by side for one scope and year: beds by both methods, change, shortfall risk. */
function compareTable(result: RunResult, cells: CellSummary[], site: string, year: string): string {
  const r = (d: Distribution) => `${fmt(d.p50)} (${fmt(d.p10)} to ${fmt(d.p90)})`;
  const rows = cells.map((c) => {
    const name = result.options.find((o) => o.id === c.option)?.name ?? c.option;
    const diff = c.differenceFromBaseline ? r(c.differenceFromBaseline.bedsRequired.occupancy) : '';
    return [
      name,
      r(c.bedsRequired.occupancy),
      r(c.bedsRequired.risk),
      diff,
      `${Math.round(c.probabilityShortfall.occupancy * 100)}%`,
      fmt(c.capacity),
    ];
  });
  const head = [
    'option',
    'beds (occupancy)',
    'beds (risk)',
    `change vs ${result.baselineOption}`,
    'P(short)',
    'capacity',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cols: string[]) =>
    cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${result.scenario.name}: ${site}, ${year}, median (P10 to P90) of ${result.iterations} model runs`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}

function fmt(x: number): string {
  const v = Math.round(x);
  return v.toLocaleString('en-GB');
}

/** Opens a file with the desktop's browser, where there is one; says so where there is not. */
function openInBrowser(file: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
  const child = spawn(opener, [file], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`could not open ${file} with ${opener}; open it yourself\n`));
  child.unref();
}

/**
 * --scenario FILE: a scenario, or a whole launch request as the README's curl examples send it
 * ({ "scenario": ... } or { "preset": ... }, with iterations, seed, options, overrides), whose
 * fields the command line's own flags then override, or what `bedcast import` wrote.
 */
const IMPORT_OUTPUT_KEYS = new Set(['scenario', 'sources', 'notes', 'skipped']);

function launchBodyFromFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read the scenario ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CliError(`${file} holds no JSON object: expected a scenario or a launch request`, EXIT.usage);
  const document = parsed as Record<string, unknown>;
  // What `bedcast import` writes: its scenario, beside the sources and notes it was made from.
  const keys = Object.keys(document);
  if (keys.includes('sources') && keys.every((key) => IMPORT_OUTPUT_KEYS.has(key)))
    return { scenario: document.scenario };
  const isRequest = ['scenario', 'preset', 'savedScenario'].some((key) => Object.hasOwn(document, key));
  return isRequest ? { ...document } : { scenario: document };
}

/** --set /bedPolicy/targetOccupancy=0.92: the value is JSON, or else taken as a string. */
function parseOverride(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (!text.startsWith('/') || at < 0) throw new CliError(`--set needs /json/pointer=value, got ${text}`, EXIT.usage);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at), raw];
  }
}

/** The flags `bedcast import` reads. */
interface ImportFlags {
  beds?: string | undefined;
  activity?: string | undefined;
  trust?: string[] | undefined;
  'base-year'?: string | undefined;
  quarters?: string | undefined;
  horizon?: string | undefined;
  overrides?: string | undefined;
  set?: string[] | undefined;
  output?: string | undefined;
}

/** `bedcast import`: reads the files and calls the importer in-process; a bad table is a usage error naming file, row and column. */
function runImport(values: ImportFlags): ImportResult {
  if (!values.beds) throw new CliError('import needs --beds FILE (a KH03 trust-quarter table)', EXIT.usage);
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read the ${what} ${file}: ${(err as Error).message}`, EXIT.usage);
    }
  };
  let overrides: Record<string, unknown> = {};
  if (values.overrides) {
    try {
      overrides = JSON.parse(read(values.overrides, 'overrides')) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`the overrides ${values.overrides} are not JSON: ${(err as Error).message}`, EXIT.usage);
    }
    if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))
      throw new CliError(`the overrides ${values.overrides} must be an object of JSON pointers to values`, EXIT.usage);
  }
  for (const text of values.set ?? []) {
    const [pointer, value] = parseOverride(text);
    overrides[pointer] = value;
  }
  const horizon = wholeNumber('horizon', values.horizon);
  try {
    return importScenario({
      beds: read(values.beds, 'beds table'),
      bedsFile: values.beds,
      ...(values.activity ? { activity: read(values.activity, 'activity table'), activityFile: values.activity } : {}),
      ...(values.trust?.length ? { trusts: values.trust.flatMap((t) => t.split(',')).filter(Boolean) } : {}),
      ...(values['base-year'] ? { baseYear: values['base-year'] } : {}),
      ...(values.quarters ? { quarters: values.quarters.split(',').filter(Boolean) } : {}),
      ...(horizon !== undefined ? { horizonYears: horizon } : {}),
      ...(Object.keys(overrides).length ? { overrides } : {}),
    });
  } catch (err) {
    if (err instanceof ImportError)
      throw new CliError(
        `cannot import:\n${err.issues.map((i) => `  ${describeIssueLine(i)}`).join('\n')}`,
        EXIT.usage,
      );
    throw err;
  }
}

/** Runs the CLI as a program: prints errors, exits with the command's code. */
export function runCli(argv: string[]): void {
  main(argv, process.env, process.stdout).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bedcast: ${err instanceof CliError ? err.message : (err as Error).message}\n`);
      // Anything else is a usage error found by parseArgs (an unknown option, a missing value).
      process.exit(err instanceof CliError ? err.code : EXIT.usage);
    },
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) runCli(process.argv.slice(2));
