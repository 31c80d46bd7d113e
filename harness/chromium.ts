/**
 * The Debian chromium for browser tests, driven by playwright-core (no browser download). As
 * root on this machine it needs --no-sandbox, and the background-networking flags keep it from
 * dialling out to a network that refuses it.
 */
import { type Browser, chromium } from 'playwright-core';
import { findExecutable, isExecutableFile } from '../bin/find-executable.js';

export function findChromium(): string | undefined {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit && isExecutableFile(explicit)) return explicit;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = findExecutable(name);
    if (found) return found.path;
  }
  return undefined;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
