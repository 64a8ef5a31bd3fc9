/**
 * The server side of the stdio protocol: any in-process {@link Adapter} (the
 * reference runtime, a pool library's adapter, your own module) served on
 * stdin/stdout — `trueasync-conformance serve --adapter reference`.
 *
 * @remarks Requests are handled one at a time, in arrival order. A request
 * that is not valid JSON or fails the schema gets an `error` reply (with the
 * request's id when it could be read, `null` otherwise) and the server goes
 * on; `shutdown` or the end of stdin ends {@link serveAdapter}. Nothing but
 * protocol lines is written to the output.
 * @module
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, Scenario } from '../../adapter.js';
import { errorMessage } from '../../harness/execute.js';
import { validateScenario } from '../../scenario/validate.js';
import { PROTOCOL_VERSION, parseRequest, type Reply } from './protocol.js';

/** Options of {@link serveAdapter}. */
export interface ServeOptions {
  /** Where requests come from (the process's stdin). */
  input: Readable;
  /** Where replies go (the process's stdout). */
  output: Writable;
  /** The implementation's version announced in the handshake. @defaultValue `'0.0.0'` */
  version?: string;
  /** `unsupportedOps` announced in the handshake. @defaultValue none */
  unsupportedOps?: Record<string, string>;
}

function idOf(line: string): number | null {
  try {
    const x = JSON.parse(line) as { id?: unknown };
    return typeof x.id === 'number' && Number.isSafeInteger(x.id) && x.id >= 0 ? x.id : null;
  } catch {
    return null;
  }
}

/**
 * Serve `adapter` over the stdio protocol until `shutdown` or end of input.
 *
 * @param adapter - the in-process adapter that runs each scenario.
 * @param options - streams and handshake details.
 * @returns when the session is over (the adapter is closed).
 */
export async function serveAdapter(adapter: Adapter, options: ServeOptions): Promise<void> {
  const write = (reply: Reply): Promise<void> =>
    new Promise((done) => {
      if (!options.output.write(`${JSON.stringify(reply)}\n`)) options.output.once('drain', done);
      else done();
    });
  const lines = createInterface({ input: options.input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const parsed = parseRequest(line);
      if (!parsed.ok) {
        await write({ id: idOf(line), type: 'error', message: parsed.error });
        continue;
      }
      const req = parsed.value;
      if (req.method === 'shutdown') break;
      if (req.method === 'handshake') {
        if (req.protocol !== PROTOCOL_VERSION) {
          await write({ id: req.id, type: 'error', message: `protocol version ${req.protocol} is not supported (this server speaks ${PROTOCOL_VERSION})` });
          continue;
        }
        await write({
          id: req.id, type: 'handshake', protocol: PROTOCOL_VERSION,
          implementation: { name: adapter.name, version: options.version ?? '0.0.0' },
          capabilities: [...adapter.capabilities],
          ...(options.unsupportedOps && Object.keys(options.unsupportedOps).length > 0 ? { unsupportedOps: options.unsupportedOps } : {}),
        });
        continue;
      }
      const v = validateScenario(req.scenario);
      if (!v.ok) {
        await write({ id: req.id, type: 'error', message: `invalid scenario: ${v.errors[0] ?? 'unknown error'}` });
        continue;
      }
      const scenario: Scenario = v.scenario;
      let why: string | undefined;
      try {
        why = adapter.unsupported?.(structuredClone(scenario));
      } catch (e) {
        why = `unsupported() threw: ${errorMessage(e)}`;
      }
      if (why !== undefined) {
        await write({ id: req.id, type: 'unsupported', reason: why });
        continue;
      }
      try {
        const trace = await adapter.execute(scenario, { timeoutMs: req.timeoutMs, seed: req.seed });
        await write({ id: req.id, type: 'trace', trace });
      } catch (e) {
        await write({ id: req.id, type: 'error', message: errorMessage(e) });
      }
    }
  } finally {
    lines.close();
    await adapter.close?.();
  }
}
