#!/usr/bin/env node
// Entry point of the `trueasync-conformance` command: the compiled CLI
// (dist/, built by `npm run build`; a published package ships it built).
// A closed stdout (`| head`) is tolerated, and the process ends once the
// output is flushed even if an in-process adapter leaked a timer.
import { exitWhenDone, main, tolerateClosedOutput } from '../dist/conformance/cli.js';

tolerateClosedOutput();
exitWhenDone(await main(process.argv.slice(2)));
