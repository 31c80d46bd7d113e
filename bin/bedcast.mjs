#!/usr/bin/env node
// `npx bedcast ...`: the CLI in bin/bedcast.ts, loaded through tsx (a dependency), so the command
// works from a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./bedcast.ts');
runCli(process.argv.slice(2));
