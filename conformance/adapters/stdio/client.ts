/**
 * The client side of the stdio protocol: an {@link Adapter} that runs every
 * scenario in a long-lived child process speaking JSON lines
 * (`run --adapter stdio:./my-runtime --arg …`).
 *
 * @remarks
 * One process serves many scenarios, one at a time. Its failures are
 * classified by throwing an {@link AdapterFault}, after which the process is
 * killed (its whole process group) and a fresh one is started — and
 * handshaken — for the next scenario, so the run goes on:
 *
 * - the process exits or dies while a request is pending → `adapter-crashed`;
 * - no reply within the scenario's `timeoutMs` → `timeout`;
 * - a line that is not JSON or not a valid reply, a reply carrying another
 *   request's id, output nobody asked for, or (with the default `stderr:
 *   'fail'` policy) anything on stderr → `malformed-trace`.
 *
 * A well-formed `error` reply (the server's adapter threw) and an
 * `unsupported` reply are thrown as ordinary errors (`adapter-threw`): the
 * server is healthy and keeps running. Scenarios using an instruction the
 * handshake listed in `unsupportedOps` are declared unsupported before they
 * are sent (skipped by the harness).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AdapterFault, type Adapter, type Capability, type ExecOptions, type Scenario, type Trace } from '../../adapter.js';
import { opsOf, parseReply, PROTOCOL_VERSION, type HandshakeReply, type Reply, type Request } from './protocol.js';

/** What the client does with the server's stderr. */
export type StderrPolicy = 'fail' | 'ignore';

/** Options of {@link createStdioAdapter}. */
export interface StdioAdapterOptions {
  /** The executable (`node`, `./my-runtime`, `/usr/bin/php`). */
  command: string;
  /** Its arguments. @defaultValue `[]` */
  args?: string[];
  /** Working directory of the process. @defaultValue the current directory */
  cwd?: string;
  /** Environment of the process. @defaultValue the suite's own */
  env?: NodeJS.ProcessEnv;
  /**
   * `fail`: any stderr output while a request is pending (or since the
   * previous one) classifies that scenario `malformed-trace` and restarts the
   * process; `ignore`: stderr is kept only for crash messages.
   * @defaultValue `'fail'`
   */
  stderr?: StderrPolicy;
  /** Wall-clock limit of starting the process and its handshake, in milliseconds. @defaultValue 10000 */
  handshakeTimeoutMs?: number;
  /** The suite's name and version sent in the handshake. @defaultValue `trueasync-conformance` `0.0.0` */
  suite?: { name: string; version: string };
}

/** The stdio adapter: an {@link Adapter} plus what it knows about its process. */
export interface StdioAdapter extends Adapter {
  /** The server's handshake (implementation, version, capabilities). */
  readonly handshake: HandshakeReply;
  /** How many times the process was killed and started again. */
  readonly restarts: number;
  /** The current process id, or `undefined` while none runs. */
  readonly pid: number | undefined;
}

/** A failure to start the server or complete its handshake. */
export class StdioStartError extends Error {
  /** Always `StdioStartError`. */
  override name = 'StdioStartError';
}

type Waiter = { onLine(line: string): void; onExit(why: string): void; onStderr(text: string): void };

const TAIL_LINES = 5;

/** One child process and its line-oriented plumbing. */
class ServerProcess {
  readonly child: ChildProcess;
  exited: string | undefined;
  private waiter: Waiter | undefined;
  /** Lines or stderr text that arrived while no request was pending. */
  unsolicited: string[] = [];
  noise: string[] = [];
  stderrTail: string[] = [];
  private readonly exitPromise: Promise<void>;

  constructor(options: StdioAdapterOptions) {
    this.child = spawn(options.command, options.args ?? [], {
      cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true,
    });
    this.exitPromise = new Promise((done) => {
      const onGone = (why: string): void => {
        if (this.exited !== undefined) return;
        this.exited = why;
        this.waiter?.onExit(why);
        done();
      };
      this.child.once('error', (e) => onGone(`cannot start ${options.command}: ${e.message}`));
      this.child.once('exit', (code, signal) => onGone(signal ? `the server was killed by ${signal}` : `the server exited with code ${code}`));
    });
    this.child.stdin?.on('error', () => undefined);
    const lines = createInterface({ input: this.child.stdout!, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (this.waiter) this.waiter.onLine(line);
      else if (line.trim() !== '') this.unsolicited.push(line);
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (text: string) => {
      this.stderrTail = [...this.stderrTail, ...text.split('\n').filter((l) => l.trim() !== '')].slice(-TAIL_LINES);
      if (this.waiter) this.waiter.onStderr(text);
      else this.noise.push(text);
    });
  }

  /** Send one request and wait for the next line (or exit, or stderr, or the timer). */
  request(req: Request, timeoutMs: number, watchStderr: boolean): Promise<{ kind: 'line'; line: string } | { kind: 'exit'; why: string } | { kind: 'stderr'; text: string } | { kind: 'timeout' }> {
    return new Promise((done) => {
      const finish = (r: Parameters<typeof done>[0]): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        done(r);
      };
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      if (this.exited !== undefined) {
        finish({ kind: 'exit', why: this.exited });
        return;
      }
      this.waiter = {
        onLine: (line) => { if (line.trim() !== '') finish({ kind: 'line', line }); },
        onExit: (why) => finish({ kind: 'exit', why }),
        onStderr: (text) => { if (watchStderr) finish({ kind: 'stderr', text }); },
      };
      this.child.stdin!.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Kill the process group and wait for the exit. */
  async kill(): Promise<void> {
    if (this.exited === undefined && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    }
    await this.exitPromise;
  }

  /** Ask for a clean exit; kill after `graceMs`. */
  async shutdown(id: number, graceMs: number): Promise<void> {
    if (this.exited === undefined) {
      this.child.stdin!.write(`${JSON.stringify({ id, method: 'shutdown' })}\n`);
      this.child.stdin!.end();
    }
    const timer = setTimeout(() => void this.kill(), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  tail(): string {
    return this.stderrTail.length > 0 ? `; stderr: ${this.stderrTail.join(' | ')}` : '';
  }
}

function shown(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
}

/** The session: the current process, restarts, request ids. */
class StdioSession {
  proc: ServerProcess | undefined;
  restarts = 0;
  nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly options: StdioAdapterOptions) {}

  /** Start a process and complete the handshake. */
  async start(): Promise<HandshakeReply> {
    const proc = new ServerProcess(this.options);
    const timeoutMs = this.options.handshakeTimeoutMs ?? 10_000;
    const suite = this.options.suite ?? { name: 'trueasync-conformance', version: '0.0.0' };
    const r = await proc.request({ id: 0, method: 'handshake', protocol: PROTOCOL_VERSION, suite }, timeoutMs, this.options.stderr !== 'ignore');
    const fail = async (why: string): Promise<never> => {
      await proc.kill();
      throw new StdioStartError(`stdio server ${this.options.command}: ${why}${proc.tail()}`);
    };
    if (r.kind === 'timeout') return fail(`no handshake within ${timeoutMs} ms`);
    if (r.kind === 'exit') return fail(`${r.why} before the handshake`);
    if (r.kind === 'stderr') return fail(`wrote to stderr during the handshake: ${shown(r.text.trim())}`);
    if (r.kind !== 'line') return fail('no handshake');
    const reply = parseReply(r.line);
    if (!reply.ok) return fail(`bad handshake: ${reply.error}`);
    const h = reply.value;
    if (h.type === 'error') return fail(`handshake refused: ${h.message}`);
    if (h.type !== 'handshake' || h.id !== 0) return fail(`expected the handshake reply to request 0, got ${shown(r.line)}`);
    if (h.protocol !== PROTOCOL_VERSION) return fail(`speaks protocol ${h.protocol}, this suite speaks ${PROTOCOL_VERSION}`);
    this.proc = proc;
    return h;
  }

  /** Run `fn` after every earlier request has settled. */
  serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async discard(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p) await p.kill();
  }

  async execute(scenario: Scenario, options: ExecOptions): Promise<Trace> {
    if (this.proc === undefined || this.proc.exited !== undefined) {
      if (this.proc !== undefined) this.restarts++;
      this.proc = undefined;
      try {
        await this.start();
      } catch (e) {
        throw new AdapterFault('adapter-crashed', `restart failed: ${(e as Error).message}`);
      }
    }
    const proc = this.proc!;
    const fault = async (classification: 'adapter-crashed' | 'timeout' | 'malformed-trace', message: string): Promise<never> => {
      const tail = proc.tail();
      await this.discard();
      this.restarts++;
      throw new AdapterFault(classification, `${message}${classification === 'adapter-crashed' ? tail : ''}`);
    };
    const id = this.nextId++;
    if (proc.unsolicited.length > 0) return fault('malformed-trace', `the server wrote ${shown(proc.unsolicited[0])} when no request was pending (before request ${id})`);
    if (proc.noise.length > 0 && this.options.stderr !== 'ignore') return fault('malformed-trace', `the server wrote to stderr before request ${id}: ${shown(proc.noise.join('').trim())}`);
    proc.noise = [];
    const r = await proc.request({ id, method: 'execute', scenario, timeoutMs: options.timeoutMs, seed: options.seed }, options.timeoutMs, this.options.stderr !== 'ignore');
    if (r.kind === 'timeout') return fault('timeout', `no reply to request ${id} within ${options.timeoutMs} ms`);
    if (r.kind === 'exit') return fault('adapter-crashed', `${r.why} during request ${id}`);
    if (r.kind === 'stderr') return fault('malformed-trace', `the server wrote to stderr during request ${id}: ${shown(r.text.trim())}`);
    return this.interpret(r.line, id, fault);
  }

  private interpret(
    line: string, id: number,
    fault: (c: 'adapter-crashed' | 'timeout' | 'malformed-trace', m: string) => Promise<never>,
  ): Promise<Trace> {
    const parsed = parseReply(line);
    if (!parsed.ok) return fault('malformed-trace', `request ${id}: ${parsed.error}`);
    const reply: Reply = parsed.value;
    if (reply.id !== id) return fault('malformed-trace', `got a reply to request ${reply.id} while waiting for request ${id}`);
    if (reply.type === 'trace') return Promise.resolve(reply.trace);
    if (reply.type === 'unsupported') return Promise.reject(new Error(`the server declared the scenario unsupported: ${reply.reason}`));
    if (reply.type === 'error') return Promise.reject(new Error(`the server reported an error: ${reply.message}`));
    return fault('malformed-trace', `request ${id}: expected a trace, got a ${reply.type} reply`);
  }

  async close(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p) await p.shutdown(this.nextId++, 2_000);
  }
}

/**
 * Start a stdio server, complete its handshake and return it as an adapter.
 *
 * @param options - the command, its arguments, the stderr policy.
 * @returns the adapter, named after the server's implementation and with its capabilities.
 * @throws StdioStartError when the process cannot start, does not handshake
 *   within `handshakeTimeoutMs`, or speaks another protocol version.
 */
export async function createStdioAdapter(options: StdioAdapterOptions): Promise<StdioAdapter> {
  const session = new StdioSession(options);
  const handshake = await session.start();
  const unsupportedOps = handshake.unsupportedOps ?? {};
  const declined = Object.keys(unsupportedOps);
  const adapter: StdioAdapter = {
    name: handshake.implementation.name,
    capabilities: [...handshake.capabilities] as Capability[],
    handshake,
    get restarts() { return session.restarts; },
    get pid() { return session.proc?.child.pid; },
    execute: (scenario, execOptions) => session.serialized(() => session.execute(scenario, execOptions)),
    close: () => session.serialized(() => session.close()),
    ...(declined.length > 0
      ? {
          unsupported(scenario: Scenario): string | undefined {
            const ops = opsOf(scenario);
            const hit = declined.filter((op) => ops.has(op));
            return hit.length === 0 ? undefined : hit.map((op) => `${op}: ${unsupportedOps[op]}`).join('; ');
          },
        }
      : {}),
  };
  return adapter;
}

/**
 * Split a command line into words the way a POSIX shell does for simple
 * cases: whitespace separates, single and double quotes group, a backslash
 * escapes the next character (outside single quotes). No expansion.
 *
 * @throws Error on an unterminated quote.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} quote in ${JSON.stringify(line)}`);
  if (inWord) words.push(word);
  return words;
}
