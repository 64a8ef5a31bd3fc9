/**
 * The PHP adapter (`run --adapter php --php /path/to/php`): renders each
 * scenario as a TrueAsync script (`render.ts`), runs it with the given PHP
 * binary, and parses the JSON lines it prints back into a trace.
 *
 * @remarks
 * At load time the binary is probed: it must have the `true_async`
 * extension (capabilities `core`, `scope`, `pool`, `breaker`) or run with a
 * prepended file that defines `TRUEASYNC_SHIM` (the test shim,
 * `test/php-shim/`, whose capabilities come from `TRUEASYNC_SHIM_CAPABILITIES`
 * and whose known deviations from an `expectations.json` beside it). Each
 * scenario runs in a fresh `php` process (the script on stdin), so nothing
 * leaks between scenarios. Failures are classified with
 * {@link AdapterFault}: no answer within `timeoutMs` → `timeout` (the
 * process is killed); killed by a signal or a fatal error without a trace →
 * `adapter-crashed`; a line on stdout that is not a trace event, or a PHP
 * warning, notice or parse error → `malformed-trace`.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AdapterFault, type Adapter, type Capability, type ErrorValue, type Expectations, type Scenario, type Trace, type TraceEvent } from '../../adapter.js';
import { validateExpectationsFile } from '../../harness/expectations.js';
import { renderScript, unsupportedByPhp } from './render.js';

/** Options of {@link createPhpAdapter}. */
export interface PhpAdapterOptions {
  /** The PHP binary. */
  php: string;
  /** A file prepended to every script (`-d auto_prepend_file=`), e.g. the test shim. */
  prepend?: string;
  /** Working directory of the PHP processes. @defaultValue the current directory */
  cwd?: string;
}

/** What the probe learns about the binary. */
export interface PhpProbe {
  /** `PHP_VERSION`. */
  php: string;
  /** The `true_async` extension's version, or `null`. */
  trueasync: string | null;
  /** The shim's `TRUEASYNC_SHIM` (name and version), or `null`. */
  shim: string | null;
  /** The shim's declared capabilities (comma-separated), or `null`. */
  shimCapabilities: string | null;
}

interface PhpRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

function phpArgs(options: PhpAdapterOptions): string[] {
  return ['-d', 'display_errors=stderr', '-d', 'error_reporting=-1', '-d', 'log_errors=0', ...(options.prepend ? ['-d', `auto_prepend_file=${options.prepend}`] : [])];
}

/** Run `script` with the binary (script on stdin), with a wall-clock limit. */
function runPhp(options: PhpAdapterOptions, script: string, timeoutMs: number): Promise<PhpRun> {
  return new Promise((done, fail) => {
    const child = spawn(options.php, phpArgs(options), { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.once('error', (e) => { clearTimeout(timer); fail(e); });
    child.once('close', (code, signal) => { clearTimeout(timer); done({ stdout, stderr, code, signal, timedOut }); });
    child.stdin.on('error', () => undefined);
    child.stdin.end(script);
  });
}

const PROBE = `<?php
echo json_encode([
    'php' => PHP_VERSION,
    'trueasync' => extension_loaded('true_async') ? (phpversion('true_async') ?: '?') : null,
    'shim' => defined('TRUEASYNC_SHIM') ? TRUEASYNC_SHIM : null,
    'shimCapabilities' => defined('TRUEASYNC_SHIM_CAPABILITIES') ? TRUEASYNC_SHIM_CAPABILITIES : null,
]);
`;

/**
 * Ask the binary what it is.
 *
 * @throws Error when it cannot run or answers something else.
 */
export async function probePhp(options: PhpAdapterOptions): Promise<PhpProbe> {
  let r: PhpRun;
  try {
    r = await runPhp(options, PROBE, 10_000);
  } catch (e) {
    throw new Error(`cannot run ${options.php}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(r.stdout) as PhpProbe;
  } catch {
    throw new Error(`${options.php} did not answer the probe (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''}`);
  }
}

function line1(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

const PHP_DIAGNOSTIC = /^(?:PHP )?(Warning|Notice|Deprecated|Parse error|Fatal error|Strict Standards):\s*(.*)$/m;
const UNCAUGHT = /Uncaught ([A-Za-z_\\][A-Za-z0-9_\\]*)(?:: (.*?))? in \S+:\d+/;

/**
 * Turn one PHP run into a trace.
 *
 * @param run - the process's output and outcome.
 * @returns the trace; an `exit` event is appended when the script's runtime
 *   printed none (from the process's outcome: a fatal "Uncaught C: m" is
 *   the exit exception).
 * @throws AdapterFault classifying a run that yields no trace.
 */
export function parsePhpRun(run: PhpRun, timeoutMs: number): Trace {
  if (run.timedOut) throw new AdapterFault('timeout', `php did not finish within ${timeoutMs} ms`);
  if (run.signal !== null) throw new AdapterFault('adapter-crashed', `php was killed by ${run.signal}${run.stderr ? `: ${line1(run.stderr)}` : ''}`);
  const trace: TraceEvent[] = [];
  for (const line of run.stdout.split('\n')) {
    if (line.trim() === '') continue;
    let x: unknown;
    try {
      x = JSON.parse(line);
    } catch {
      throw new AdapterFault('malformed-trace', `php printed a line that is not a trace event: ${JSON.stringify(line.slice(0, 120))}`);
    }
    if (typeof x !== 'object' || x === null || Array.isArray(x) || typeof (x as { kind?: unknown }).kind !== 'string') {
      throw new AdapterFault('malformed-trace', `php printed JSON that is not a trace event: ${line.slice(0, 120)}`);
    }
    trace.push(x as TraceEvent);
  }
  const diag = PHP_DIAGNOSTIC.exec(run.stderr);
  const uncaught = UNCAUGHT.exec(run.stderr);
  if (diag && !(diag[1] === 'Fatal error' && uncaught)) throw new AdapterFault('malformed-trace', `php reported ${diag[1]}: ${diag[2]}`);
  if (trace[trace.length - 1]?.kind !== 'exit') {
    if (run.code !== 0 && !uncaught) throw new AdapterFault('adapter-crashed', `php exited with code ${run.code} without finishing the trace${run.stderr ? `: ${line1(run.stderr)}` : ''}`);
    const t = trace.length > 0 ? trace[trace.length - 1]!.t : 0;
    const error: ErrorValue | undefined = uncaught ? { class: uncaught[1] as ErrorValue['class'], message: uncaught[2] ?? '' } : undefined;
    trace.push({ t, actor: 'scheduler', kind: 'exit', ...(error ? { error } : {}) });
  }
  return trace;
}

function shimExpectations(prepend: string | undefined): Expectations | undefined {
  if (prepend === undefined) return undefined;
  const file = join(dirname(prepend), 'expectations.json');
  if (!existsSync(file)) return undefined;
  const v = validateExpectationsFile(JSON.parse(readFileSync(file, 'utf8')));
  if (!v.ok) throw new Error(`${file}: ${v.errors[0]}`);
  return v.value.expectations;
}

/**
 * Probe the binary and return the adapter.
 *
 * @throws Error when the binary cannot run, or has neither TrueAsync nor a shim.
 */
export async function createPhpAdapter(options: PhpAdapterOptions): Promise<Adapter> {
  const probe = await probePhp(options);
  let capabilities: Capability[];
  let name: string;
  if (probe.trueasync !== null) {
    capabilities = ['core', 'scope', 'pool', 'breaker'];
    name = `php ${probe.php} true_async ${probe.trueasync}`;
  } else if (probe.shim !== null) {
    capabilities = (probe.shimCapabilities ?? 'core').split(',').map((c) => c.trim()) as Capability[];
    name = `php ${probe.php} ${probe.shim}`;
  } else {
    throw new Error(`${options.php} (PHP ${probe.php}) has no true_async extension and no shim was prepended (--php-prepend)`);
  }
  const expectations = probe.trueasync === null ? shimExpectations(options.prepend) : undefined;
  return {
    name,
    capabilities,
    ...(expectations ? { expectations } : {}),
    unsupported: (scenario: Scenario) => unsupportedByPhp(scenario),
    async execute(scenario, exec) {
      const why = unsupportedByPhp(scenario);
      if (why !== undefined) throw new Error(`the PHP adapter cannot render this scenario: ${why}`);
      const run = await runPhp(options, renderScript(scenario), exec.timeoutMs);
      return parsePhpRun(run, exec.timeoutMs);
    },
  };
}
