/**
 * Tables for the importer: RFC 4180 CSV text into rows of named cells, and the one error type
 * every import failure goes through. Pure (text in, values out): the CLI reads files and the API
 * reads request bodies, and both get the same messages.
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2,
 * so "row 12" is the line a user finds by scrolling to 12 (quoted line breaks aside).
 */

/** One thing wrong with the input, placed as precisely as it can be. */
export interface ImportIssue {
  /** Which input: "beds", "activity", "trusts", "baseYear", "quarters", "overrides", "horizonYears". */
  input: string;
  /** The file name (CLI) or the request field (API) the input came from, for messages. */
  file?: string;
  row?: number;
  column?: string;
  detail: string;
}

export class ImportError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(issues.map((i) => describeIssue(i)).join('\n'));
    this.name = 'ImportError';
  }
}

/** "kh03.csv: row 12, column ga_beds_occupied: expected a number, got "x"". */
export function describeIssue(issue: ImportIssue, withFile = true): string {
  const where = [
    withFile && issue.file ? issue.file : undefined,
    [issue.row !== undefined ? `row ${issue.row}` : undefined, issue.column ? `column ${issue.column}` : undefined]
      .filter(Boolean)
      .join(', ') || undefined,
  ].filter(Boolean);
  return where.length ? `${where.join(': ')}: ${issue.detail}` : issue.detail;
}

/** One issue on a line of its own, for a terminal: the input named where no file name says it. */
export function describeIssueLine(issue: ImportIssue): string {
  return `${issue.file ? '' : `${issue.input}: `}${describeIssue(issue)}`;
}

export interface Table {
  /** Header names, trimmed and lower-cased (KH03 exports vary in case). */
  columns: string[];
  rows: { row: number; cells: Map<string, string> }[];
}

/** Most rows a table may have: far above KH03's ~850 a year, low enough that no request can exhaust memory. */
export const MAX_TABLE_ROWS = 200_000;

/**
 * Parses CSV text. Quoted fields may hold commas, quotes ("") and line breaks; a UTF-8 byte order
 * mark and CRLF line ends (Excel's) are accepted. Blank lines are skipped. A row with more cells
 * than the header is an error; fewer cells read as empty (some exports drop trailing empties).
 */
export function parseCsv(text: string, input: string, file?: string): Table {
  const fail = (detail: string, row?: number): never => {
    throw new ImportError([{ input, ...(file ? { file } : {}), ...(row !== undefined ? { row } : {}), detail }]);
  };
  if (typeof text !== 'string') fail('expected CSV text');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { row: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ row: recordLine, fields });
    if (records.length > MAX_TABLE_ROWS + 1) fail(`more than ${MAX_TABLE_ROWS} rows`);
    fields = [];
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (fieldStarted && field.trim() !== '') fail(`a quote inside an unquoted field`, line);
      quoted = true;
      fieldStarted = true;
      field = '';
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) fail('a quoted field is never closed', recordLine);
  if (field !== '' || fields.length > 0) endRecord();
  if (records.length === 0) fail('the table is empty: expected a header row');
  // Rows are counted as records (header = 1), which is the line number unless a quoted field
  // spans lines; the record's first line is what a user can find.
  const [header, ...data] = records;
  const columns = header!.fields.map((c) => c.trim().toLowerCase());
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c === '') fail(`column ${i + 1} of the header has no name`, header!.row);
    if (seen.has(c)) fail(`column ${c} appears twice in the header`, header!.row);
    seen.add(c);
  });
  const rows = data.map(({ row, fields: values }) => {
    if (values.length > columns.length)
      fail(`has ${values.length} cells but the header names ${columns.length} columns`, row);
    return { row, cells: new Map(columns.map((c, i) => [c, (values[i] ?? '').trim()])) };
  });
  return { columns, rows };
}

/** Fails naming every required column the table lacks. */
export function requireColumns(table: Table, required: readonly string[], input: string, file?: string): void {
  const missing = required.filter((c) => !table.columns.includes(c));
  if (missing.length)
    throw new ImportError([
      {
        input,
        ...(file ? { file } : {}),
        row: 1,
        detail: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header has ${table.columns.join(', ')})`,
      },
    ]);
}

/** A cell as a finite number at least `min`, or an issue naming the row and column. */
export function numberCell(
  cells: Map<string, string>,
  column: string,
  where: { input: string; file?: string; row: number },
  issues: ImportIssue[],
  { min = 0, optional = false }: { min?: number; optional?: boolean } = {},
): number | undefined {
  const raw = cells.get(column) ?? '';
  const issue = (detail: string) => {
    issues.push({ ...where, column, detail });
    return undefined;
  };
  if (raw === '') return optional ? undefined : issue('expected a number, got an empty cell');
  // Thousands separators are how spreadsheets export big counts; anything else non-numeric is an error.
  const text = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw) ? raw.replace(/,/g, '') : raw;
  const value = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) return issue(`expected a number, got ${JSON.stringify(raw)}`);
  if (value < min) return issue(`expected a number >= ${min}, got ${raw}`);
  return value;
}
