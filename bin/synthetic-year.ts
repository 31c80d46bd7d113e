/**
 * `npm run synthetic-year -- --data FILE --from 2018-19 [--mode walk|noise] [--growth 0.02] [--seed S] -o OUT`:
 * writes the base year's rows and a synthetic next year (models/import/synthetic-year.ts) as one
 * KH03-form CSV, for `npm run backtest -- --data OUT --base 2018-19 --target 2019-20`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readBedsTable } from '../models/import/import-scenario.js';
import { kh03Csv, synthesiseNextYear } from '../models/import/synthetic-year.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    from: { type: 'string' },
    mode: { type: 'string', default: 'walk' },
    growth: { type: 'string', default: '0.02' },
    seed: { type: 'string', default: '1' },
    output: { type: 'string', short: 'o' },
  },
});
if (!values.data || !values.from || !values.output || !['walk', 'noise'].includes(values.mode)) {
  process.stderr.write(
    'usage: synthetic-year --data FILE --from 2018-19 [--mode walk|noise] [--growth 0.02] [--seed S] -o OUT\n',
  );
  process.exit(2);
}
const { rows } = readBedsTable(readFileSync(values.data, 'utf8'), values.data);
const base = rows.filter((r) => r.year === values.from);
const synthetic = synthesiseNextYear(rows, {
  from: values.from,
  mode: values.mode as 'walk' | 'noise',
  growth: Number(values.growth),
  seed: Number(values.seed),
});
writeFileSync(values.output, `${kh03Csv([...base, ...synthetic])}\n`);
process.stderr.write(`wrote ${values.output}: ${base.length} base rows and ${synthetic.length} synthetic rows\n`);
