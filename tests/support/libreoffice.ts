/**
 * LibreOffice for checking workbooks in a real spreadsheet program: Debian's
 * libreoffice-calc-nogui (no X, no Java), driven headless. Each conversion uses a profile of its
 * own, so it never waits on (or breaks) another LibreOffice running on the machine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { findExecutable, isExecutableFile } from '../../bin/find-executable.js';

export function findSoffice(): string | undefined {
  const explicit = process.env.SOFFICE_PATH;
  if (explicit && isExecutableFile(explicit)) return explicit;
  for (const name of ['soffice', 'libreoffice']) {
    const found = findExecutable(name);
    if (found) return found.path;
  }
  return undefined;
}

/**
 * Every sheet of a workbook as CSV, by sheet name, as LibreOffice Calc reads the file. Filter
 * options: comma, double quote, UTF-8, from line 1; token 9 false writes cell values rather than
 * their formatted text, token 12 = -1 writes every sheet (LibreOffice 7.2 and later) to
 * <name>-<sheet>.csv.
 */
export async function workbookAsCsv(soffice: string, xlsx: string): Promise<Map<string, string>> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bedcast-soffice-'));
  try {
    await promisify(execFile)(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(path.join(work, 'profile')).href}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        path.join(work, 'out'),
        xlsx,
      ],
      { timeout: 120_000 },
    );
    const base = path.basename(xlsx, '.xlsx');
    const sheets = new Map<string, string>();
    for (const file of readdirSync(path.join(work, 'out'))) {
      const sheet = file.startsWith(`${base}-`) && file.endsWith('.csv') ? file.slice(base.length + 1, -4) : undefined;
      if (sheet) sheets.set(sheet, readFileSync(path.join(work, 'out', file), 'utf8'));
    }
    return sheets;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
