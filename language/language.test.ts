import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, EVENT_KINDS, LABEL_SCHEMA, LANGUAGE_AREAS, OP_CAPABILITY, OPS, PLANNED_CAPABILITIES, scenarioSchema, traceSchema } from './index.js';
import type { Instruction } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The type errors of a new area module placed in language/ beside the real
 * ones and added to the list of areas by one line (neither file is written
 * to disk).
 */
function typeErrors(source: string, listed = true, name = 'demo'): string[] {
  const file = `${here}${name}.ts`;
  const areas = `${here}areas.ts`;
  const real = ts.sys.readFile(areas) ?? '';
  const areasText = listed
    ? real.replace('export const LANGUAGE_AREAS = [core, scope, pool, breaker] as const;', `import { ${name} } from './${name}.js';\nexport type * from './${name}.js';\nexport const LANGUAGE_AREAS = [core, scope, pool, breaker, ${name}] as const;`)
    : real;
  if (listed && areasText === real) throw new Error('the list of areas in areas.ts has changed: update this test');
  const virtual = new Map([[file, source], [areas, areasText]]);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) => {
    const text = virtual.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile.call(host, name, lang, ...rest);
  };
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([file, `${here}index.ts`], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.slice(here.length) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the language', () => {
  it('lists every area once, every op and event kind in exactly one area', () => {
    expect(LANGUAGE_AREAS.map((a) => a.capability)).toEqual(['core', 'scope', 'pool', 'breaker']);
    expect(CAPABILITIES).toEqual(['core', 'scope', 'pool', 'breaker', ...PLANNED_CAPABILITIES]);
    expect(new Set(OPS).size).toBe(OPS.length);
    expect(new Set(EVENT_KINDS).size).toBe(EVENT_KINDS.length);
    expect(OPS.length).toBe(43);
    expect(EVENT_KINDS.length).toBe(33);
  });

  it('gives each op the capability of its area', () => {
    expect(OP_CAPABILITY.spawn).toBe('core');
    expect(OP_CAPABILITY.protect).toBe('core');
    expect(OP_CAPABILITY['scope.cancel']).toBe('scope');
    expect(OP_CAPABILITY['pool.close']).toBe('pool');
    expect(OP_CAPABILITY['pool.recover']).toBe('breaker');
    expect(Object.keys(OP_CAPABILITY).sort()).toEqual([...OPS].sort());
  });

  it('conformance/adapter.ts still exports every name it exported one by one, and every type of every area', () => {
    const adapter = fileURLToPath(new URL('../conformance/adapter.ts', import.meta.url));
    const program = ts.createProgram([adapter], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const exported = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(adapter)!)!).map((x) => x.name));
    expect(ADAPTER_NAMES).toHaveLength(49); // 43 scenario names, 5 trace names, Capability
    expect(ADAPTER_NAMES.filter((n) => !exported.has(n))).toEqual([]);
    for (const n of ['ScopeNewInstruction', 'ProtectInstruction', 'BreakerInstruction', 'PoolTraceEvent', 'LanguageArea', 'TraceEvents']) expect(exported.has(n), n).toBe(true);
    expect(exported.has('closed')).toBe(false); // the schema helpers stay inside language/
  }, 30_000);

  it('compiles a well-formed new area', () => {
    expect(typeErrors(GOOD)).toEqual([]);
  }, 30_000);

  it("compiles the guide's worked example (docs/guides/adding-an-area.md), listed by one line", () => {
    const guide = ts.sys.readFile(fileURLToPath(new URL('../docs/guides/adding-an-area.md', import.meta.url))) ?? '';
    const example = /```ts\n\/\/ language\/latch\.ts\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example).toBeDefined();
    expect(typeErrors(example!, true, 'latch')).toEqual([]);
    expect(typeErrors(example!, false, 'latch').join('\n')).toMatch(/latch\.new/);
  }, 30_000);

  it('does not compile an instruction without a schema, naming the op', () => {
    const errors = typeErrors(GOOD.replace("'demo.ping': { fields: {}, required: [] },", ''));
    expect(errors.join('\n')).toMatch(/demo\.ping/);
  }, 30_000);

  it('does not compile a schema without an instruction', () => {
    const errors = typeErrors(GOOD.replace("'demo.ping': { fields: {}, required: [] },", "'demo.ping': { fields: {}, required: [] }, 'demo.pong': { fields: {}, required: [] },"));
    expect(errors.join('\n')).toMatch(/demo\.pong/);
  }, 30_000);

  it('does not compile an area whose types are merged but that is not in the list of areas, naming its op', () => {
    const errors = typeErrors(GOOD, false);
    expect(errors.join('\n')).toMatch(/demo\.ping/);
  }, 30_000);
});

/** The names `conformance/adapter.ts` exported one by one before it re-exported the language: adapter authors import them from there. */
const ADAPTER_NAMES = `Scenario Program Instruction Op Value ErrorClass ErrorValue AwaitTarget TokenTarget CallbackAction CatchClause
  CoroutineQuery SpawnInstruction SuspendInstruction DelayInstruction AwaitInstruction CancelInstruction ThrowInstruction TryInstruction
  RethrowInstruction ReturnInstruction LogInstruction TriggerNewInstruction TriggerFireInstruction TriggerCloseInstruction FutureNewInstruction
  FutureCompleteInstruction FutureFailInstruction EventOnInstruction EventOffInstruction OnFinallyInstruction QueryInstruction ShutdownInstruction
  HookSpec FactorySpec DestructorSpec StrategySpec PoolNewInstruction PoolAcquireInstruction PoolReleaseInstruction PoolControlInstruction
  PoolSetStrategyInstruction PoolQuery Trace TraceEvent EventKind EventBase SuspendedOn Capability`.split(/\s+/);

/** A minimal new area: one instruction, one event kind, their schemas. */
const GOOD = `
import type { LanguageArea } from './area.js';
/** An instruction. */
export interface PingInstruction { op: 'demo.ping' }
declare module './scenario.js' { interface Instructions { demo: PingInstruction } }
declare module './trace.js' { interface TraceEvents { demo: { kind: 'pinged' } } }
export const demo = {
  capability: 'demo',
  instructions: {
    'demo.ping': { fields: {}, required: [] },
  },
  events: { pinged: { fields: {}, required: [] } },
  queries: [],
  defs: {},
} as const satisfies LanguageArea<PingInstruction['op'], 'pinged'>;
`;

describe('labels', () => {
  it('every instruction variant and every event variant of the schemas has the optional label field, from one place', () => {
    const variants = (oneOf: readonly unknown[]) => oneOf as { properties: Record<string, unknown>; required: string[] }[];
    const instructions = variants(scenarioSchema.$defs.instruction.oneOf);
    const events = variants(traceSchema.$defs.event.oneOf);
    expect(instructions.length).toBe(OPS.length);
    expect(events.length).toBe(EVENT_KINDS.length);
    for (const v of [...instructions, ...events]) {
      expect(v.properties.label).toEqual(LABEL_SCHEMA);
      expect(v.required).not.toContain('label');
    }
    // The type carries it too, on every op (InstructionBase): this compiles for any op.
    const labelled: Instruction[] = [{ op: 'suspend', label: 'a' }, { op: 'pool.close', pool: 'p', label: 'b' }, { op: 'scope.new', id: 's', label: 'c' }];
    expect(labelled.map((i) => i.label)).toEqual(['a', 'b', 'c']);
  });
});
