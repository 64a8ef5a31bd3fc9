import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAdapterFault, type Scenario } from '../../conformance/adapter.js';
import { createStdioAdapter, splitCommandLine, type StdioAdapter } from '../../conformance/adapters/stdio/client.js';
import { parseReply, parseRequest } from '../../conformance/adapters/stdio/protocol.js';
import { ReferenceRuntime } from '../../reference/runtime.js';
import { cliCommand, cliCommandLine, ROOT } from '../support/cliEntry.js';

const FAULTY = resolve(ROOT, 'test/stdio/fixtures/faultyServer.ts');
const scenario = (value: number): Scenario => ({ version: 1, main: [{ op: 'spawn', id: 'a', body: [{ op: 'suspend' }, { op: 'log', value }] }, { op: 'delay', ms: 3 }] });
const exec = { timeoutMs: 5_000, seed: 1 };

const opened: StdioAdapter[] = [];
async function start(command: string[], stderr: 'fail' | 'ignore' = 'fail'): Promise<StdioAdapter> {
  const [cmd, ...args] = command as [string, ...string[]];
  const a = await createStdioAdapter({ command: cmd, args, cwd: ROOT, stderr });
  opened.push(a);
  return a;
}
const faulty = (mode: string, n: number): Promise<StdioAdapter> => start([process.execPath, '--import', 'tsx', FAULTY, mode, String(n)]);

afterAll(async () => {
  for (const a of opened) await a.close?.();
});

async function classify(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return isAdapterFault(e) ? e.classification : 'adapter-threw';
  }
}

describe('stdio protocol messages', () => {
  it('validates requests and replies with the schemas, naming the bad field', () => {
    expect(parseRequest('{"id":1,"method":"execute","scenario":{},"timeoutMs":10,"seed":1}').ok).toBe(true);
    expect(parseRequest('{"id":1,"method":"execute","scenario":{},"seed":1}')).toEqual({ ok: false, error: "request: must have required property 'timeoutMs'" });
    expect(parseReply('{"id":1,"type":"trace","trace":[]}')).toMatchObject({ ok: false, error: 'reply/trace: must NOT have fewer than 1 items' });
    expect(parseReply('{"id":0,"type":"handshake","protocol":1,"implementation":{"name":"x","version":"1"},"capabilities":["core","fly"]}'))
      .toMatchObject({ ok: false, error: expect.stringContaining('reply/capabilities/1: must be one of') });
    expect(parseReply('nope')).toEqual({ ok: false, error: 'reply is not JSON: "nope"' });
  });

  it('splits a command line like a shell (quotes, escapes)', () => {
    expect(splitCommandLine(`node --import tsx 'a b.ts' "c \\"d\\"" e\\ f`)).toEqual(['node', '--import', 'tsx', 'a b.ts', 'c "d"', 'e f']);
    expect(() => splitCommandLine(`node 'x`)).toThrow(/unterminated/);
  });
});

describe('the reference runtime as a stdio server (serve --adapter reference)', () => {
  it('handshakes with its name, version and capabilities and returns the in-process trace', async () => {
    const a = await start(cliCommand('serve', '--adapter', 'reference'));
    expect(a.handshake).toMatchObject({ protocol: 1, implementation: { name: 'reference', version: '0.1.0' }, capabilities: ['core', 'scope', 'pool', 'breaker'] });
    expect(a.name).toBe('reference');
    for (const v of [1, 2, 3]) expect(await a.execute(scenario(v), exec)).toEqual(new ReferenceRuntime().run(scenario(v)));
    expect(a.restarts).toBe(0);
  });
});

describe('a misbehaving server is classified, killed and restarted; the next scenario runs', () => {
  const cases: Array<[string, string]> = [
    ['crash', 'adapter-crashed'], ['hang', 'timeout'], ['garbage', 'malformed-trace'], ['wrong-id', 'malformed-trace'], ['stderr', 'malformed-trace'],
  ];
  for (const [mode, classification] of cases) {
    it(`${mode} on the 2nd request → ${classification}`, async () => {
      const a = await faulty(mode, 2);
      const pid = a.pid;
      const opts = mode === 'hang' ? { timeoutMs: 1_500, seed: 1 } : exec;
      expect(await classify(a.execute(scenario(1), opts))).toBe('ok');
      expect(await classify(a.execute(scenario(2), opts))).toBe(classification);
      expect(a.restarts).toBe(1);
      expect(await a.execute(scenario(3), opts)).toEqual(new ReferenceRuntime().run(scenario(3)));
      expect(a.pid).not.toBe(pid);
    });
  }

  it('an error reply is an ordinary adapter error (adapter-threw) and the server keeps running', async () => {
    const a = await faulty('error', 1);
    await expect(a.execute(scenario(1), exec)).rejects.toThrow('the server reported an error: the runtime refused');
    expect(await a.execute(scenario(2), exec)).toEqual(new ReferenceRuntime().run(scenario(2)));
    expect(a.restarts).toBe(0);
  });

  it('with --stdio-stderr ignore, stderr output is not a failure', async () => {
    const a = await start([process.execPath, '--import', 'tsx', FAULTY, 'stderr', '1'], 'ignore');
    expect(await a.execute(scenario(1), exec)).toEqual(new ReferenceRuntime().run(scenario(1)));
  });

  it('handshake unsupportedOps declare scenarios unsupported before they are sent', async () => {
    const a = await faulty('none', 0);
    expect(a.unsupported?.({ version: 1, main: [{ op: 'trigger.new', id: 't' }] })).toBe('trigger.new: no triggers here');
    expect(a.unsupported?.(scenario(1))).toBeUndefined();
  });

  it('a command that does not exist fails to load with a one-line message', async () => {
    await expect(createStdioAdapter({ command: '/nonexistent/runtime' })).rejects.toThrow(/cannot start \/nonexistent\/runtime/);
  });
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, ...rest] = cliCommand(...args) as [string, ...string[]];
  return new Promise((done) => {
    execFile(cmd, rest, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

describe('run --adapter stdio:… end to end', () => {
  it('a server crashing on every 3rd request: the run finishes, the failure is classified adapter-crashed, reports are written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stdio-run-'));
    const server = `stdio:${process.execPath} --import tsx ${FAULTY}`;
    const r = await run(['run', '--adapter', server, '--arg', 'crash', '--arg', '3', '--only', 'SCH-1,SCH-6', '--runs', '10', '--seed', '42', '--out', out, '--reporter', 'json,junit']);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { adapter: string; requirements: Array<{ id: string; status: string; classification?: string }> };
    expect(report.adapter).toBe('faulty-crash');
    const sch1 = report.requirements.find((x) => x.id === 'SCH-1');
    expect(sch1).toMatchObject({ status: 'fail', classification: 'adapter-crashed' });
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  });

  for (const [mode, classification, extra] of [['garbage', 'malformed-trace', []], ['hang', 'timeout', ['--timeout-ms', '1000']]] as const) {
    it(`a server that ${mode === 'hang' ? 'hangs' : 'prints garbage'} on every 4th request: classified ${classification}, the run finishes, reports are written`, async () => {
      const out = mkdtempSync(join(tmpdir(), `stdio-${mode}-`));
      const r = await run(['run', '--adapter', `stdio:${process.execPath} --import tsx ${FAULTY} ${mode} 4`, '--only', 'SCH-1', '--runs', '6', '--seed', '42', '--out', out, '--reporter', 'json', ...extra]);
      expect(r.code).toBe(1);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { requirements: Array<{ id: string; status: string; classification?: string }> };
      expect(report.requirements.find((x) => x.id === 'SCH-1')).toMatchObject({ status: 'fail', classification });
    });
  }

  it('bad options and unloadable runtimes are usage errors (exit 2, one line)', async () => {
    const bad = await run(['run', '--adapter', 'stdio:node x.js', '--stdio-stderr', 'loud']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'error: --stdio-stderr must be "fail" or "ignore" (got "loud")']);
    const missing = await run(['run', '--adapter', 'stdio:/nonexistent/runtime']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^error: adapter stdio:\/nonexistent\/runtime: stdio server \/nonexistent\/runtime: cannot start/);
    const php = await run(['run', '--adapter', 'php', '--php', '/nonexistent/php']);
    expect([php.code, php.stderr.trim()]).toEqual([2, 'error: adapter php: cannot run /nonexistent/php: spawn /nonexistent/php ENOENT']);
  });

  it('against serve --adapter reference gives the statuses of the in-process reference', async () => {
    const a = mkdtempSync(join(tmpdir(), 'stdio-ref-'));
    const b = mkdtempSync(join(tmpdir(), 'stdio-srv-'));
    const common = ['--only', 'SCH,WAK,POOL-3', '--runs', '15', '--seed', '42', '--reporter', 'json'];
    const ra = await run(['run', '--adapter', 'reference', '--out', a, ...common]);
    const rb = await run(['run', '--adapter', `stdio:${cliCommandLine('serve', '--adapter', 'reference')}`, '--out', b, ...common]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const statuses = (dir: string): string[] => (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { requirements: Array<{ id: string; status: string }> }).requirements.map((x) => `${x.id}=${x.status}`);
    expect(statuses(b)).toEqual(statuses(a));
    expect(statuses(a).filter((s) => s.endsWith('=pass')).length).toBeGreaterThan(5);
  });
});
