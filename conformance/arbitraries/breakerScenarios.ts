/**
 * The generator of the pool invariants (circuit breaker and pool): random
 * interleavings of `acquire(t)`, `tryAcquire`, `release` (ok, or broken by a
 * `beforeRelease` that answers false on chosen calls), `activate`,
 * `deactivate`, `recover`, `close`, `cancel(waiter)` and factory successes
 * and failures across at most six coroutines, with a recording strategy
 * (`StrategySpec`) that may itself call `activate` / `deactivate`.
 *
 * @remarks
 * One pool `p`, created first by `main`. Its factory fails on chosen call
 * numbers (never during pre-warm); its hooks answer false on chosen call
 * numbers and may suspend (`delayMs`). Every pool call a coroutine makes is
 * guarded by `catch (Throwable)`, so an exception ends the call, never the
 * coroutine. The steps of a coroutine are:
 *
 * - `use`: `try { acquire(t); try { delay(hold) } finally { release; log "released" } } catch (Throwable) {}`;
 * - `hold`: `acquire(t)` (keeps the resource), `try`: `tryAcquire` (keeps it);
 * - `release`: `release; log "released"` (the oldest resource held; none: an `Error`, caught);
 * - `inFlight`: acquire, then `throw RuntimeException("in flight")` with the release in a `finally` (CB-7);
 * - `delay(k)`, `suspend`, `close`, queries, `cancel(cj)`;
 * - `activate` / `deactivate` / `recover`, each right after a marker log {@link breakerMarker};
 * - `setStrategy(s)` right after the marker log {@link strategyMarker} (only `main`).
 *
 * The marker logs say what the acting coroutine does next (nothing can run
 * between a `log` and the next instruction of the same coroutine).
 *
 * **Third-party subset.** With `thirdParty: true` the scenarios use only what
 * a JS-promise host over a third-party pool library supports: `spawn`,
 * `delay`, `log`, `try`/`catch`/`finally`, `throw`, `return`,
 * `await {coroutine}`, `pool.new` (factory with `failOn`/`delayMs`,
 * `beforeAcquire`/`beforeRelease` with `falseOn`/`delayMs`, a destructor that
 * never throws; no healthcheck), `pool.acquire`, `pool.tryAcquire`,
 * `pool.release`, `pool.close` and the queries `count`, `idleCount`,
 * `activeCount`, `isClosed` — no breaker, no strategy, no `cancel`, no
 * `suspend`.
 * @module
 */
import * as fc from 'fast-check';
import type {
  DestructorSpec, FactorySpec, HookSpec, Instruction, PoolNewInstruction, PoolQuery, Program, Scenario, StrategySpec,
} from '../../spec/system/scenario.js';

/** The pool every generated scenario uses. */
export const POOL = 'p';

/** The log right after a `release` returns. */
export const RELEASED = 'released';

/** The error `inFlight` throws while it holds a resource (released in a `finally`, CB-7). */
export const IN_FLIGHT = { class: 'RuntimeException' as const, message: 'in flight' };

/** The breaker transitions a scenario may call. */
export type BreakerOp = 'activate' | 'deactivate' | 'recover';

/** The state each transition sets (CB-2). */
export const TARGET_STATE: Readonly<Record<BreakerOp, 'ACTIVE' | 'INACTIVE' | 'RECOVERING'>> = {
  activate: 'ACTIVE',
  deactivate: 'INACTIVE',
  recover: 'RECOVERING',
};

/** The marker logged right before `pool.<op>`. */
export function breakerMarker(op: BreakerOp): string {
  return `cb:${op}`;
}

/** Parse a breaker marker. */
export function parseBreakerMarker(value: unknown): BreakerOp | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^cb:(activate|deactivate|recover)$/.exec(value);
  return m ? (m[1] as BreakerOp) : undefined;
}

/** The marker logged right before `pool.setStrategy` (the strategy as JSON, or `null`). */
export function strategyMarker(strategy: StrategySpec | null): string {
  return `cb:strategy:${JSON.stringify(strategy)}`;
}

/** Parse a strategy marker: `{strategy}` (possibly `null`), or `undefined` if `value` is not one. */
export function parseStrategyMarker(value: unknown): { strategy: StrategySpec | null } | undefined {
  if (typeof value !== 'string' || !value.startsWith('cb:strategy:')) return undefined;
  try {
    return { strategy: JSON.parse(value.slice('cb:strategy:'.length)) as StrategySpec | null };
  } catch {
    return undefined;
  }
}

/** The kinds of steps a coroutine body is made of. */
export type StepKind =
  | 'use' | 'hold' | 'try' | 'release' | 'inFlight' | 'delay' | 'suspend' | 'close' | 'query' | 'getState'
  | 'breaker' | 'cancel' | 'setStrategy';

/** Options of {@link breakerScenario}. */
export interface BreakerScenarioOptions {
  /** Only the third-party subset (see the module remarks); overrides the breaker, strategy, cancel and getState options. @defaultValue false */
  thirdParty?: boolean;
  /** `activate` / `deactivate` / `recover` steps. @defaultValue true */
  breaker?: boolean;
  /** Install a recording strategy first (`'maybe'`: half the scenarios), and let `main` replace or remove it later. @defaultValue 'maybe' */
  strategy?: 'never' | 'maybe' | 'always';
  /** The strategy may throw from its report methods (`throwOn`, CB-7). @defaultValue true */
  strategyThrows?: boolean;
  /** `cancel(cj)` steps. @defaultValue true */
  cancel?: boolean;
  /** `getState` queries. @defaultValue true */
  getState?: boolean;
  /** `count` / `idleCount` / `activeCount` / `isClosed` query groups. @defaultValue true */
  queries?: boolean;
  /** `close` steps (by `main`; see {@link BreakerScenarioOptions.closeAnywhere}). @defaultValue true */
  close?: boolean;
  /** Spawned coroutines may close the pool too (as a step of their own). @defaultValue false */
  closeAnywhere?: boolean;
  /** The chance that `main` closes the pool after a delay of 0..10 ms, at the end of its own steps. @defaultValue 0.3 */
  closeChance?: number;
  /** The factory and the hooks may suspend (`delayMs`). @defaultValue true */
  delays?: boolean;
  /** `beforeAcquire` / `beforeRelease` callables. @defaultValue true */
  hooks?: boolean;
  /** Most spawned coroutines (1..6). @defaultValue 6 */
  maxCoroutines?: number;
  /** Most steps per coroutine body. @defaultValue 6 */
  maxSteps?: number;
  /** Largest `max` of the pool. @defaultValue 3 */
  maxCapacity?: number;
  /** `main` asks `getState` right after creating the pool (and after installing the first strategy). @defaultValue false */
  initialGetState?: boolean;
  /** Relative weights of the three transitions in `breaker` steps. @defaultValue 1 each */
  transitions?: Partial<Record<BreakerOp, number>>;
  /** Relative weights of the step kinds (0 disables one). */
  weights?: Partial<Record<StepKind, number>>;
}

type Resolved = Required<Omit<BreakerScenarioOptions, 'weights' | 'transitions'>> & { transitions: Record<BreakerOp, number> };

const DEFAULT_WEIGHTS: Record<StepKind, number> = {
  use: 8, hold: 3, try: 2, release: 3, inFlight: 1, delay: 4, suspend: 1, close: 1, query: 2, getState: 1,
  breaker: 3, cancel: 2, setStrategy: 1,
};

/** A `catch (Throwable) {}` around `body`. */
function guard(body: Program): Instruction {
  return { op: 'try', body, catch: [{ class: 'Throwable', body: [] }] };
}

const acquire = (t: number): Instruction => (t > 0 ? { op: 'pool.acquire', pool: POOL, timeoutMs: t } : { op: 'pool.acquire', pool: POOL });
const release: Program = [{ op: 'pool.release', pool: POOL }, { op: 'log', value: RELEASED }];

/** An acquire timeout: 0 (forever) or 1..8 ms. */
const timeoutArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }) });

/** `true` with probability `p` (unbiased: fast-check's numeric arbitraries favour small values). */
export function chance(p: number): fc.Arbitrary<boolean> {
  if (p <= 0) return fc.constant(false);
  if (p >= 1) return fc.constant(true);
  const w = Math.round(p * 1000);
  return fc.oneof({ weight: w, arbitrary: fc.constant(true) }, { weight: 1000 - w, arbitrary: fc.constant(false) });
}

/** Call numbers `from..to`, each chosen with probability `p`. */
function callNumbers(from: number, to: number, p: number): fc.Arbitrary<number[]> {
  const n = Math.max(0, to - from + 1);
  return fc.tuple(...Array.from({ length: n }, () => chance(p))).map((xs) => xs.flatMap((x, k) => (x ? [from + k] : [])));
}

function hookArb(delays: boolean, throws: boolean): fc.Arbitrary<HookSpec> {
  return fc.record({
    falseOn: callNumbers(1, 10, 0.25),
    delayMs: delays ? fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 3 })) : fc.constant(undefined),
    throws: throws ? fc.boolean() : fc.constant(false),
  }).map(({ falseOn, delayMs, throws: t }) => {
    const h: HookSpec = {};
    if (falseOn.length) h.falseOn = falseOn;
    if (delayMs !== undefined) h.delayMs = delayMs;
    if (t) h.throws = true;
    return h;
  });
}

function poolArb(o: Resolved): fc.Arbitrary<PoolNewInstruction> {
  const cap = Math.max(1, o.maxCapacity);
  const maxArb = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: Math.min(2, cap) }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: cap }) });
  return maxArb.chain((max) =>
    fc.record({
      min: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max }) }),
      failP: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(0.15) }, { weight: 1, arbitrary: fc.constant(0.4) }),
      failDelay: o.delays ? fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) }) : fc.constant(undefined),
      beforeAcquire: o.hooks ? fc.option(hookArb(o.delays, !o.thirdParty), { nil: undefined, freq: 2 }) : fc.constant(undefined),
      beforeRelease: o.hooks ? fc.option(hookArb(o.delays, !o.thirdParty), { nil: undefined, freq: 2 }) : fc.constant(undefined),
      destructor: fc.oneof(fc.constant(undefined), fc.constant<DestructorSpec>({}), o.thirdParty ? fc.constant<DestructorSpec>({}) : fc.integer({ min: 1, max: 6 }).map((k): DestructorSpec => ({ throwFor: [`r${k}`] }))),
    }).chain((c) =>
      callNumbers(c.min + 1, c.min + 10, c.failP).map((failOn): PoolNewInstruction => {
        const factory: FactorySpec = {};
        if (failOn.length) factory.failOn = failOn;
        if (c.failDelay !== undefined) factory.delayMs = c.failDelay;
        const p: PoolNewInstruction = { op: 'pool.new', id: POOL, max };
        if (c.min > 0) p.min = c.min;
        if (Object.keys(factory).length) p.factory = factory;
        if (c.beforeAcquire) p.beforeAcquire = c.beforeAcquire;
        if (c.beforeRelease) p.beforeRelease = c.beforeRelease;
        if (c.destructor) p.destructor = c.destructor;
        return p;
      })),
  );
}

function strategyArb(throwsToo: boolean): fc.Arbitrary<StrategySpec> {
  return fc.record({
    deactivateAfter: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    activateOnSuccess: fc.boolean(),
    throwOn: throwsToo ? fc.subarray(['success', 'failure'] as Array<'success' | 'failure'>) : fc.constant([] as Array<'success' | 'failure'>),
  }).map((s) => {
    const out: StrategySpec = {};
    if (s.deactivateAfter !== undefined) out.deactivateAfter = s.deactivateAfter;
    if (s.activateOnSuccess) out.activateOnSuccess = true;
    if (s.throwOn.length) out.throwOn = s.throwOn;
    return out;
  });
}

const setStrategy = (strategy: StrategySpec | null): Program => [
  { op: 'log', value: strategyMarker(strategy) },
  { op: 'pool.setStrategy', pool: POOL, strategy },
];

function stepArb(kind: StepKind, o: Resolved, others: string[]): fc.Arbitrary<Program> {
  switch (kind) {
    case 'use':
      return fc.tuple(timeoutArb, fc.integer({ min: 0, max: 4 })).map(([t, hold]) => [
        guard([acquire(t), { op: 'try', body: [{ op: 'delay', ms: hold }], finally: release }]),
      ]);
    case 'hold':
      return timeoutArb.map((t) => [guard([acquire(t)])]);
    case 'try':
      return fc.constant([guard([{ op: 'pool.tryAcquire', pool: POOL }])]);
    case 'release':
      return fc.constant([guard(release)]);
    case 'inFlight':
      return timeoutArb.map((t) => [guard([acquire(t), { op: 'try', body: [{ op: 'throw', error: IN_FLIGHT }], finally: release }])]);
    case 'delay':
      return fc.integer({ min: 0, max: 4 }).map((ms) => [{ op: 'delay', ms }]);
    case 'suspend':
      return fc.constant([{ op: 'suspend' }]);
    case 'close':
      return fc.constant([guard([{ op: 'pool.close', pool: POOL }])]);
    case 'query': {
      const whats: PoolQuery[] = ['count', 'idleCount', 'activeCount', 'isClosed'];
      if (o.getState && !o.thirdParty) whats.push('getState');
      return fc.constant(whats.map((what): Instruction => ({ op: 'query', target: POOL, what })));
    }
    case 'getState':
      return fc.constant([{ op: 'query', target: POOL, what: 'getState' }]);
    case 'breaker':
      return fc.oneof(...(['activate', 'deactivate', 'recover'] as const).filter((op) => o.transitions[op] > 0).map((op) => ({ weight: o.transitions[op], arbitrary: fc.constant(op) }))).map((op): Program => [
        { op: 'log', value: breakerMarker(op) },
        { op: `pool.${op}`, pool: POOL },
      ]);
    case 'cancel':
      return others.length ? fc.constantFrom(...others).map((target): Program => [{ op: 'cancel', target }]) : fc.constant([]);
    case 'setStrategy':
      return fc.option(strategyArb(o.strategyThrows), { nil: null, freq: 3 }).map((s) => setStrategy(s));
  }
}

function bodyArb(o: Resolved, weights: Record<StepKind, number>, others: string[], isMain: boolean): fc.Arbitrary<Program> {
  const kinds = (Object.keys(weights) as StepKind[]).filter(
    (k) => weights[k] > 0 && (isMain || k !== 'setStrategy') && k !== 'close' && (k !== 'cancel' || others.length > 0),
  );
  if (kinds.length === 0) return fc.constant([]);
  if (!isMain && o.close && o.closeAnywhere && weights.close > 0) kinds.push('close');
  const step = fc.oneof(...kinds.map((k) => ({ weight: weights[k], arbitrary: stepArb(k, o, others) })));
  return fc.array(step, { minLength: isMain ? 0 : 1, maxLength: o.maxSteps }).map((steps) => steps.flat());
}

/**
 * Scenarios of the pool invariants: one pool, a strategy maybe, up to six
 * coroutines interleaving pool calls, breaker transitions, cancels and
 * closes (see the module remarks for the shapes and markers).
 */
export function breakerScenario(options: BreakerScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const third = options.thirdParty ?? false;
  const o: Resolved = {
    thirdParty: third,
    breaker: !third && (options.breaker ?? true),
    strategy: third ? 'never' : options.strategy ?? 'maybe',
    strategyThrows: options.strategyThrows ?? true,
    cancel: !third && (options.cancel ?? true),
    getState: !third && (options.getState ?? true),
    queries: options.queries ?? true,
    close: options.close ?? true,
    closeAnywhere: options.closeAnywhere ?? false,
    closeChance: options.closeChance ?? 0.3,
    initialGetState: options.initialGetState ?? false,
    transitions: { activate: 1, deactivate: 1, recover: 1, ...options.transitions },
    delays: options.delays ?? true,
    hooks: options.hooks ?? true,
    maxCoroutines: Math.min(6, Math.max(1, options.maxCoroutines ?? 6)),
    maxSteps: options.maxSteps ?? 6,
    maxCapacity: options.maxCapacity ?? 3,
  };
  const weights: Record<StepKind, number> = { ...DEFAULT_WEIGHTS, ...options.weights };
  if (!o.breaker) weights.breaker = 0;
  if (o.strategy === 'never') weights.setStrategy = 0;
  if (!o.cancel) weights.cancel = 0;
  if (!o.getState || third) weights.getState = 0;
  if (!o.queries) weights.query = 0;
  if (!o.close) weights.close = 0;
  if (third) {
    weights.suspend = 0;
    weights.inFlight = 0;
  }
  return fc.integer({ min: 1, max: o.maxCoroutines }).chain((n) => {
    const ids = Array.from({ length: n }, (_, k) => `c${k + 1}`);
    const bodies = fc.tuple(...ids.map((id) => bodyArb(o, weights, ids.filter((x) => x !== id), false)));
    const mainControl: Record<StepKind, number> = { ...weights, use: 1, hold: 1, try: 1, inFlight: 0, delay: 6, breaker: weights.breaker * 2, close: weights.close };
    return fc.record({
      pool: poolArb(o),
      strategy: o.strategy === 'never' ? fc.constant(undefined) : o.strategy === 'always' ? strategyArb(o.strategyThrows) : fc.option(strategyArb(o.strategyThrows), { nil: undefined }),
      bodies,
      main: bodyArb(o, mainControl, ids, true),
      close: o.close ? fc.tuple(chance(o.closeChance), fc.integer({ min: 0, max: 10 })) : fc.constant(undefined),
      awaitAll: third ? fc.boolean() : fc.constant(false),
    }).map(({ pool, strategy, bodies: bs, main, close, awaitAll }): Scenario => {
      const program: Program = [pool];
      if (strategy !== undefined) program.push(...setStrategy(strategy));
      if (o.initialGetState && !third) program.push({ op: 'query', target: POOL, what: 'getState' });
      ids.forEach((id, k) => program.push({ op: 'spawn', id, body: bs[k] }));
      program.push(...main);
      if (close && close[0]) program.push({ op: 'delay', ms: close[1] }, guard([{ op: 'pool.close', pool: POOL }]));
      if (awaitAll) for (const id of ids) program.push(guard([{ op: 'await', target: { coroutine: id } }]));
      return { version: 1, name: 'pool and circuit breaker workload', main: program };
    });
  });
}

/** The `pool.new` of a generated scenario (the first instruction of `main`), or `undefined`. */
export function poolOf(scenario: Scenario, id: string = POOL): PoolNewInstruction | undefined {
  const walk = (p: Program): PoolNewInstruction | undefined => {
    for (const i of p) {
      if (i.op === 'pool.new' && i.id === id) return i;
      const inner = i.op === 'spawn' ? walk(i.body) : i.op === 'try' ? walk(i.body) ?? i.catch?.map((c) => walk(c.body)).find((x) => x) ?? (i.finally ? walk(i.finally) : undefined) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(scenario.main);
}
