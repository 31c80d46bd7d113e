/**
 * `npm run backtest -- --data FILE --base 2018-19 --target 2019-20 [--quarters Q1,Q2,Q3]
 * [--target-quarters Q2] [--iterations N] [--seed S] [--set /pointer=JSON]... [--json]`
 *
 * Imports every acute trust of the base year with the importer's defaults, projects one year
 * ahead in-process (no Temporal, no API) and compares each trust's projected mean occupied G&A
 * beds with the target year in the same file. Exit codes: 0 done, 2 bad usage or a bad table.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backtest, type BacktestResult } from '../models/import/backtest.js';
import { readBedsTable } from '../models/import/import-scenario.js';
import { describeIssueLine, ImportError } from '../models/import/table.js';

const USAGE = `usage: npm run backtest -- --data FILE --base YEAR --target YEAR [options]

  --data FILE             a beds table in the KH03 trust-quarter form holding both years
  --base YEAR             the base year, e.g. 2018-19
  --target YEAR           the year to compare with, e.g. 2019-20
  --quarters Q1,Q2,Q3     quarters on both sides, so seasons match (default: all four)
  --target-quarters Q2    other quarters for the target (for checks within one year's file)
  --iterations N          model runs per trust (default 1000)
  --seed S                (default 1)
  --set /pointer=JSON     change every imported scenario, e.g. --set /demandVariation/sdPerYear=0.03
  --json                  write { trusts, coverage80, medianAbsErrorPct, ... } to stdout`;

export function main(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      base: { type: 'string' },
      target: { type: 'string' },
      quarters: { type: 'string' },
      'target-quarters': { type: 'string' },
      iterations: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      set: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const usage = (message: string) => {
    err.write(`backtest: ${message}\n\n${USAGE}\n`);
    return 2;
  };
  if (!values.data || !values.base || !values.target) return usage('--data, --base and --target are required');
  for (const name of ['iterations', 'seed'] as const)
    if (!/^\d+$/.test(values[name])) return usage(`--${name} must be a whole number, got ${values[name]}`);
  let overrides: Record<string, unknown> | undefined;
  for (const text of values.set ?? []) {
    const at = text.indexOf('=');
    if (!text.startsWith('/') || at < 0) return usage(`--set needs /json/pointer=value, got ${text}`);
    let value: unknown;
    try {
      value = JSON.parse(text.slice(at + 1));
    } catch {
      value = text.slice(at + 1);
    }
    (overrides ??= {})[text.slice(0, at)] = value;
  }
  let text: string;
  try {
    text = readFileSync(values.data, 'utf8');
  } catch (e) {
    return usage(`cannot read ${values.data}: ${(e as Error).message}`);
  }
  const split = (s: string | undefined) => s?.split(',').filter(Boolean);
  let result: BacktestResult;
  try {
    const table = readBedsTable(text, values.data);
    result = backtest(table.rows, {
      base: values.base,
      target: values.target,
      ...(values.quarters ? { quarters: split(values.quarters)! } : {}),
      ...(values['target-quarters'] ? { targetQuarters: split(values['target-quarters'])! } : {}),
      iterations: Number(values.iterations),
      seed: Number(values.seed),
      ...(overrides ? { overrides } : {}),
      onTrust: (done, total) => {
        if ((err as NodeJS.WriteStream).isTTY) err.write(`\r${done}/${total} trusts`);
      },
    });
    if ((err as NodeJS.WriteStream).isTTY) err.write('\n');
  } catch (e) {
    if (e instanceof ImportError) {
      err.write(`backtest: ${e.issues.map(describeIssueLine).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  if (values.json) {
    out.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  out.write(`${formatBacktest(result)}\n`);
  return 0;
}

export function formatBacktest(r: BacktestResult): string {
  const q = (list: string[]) => (list.length === 4 ? 'Q1-Q4' : list.join(','));
  const n = (x: number) => x.toFixed(0).padStart(6);
  const lines = [
    `base ${r.base.year} ${q(r.base.quarters)} -> target ${r.target.year} ${q(r.target.quarters)}: mean occupied G&A beds, ${r.iterations} iterations, seed ${r.seed}`,
    `${'trust'.padEnd(6)} ${'base'.padStart(6)} ${'obs'.padStart(6)} ${'P10'.padStart(6)} ${'P50'.padStart(6)} ${'P90'.padStart(6)}  in80  err%  name`,
    ...r.trusts.map((t) => {
      const inside = t.observed >= t.p10 && t.observed <= t.p90;
      const err = ((t.p50 - t.observed) / t.observed) * 100;
      return `${t.org_code.padEnd(6)} ${n(r.base.values[t.org_code]!)} ${n(t.observed)} ${n(t.p10)} ${n(t.p50)} ${n(t.p90)}  ${inside ? 'yes ' : 'NO  '} ${err.toFixed(1).padStart(5)}  ${r.base.names[t.org_code] ?? ''}`;
    }),
    '',
    `trusts compared: ${r.trusts.length}`,
    `coverage80 (observed within P10-P90): ${(r.coverage80 * 100).toFixed(1)}%`,
    `medianAbsErrorPct (P50 vs observed): ${r.medianAbsErrorPct.toFixed(2)}%`,
    `reference: base carried forward unchanged ${r.reference.unchangedMedianAbsErrorPct.toFixed(2)}%; with the observed national change (${(r.reference.nationalGrowth * 100).toFixed(2)}%, hindsight) ${r.reference.nationalGrowthMedianAbsErrorPct.toFixed(2)}%`,
  ];
  if (r.skipped.length)
    lines.push(
      `skipped (missing in either year, never guessed): ${r.skipped.map((s) => `${s.org_code} (${s.reason})`).join('; ')}`,
    );
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href)
  process.exitCode = main(process.argv.slice(2), process.stdout, process.stderr);
