#!/usr/bin/env node
// `npx bedcast ...`: the compiled CLI (dist/bin/bedcast.js, from `npm run build`). In a checkout
// that has not been built yet, the source in bin/bedcast.ts through tsx (a devDependency) instead.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/bin/bedcast.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./bedcast.ts');
}
cli.runCli(process.argv.slice(2));
