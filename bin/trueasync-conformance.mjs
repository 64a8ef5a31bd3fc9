#!/usr/bin/env node
// Entry point of the `trueasync-conformance` command: the compiled CLI
// (dist/, built by `npm run build`; a published package ships it built).
import { main } from '../dist/conformance/cli.js';

process.exitCode = await main(process.argv.slice(2));
