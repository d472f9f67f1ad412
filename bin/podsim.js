#!/usr/bin/env -S node --max-semi-space-size=32 --min-semi-space-size=32
// The podsim command: runs the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';
import { hideBin } from 'yargs/helpers';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(hideBin(process.argv));
