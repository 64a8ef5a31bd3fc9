#!/usr/bin/env node
// Entry point of the `trueasync-conformance` command: registers tsx so the
// TypeScript sources run directly, then hands over to conformance/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../conformance/cli.ts');
process.exitCode = await main(process.argv.slice(2));
