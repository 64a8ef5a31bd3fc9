/**
 * Focused arbitraries for the pool rules (POOL-1..POOL-12): pre-warm,
 * capacity under concurrent acquirers, reuse and FIFO idle, FIFO hand-off
 * without barging, reservation hand-on, factory failures, the two hooks,
 * acquire timeouts, close, destructor errors and the healthcheck.
 *
 * @remarks
 * **The subset.** Unless a generator says otherwise, its scenarios use only
 * what a JS-promise host of a third-party pool library (tarn, generic-pool)
 * can run: `spawn`, `delay`, `log`, `try`/`catch`/`finally`, `pool.new`,
 * `pool.acquire`, `pool.tryAcquire`, `pool.release`, `pool.close` and the
 * pool queries `count`, `idleCount`, `activeCount`, `isClosed`. Two
 * generators need more and say so: {@link handOnScenario} cancels waiters
 * (`cancel`), {@link healthcheckScenario} relies on the hidden healthcheck
 * timer of trace semantics §7.1.
 *
 * **Markers.** A trace does not say which instruction produced an event (an
 * `acquire` event does not carry its timeout, `pool.new` emits nothing of its
 * own). So every pool instruction is preceded by a *pool-op marker*: a `log`
 * whose value is `pool-op:` and the instruction as JSON. Nothing can run
 * between the marker and the instruction.
 *
 * **Shape.** A resource is used by a *use block*:
 * `try { acquire; try { hold } finally { release } } catch (Throwable) {}` —
 * a failed acquire skips the release, a cancelled hold still releases, every
 * error shows as a `caught` event of the block. Nested acquires always have
 * a timeout, and every acquired resource is released, so no generated
 * scenario waits forever (a library host has no deadlock detection). At most
 * six coroutines, `max ≤ 3`, delays of a few milliseconds.
 * @module
 */
import * as fc from 'fast-check';
import type {
  DestructorSpec, FactorySpec, HookSpec, Instruction, PoolNewInstruction, Program, Scenario,
} from '../../spec/system/scenario.js';
import { guarded } from './eventScenarios.js';

/** Prefix of a pool-op marker. */
export const POOL_OP_PREFIX = 'pool-op:';

/** A pool instruction (what a pool-op marker describes). */
export type PoolOp = Extract<Instruction, { op: `pool.${string}` }>;

/** The marker string of a pool instruction. */
export function poolOpMarker(instr: PoolOp): string {
  return POOL_OP_PREFIX + JSON.stringify(instr);
}

/** Parse a pool-op marker, or `undefined` if `value` is not one. */
export function parsePoolOpMarker(value: unknown): PoolOp | undefined {
  if (typeof value !== 'string' || !value.startsWith(POOL_OP_PREFIX)) return undefined;
  try {
    const op = JSON.parse(value.slice(POOL_OP_PREFIX.length)) as PoolOp;
    return typeof op === 'object' && op !== null && typeof op.op === 'string' && op.op.startsWith('pool.') ? op : undefined;
  } catch {
    return undefined;
  }
}

/** `[marker, instr]`. */
export function markedPool(instr: PoolOp): Instruction[] {
  return [{ op: 'log', value: poolOpMarker(instr) }, instr];
}

/** `[marker, try { instr } catch (Throwable) {}]`. */
export function markedPoolGuarded(instr: PoolOp): Instruction[] {
  return [{ op: 'log', value: poolOpMarker(instr) }, guarded([instr])];
}

/** `count`, `idleCount`, `activeCount` of `pool`, one after the other (nothing can run between them). */
export function queryTriple(pool: string): Instruction[] {
  return [
    { op: 'query', target: pool, what: 'count' },
    { op: 'query', target: pool, what: 'idleCount' },
    { op: 'query', target: pool, what: 'activeCount' },
  ];
}

/** How a use block acquires and holds. */
export interface UseSpec {
  /** `tryAcquire` instead of `acquire` (a `null` answer makes the release throw, which the block catches). */
  try?: boolean;
  /** `acquire` timeout (omitted: wait forever). */
  timeoutMs?: number;
  /** Hold for this many ms (0: release at once). */
  holdMs: number;
  /** Query the pool while holding. */
  queries?: boolean;
  /** A second use block inside the hold (its acquire must have a timeout). */
  inner?: UseSpec;
}

/** A use block: `try { marker; acquire; try { hold } finally { marker; release } } catch (Throwable) {}`. */
export function useBlock(pool: string, spec: UseSpec): Instruction {
  const acquire: PoolOp = spec.try
    ? { op: 'pool.tryAcquire', pool }
    : spec.timeoutMs === undefined ? { op: 'pool.acquire', pool } : { op: 'pool.acquire', pool, timeoutMs: spec.timeoutMs };
  const hold: Program = [];
  if (spec.holdMs > 0) hold.push({ op: 'delay', ms: spec.holdMs });
  if (spec.queries) hold.push(...queryTriple(pool));
  if (spec.inner) hold.push(useBlock(pool, spec.inner));
  return guarded([...markedPool(acquire), { op: 'try', body: hold, finally: markedPool({ op: 'pool.release', pool }) }]);
}

/** One step of a worker coroutine. */
export type Step =
  | { kind: 'delay'; ms: number }
  | { kind: 'use'; use: UseSpec }
  | { kind: 'query' };

/** The program of a worker. */
export function workerProgram(pool: string, steps: readonly Step[]): Program {
  return steps.flatMap((s): Instruction[] => {
    if (s.kind === 'delay') return s.ms > 0 ? [{ op: 'delay', ms: s.ms }] : [];
    if (s.kind === 'query') return queryTriple(pool);
    return [useBlock(pool, s.use)];
  });
}

/** `pool.new` with defaults made explicit where the generators set them. */
function poolNew(id: string, fields: Omit<PoolNewInstruction, 'op' | 'id'>): PoolNewInstruction {
  const instr: PoolNewInstruction = { op: 'pool.new', id };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (instr as unknown as Record<string, unknown>)[k] = v;
  return instr;
}

/** `undefined` `weight` times out of `weight + 1`, else a value of `arb`. */
function sometimes<T>(arb: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** A small non-empty sorted set of call numbers. */
function callNumbers(from: number, to: number, maxLength = 2): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.integer({ min: from, max: to }), { minLength: 1, maxLength }).map((xs) => [...xs].sort((a, b) => a - b));
}

/** A small non-empty set of resource names among `r1..r<n>`. */
function resourceNames(n: number, maxLength = 2): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength }).map((xs) => [...xs].sort((a, b) => a - b).map((k) => `r${k}`));
}

/** A hook that answers `false` on some calls or for some resources, maybe by throwing, maybe after a delay. */
export function hookArb(options: { delays?: boolean } = {}): fc.Arbitrary<HookSpec> {
  return fc
    .record({
      falseOn: sometimes(callNumbers(1, 5), 0),
      falseFor: sometimes(resourceNames(4), 1),
      throws: fc.boolean(),
      delayMs: options.delays ? sometimes(fc.integer({ min: 1, max: 3 })) : fc.constant(undefined),
    })
    .map(({ falseOn, falseFor, throws, delayMs }) => {
      const h: HookSpec = {};
      if (falseOn) h.falseOn = falseOn;
      if (falseFor) h.falseFor = falseFor;
      if (throws) h.throws = true;
      if (delayMs !== undefined) h.delayMs = delayMs;
      return h;
    });
}

/** Options of {@link workloadScenario}. */
export interface WorkloadOptions {
  /** Range of `max`. @defaultValue [1, 3] */
  max?: [number, number];
  /** Largest `min` (pre-warm). @defaultValue 3 */
  maxMin?: number;
  /** The factory: delays and failures allowed. @defaultValue none */
  factoryDelay?: boolean;
  /** Failing factory calls (numbers above `min`, so pre-warm succeeds); `often`: up to three of the first three calls. @defaultValue false */
  factoryFails?: boolean | 'often';
  /** A `beforeAcquire` hook (with `delays`: it may suspend). */
  beforeAcquire?: 'none' | 'plain' | 'delays';
  /** A `beforeRelease` hook (with `delays`: it may suspend). */
  beforeRelease?: 'none' | 'plain' | 'delays';
  /** A destructor that throws for some resources. @defaultValue false */
  destructorThrows?: boolean;
  /** Main closes the pool at some point. `'always'`, `'sometimes'` or `'never'` (default). */
  close?: 'always' | 'sometimes' | 'never';
  /** Acquire timeouts: how often a top-level `acquire` has one. @defaultValue 'sometimes' */
  timeouts?: 'never' | 'sometimes' | 'often';
  /** tryAcquire blocks allowed. @defaultValue true */
  tryAcquire?: boolean;
  /** Nested use blocks (an inner acquire with a timeout). @defaultValue false */
  nested?: boolean;
  /** Queries while holding and by main. @defaultValue true */
  queries?: boolean;
}

const timeoutArb = (how: WorkloadOptions['timeouts']): fc.Arbitrary<number | undefined> =>
  how === 'never' ? fc.constant(undefined) : sometimes(fc.integer({ min: 1, max: 9 }), how === 'often' ? 1 : 2);

function useArb(o: WorkloadOptions, depth = 0): fc.Arbitrary<UseSpec> {
  const inner = depth === 0 && o.nested
    ? sometimes(fc.record({ timeoutMs: fc.integer({ min: 1, max: 6 }), holdMs: fc.integer({ min: 0, max: 3 }) }), 3)
    : fc.constant(undefined);
  return fc
    .record({
      kind: o.tryAcquire === false || depth > 0 ? fc.constant('acquire') : fc.constantFrom('acquire', 'acquire', 'acquire', 'try'),
      timeoutMs: timeoutArb(o.timeouts),
      holdMs: fc.integer({ min: 0, max: 5 }),
      queries: o.queries === false ? fc.constant(false) : fc.boolean(),
      inner,
    })
    .map(({ kind, timeoutMs, holdMs, queries, inner: innerSpec }) => {
      const spec: UseSpec = { holdMs };
      if (kind === 'try') spec.try = true;
      else if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
      if (queries) spec.queries = true;
      if (innerSpec) spec.inner = innerSpec;
      return spec;
    });
}

function stepsArb(o: WorkloadOptions): fc.Arbitrary<Step[]> {
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: useArb(o).map((use): Step => ({ kind: 'use', use })) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }).map((ms): Step => ({ kind: 'delay', ms })) },
    { weight: o.queries === false ? 0 : 1, arbitrary: fc.constant<Step>({ kind: 'query' }) },
  );
  return fc.tuple(fc.integer({ min: 0, max: 4 }), fc.array(step, { minLength: 1, maxLength: 3 })).map(([start, steps]) => [
    { kind: 'delay', ms: start },
    ...steps,
  ]);
}

/**
 * A pool `P` and two to five workers, each a short sequence of use blocks
 * (acquire or tryAcquire, hold, maybe query, release), delays and queries,
 * starting at staggered times; main queries the pool now and then and may
 * close it. The options choose the callables: a slow or failing factory,
 * `beforeAcquire` / `beforeRelease` hooks, a destructor that throws.
 */
export function workloadScenario(o: WorkloadOptions = {}): fc.Arbitrary<Scenario> {
  const [lo, hi] = o.max ?? [1, 3];
  return fc
    .record({
      max: fc.integer({ min: lo, max: hi }),
      minRatio: fc.integer({ min: 0, max: 3 }),
      factoryDelay: o.factoryDelay ? sometimes(fc.integer({ min: 1, max: 3 }), 1) : fc.constant(undefined),
      failOn: o.factoryFails === 'often' ? callNumbers(1, 3, 3) : o.factoryFails ? callNumbers(1, 4) : fc.constant(undefined),
      beforeAcquire: !o.beforeAcquire || o.beforeAcquire === 'none' ? fc.constant(undefined) : hookArb({ delays: o.beforeAcquire === 'delays' }),
      beforeRelease: !o.beforeRelease || o.beforeRelease === 'none' ? fc.constant(undefined) : hookArb({ delays: o.beforeRelease === 'delays' }),
      throwFor: o.destructorThrows
        ? fc.oneof(resourceNames(5, 3), fc.constant<string[]>(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']))
        : fc.constant(undefined),
      destructor: fc.boolean(),
      workers: fc.array(stepsArb(o), { minLength: 2, maxLength: 5 }),
      mainPlan: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 2 }),
      close: o.close === 'always' ? fc.constant(true) : o.close === 'sometimes' ? fc.boolean() : fc.constant(false),
      closeAt: fc.integer({ min: 1, max: 8 }),
    })
    .map((r) => {
      const min = Math.min(r.max, r.minRatio, o.maxMin ?? 3);
      const factory: FactorySpec = {};
      if (r.factoryDelay !== undefined) factory.delayMs = r.factoryDelay;
      if (r.failOn) factory.failOn = r.failOn.map((k) => k + min);
      let destructor: DestructorSpec | undefined = r.destructor || r.throwFor ? {} : undefined;
      if (r.throwFor) destructor = { throwFor: r.throwFor };
      const instr = poolNew('P', {
        min: min > 0 ? min : undefined,
        max: r.max,
        factory: Object.keys(factory).length > 0 ? factory : undefined,
        destructor,
        beforeAcquire: r.beforeAcquire,
        beforeRelease: r.beforeRelease,
      });
      const main: Program = [...markedPoolGuarded(instr)];
      r.workers.forEach((steps, k) => main.push({ op: 'spawn', id: `w${k + 1}`, body: workerProgram('P', steps) }));
      for (const ms of r.mainPlan) main.push({ op: 'delay', ms }, ...(o.queries === false ? [] : queryTriple('P')));
      if (r.close) {
        main.push({ op: 'delay', ms: r.closeAt }, ...markedPoolGuarded({ op: 'pool.close', pool: 'P' }), ...queryTriple('P'));
      }
      return { version: 1 as const, main };
    });
}

/**
 * One or two pools built one after the other by main (POOL-1): `min` 0..3,
 * a factory that may suspend and may fail on a call within pre-warm, maybe
 * a destructor. When construction succeeds, main queries the counts at once
 * and then takes a few resources with `tryAcquire`; when it fails (the
 * generator knows), main only logs.
 */
export function prewarmScenario(): fc.Arbitrary<Scenario> {
  const poolArb = fc.record({
    min: fc.integer({ min: 0, max: 3 }),
    extra: fc.integer({ min: 0, max: 2 }),
    failAt: sometimes(fc.integer({ min: 1, max: 4 }), 1),
    delayMs: sometimes(fc.integer({ min: 1, max: 3 }), 2),
    destructor: fc.boolean(),
    probes: fc.integer({ min: 0, max: 3 }),
  });
  return fc
    .record({ pools: fc.array(poolArb, { minLength: 1, maxLength: 2 }), worker: fc.boolean() })
    .map(({ pools, worker }) => {
      const main: Program = [];
      if (worker) main.push({ op: 'spawn', id: 'w1', body: [{ op: 'delay', ms: 1 }, { op: 'log', value: 'w1' }] });
      pools.forEach((p, k) => {
        const id = k === 0 ? 'P' : 'Q';
        const factory: FactorySpec = {};
        if (p.failAt !== undefined) factory.failOn = [p.failAt];
        if (p.delayMs !== undefined) factory.delayMs = p.delayMs;
        const max = Math.max(1, p.min + p.extra);
        const instr = poolNew(id, {
          min: p.min, max, factory: Object.keys(factory).length > 0 ? factory : undefined, destructor: p.destructor ? {} : undefined,
        });
        main.push(...markedPoolGuarded(instr));
        const fails = p.failAt !== undefined && p.failAt <= p.min;
        if (fails) {
          main.push({ op: 'log', value: `failed:${id}` });
          return;
        }
        main.push(...queryTriple(id));
        for (let i = 0; i < p.probes; i++) main.push(...markedPoolGuarded({ op: 'pool.tryAcquire', pool: id }));
        main.push(...queryTriple(id));
      });
      return { version: 1 as const, main };
    });
}

/** Options of {@link handoffScenario}. */
export interface HandoffOptions {
  /** How often a waiter's acquire has a timeout, and from which range. */
  timeouts?: 'sometimes' | 'often';
  /** Allow an explicit `timeoutMs: 0` (wait forever, POOL-9). */
  zeroTimeout?: boolean;
  /** Late arrivals and re-acquiring holders (barging attempts). @defaultValue true */
  barging?: boolean;
}

/**
 * Holders take every place at `t=0` and keep them a few ms; one to three
 * waiters arrive one after the other (`t=1,2,3`) and park, some with a
 * timeout; a holder may re-acquire (or `tryAcquire`) right after its release
 * and a late coroutine may arrive near a release — both try to barge
 * (POOL-4, POOL-9). No hooks and an instant factory, so each acquire decides
 * at once.
 */
export function handoffScenario(o: HandoffOptions = {}): fc.Arbitrary<Scenario> {
  const waiterTimeout: fc.Arbitrary<number | undefined> = o.timeouts === 'often'
    ? fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 12 }), o.zeroTimeout ? fc.constant(0) : fc.integer({ min: 2, max: 9 }))
    : sometimes(fc.integer({ min: 1, max: 12 }), 2);
  return fc
    .record({
      max: fc.constantFrom(1, 1, 2),
      prewarm: fc.boolean(),
      holds: fc.array(fc.integer({ min: 3, max: 9 }), { minLength: 2, maxLength: 2 }),
      after: fc.array(fc.constantFrom('none', 'reacquire', 'try'), { minLength: 2, maxLength: 2 }),
      waiters: fc.array(fc.record({ timeoutMs: waiterTimeout, holdMs: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 }),
      late: o.barging === false ? fc.constant(undefined) : sometimes(fc.record({ at: fc.integer({ min: 3, max: 10 }), try: fc.boolean() })),
    })
    .map((r) => {
      const main: Program = [...markedPoolGuarded(poolNew('P', { min: r.prewarm ? r.max : undefined, max: r.max }))];
      const room = 5 - r.max - (r.late ? 1 : 0);
      for (let h = 0; h < r.max; h++) {
        const steps: Step[] = [{ kind: 'use', use: { holdMs: r.holds[h] } }];
        const after = o.barging === false ? 'none' : r.after[h];
        if (after === 'reacquire') steps.push({ kind: 'use', use: { holdMs: 1 } });
        if (after === 'try') steps.push({ kind: 'use', use: { try: true, holdMs: 1 } });
        main.push({ op: 'spawn', id: `h${h + 1}`, body: workerProgram('P', steps) });
      }
      r.waiters.slice(0, Math.max(1, room)).forEach((w, k) => {
        const use: UseSpec = { holdMs: w.holdMs };
        if (w.timeoutMs !== undefined) use.timeoutMs = w.timeoutMs;
        main.push({ op: 'spawn', id: `w${k + 1}`, body: workerProgram('P', [{ kind: 'delay', ms: k + 1 }, { kind: 'use', use }]) });
      });
      if (r.late) {
        main.push({ op: 'spawn', id: 'x', body: workerProgram('P', [{ kind: 'delay', ms: r.late.at }, { kind: 'use', use: r.late.try ? { try: true, holdMs: 1 } : { holdMs: 1 } }]) });
      }
      return { version: 1 as const, main };
    });
}

/**
 * Capability `core` + `pool`: like {@link handoffScenario}, and waiters are
 * cancelled — by a holder right after its release (so the oldest waiter,
 * just woken with a reservation, leaves without using it) or by main while
 * they wait; a late coroutine then tries to acquire (POOL-5).
 */
export function handOnScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      max: fc.constantFrom(1, 1, 2),
      holds: fc.array(fc.integer({ min: 3, max: 8 }), { minLength: 2, maxLength: 2 }),
      waiters: fc.array(fc.record({ timeoutMs: sometimes(fc.integer({ min: 2, max: 12 }), 3), holdMs: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 }),
      holderCancels: fc.array(sometimes(fc.integer({ min: 1, max: 3 }), 1), { minLength: 2, maxLength: 2 }),
      mainCancel: sometimes(fc.record({ at: fc.integer({ min: 1, max: 10 }), target: fc.integer({ min: 1, max: 3 }) }), 1),
      late: sometimes(fc.record({ at: fc.integer({ min: 4, max: 12 }), try: fc.boolean() }), 1),
    })
    .map((r) => {
      const max = r.max;
      const waiters = r.waiters.slice(0, 4 - max);
      const n = waiters.length;
      const main: Program = [...markedPoolGuarded(poolNew('P', { max }))];
      for (let h = 0; h < max; h++) {
        const body = workerProgram('P', [{ kind: 'use', use: { holdMs: r.holds[h] } }]);
        const c = r.holderCancels[h];
        if (c !== undefined) body.push({ op: 'cancel', target: `w${((c - 1) % n) + 1}` });
        main.push({ op: 'spawn', id: `h${h + 1}`, body });
      }
      waiters.forEach((w, k) => {
        const use: UseSpec = { holdMs: w.holdMs };
        if (w.timeoutMs !== undefined) use.timeoutMs = w.timeoutMs;
        main.push({ op: 'spawn', id: `w${k + 1}`, body: workerProgram('P', [{ kind: 'delay', ms: k + 1 }, { kind: 'use', use }]) });
      });
      if (r.late) {
        main.push({ op: 'spawn', id: 'x', body: workerProgram('P', [{ kind: 'delay', ms: r.late.at }, { kind: 'use', use: r.late.try ? { try: true, holdMs: 1 } : { holdMs: 1, timeoutMs: 5 } }]) });
      }
      if (r.mainCancel) main.push({ op: 'delay', ms: r.mainCancel.at }, { op: 'cancel', target: `w${((r.mainCancel.target - 1) % n) + 1}` });
      return { version: 1 as const, main };
    });
}

/**
 * A pool whose factory fails on some calls (never during pre-warm), maybe
 * after a delay, with acquirers, tryAcquirers and waiters (POOL-6).
 */
export function factoryFailureScenario(): fc.Arbitrary<Scenario> {
  return workloadScenario({ max: [1, 2], maxMin: 0, factoryDelay: true, factoryFails: 'often', timeouts: 'sometimes' });
}

/**
 * A close in the middle of a workload (POOL-10): holders, parked waiters
 * (some with timeouts), a `beforeRelease` hook sometimes; main closes the
 * pool, maybe twice, then acquires, tries, queries `isClosed`; some workers
 * start after the close.
 */
export function closeScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      base: fc.oneof(
        workloadScenario({ beforeRelease: 'plain', close: 'never', timeouts: 'sometimes' }),
        handoffScenario({ barging: false }),
      ),
      closeAt: fc.integer({ min: 1, max: 8 }),
      twice: fc.boolean(),
      after: fc.array(fc.constantFrom('acquire', 'try', 'query'), { minLength: 1, maxLength: 3 }),
      hookless: fc.boolean(),
      late: sometimes(fc.integer({ min: 1, max: 6 }), 1),
    })
    .map(({ base, closeAt, twice, after, hookless, late }) => {
      const main = [...base.main];
      if (hookless) {
        const head = main[1];
        if (head.op === 'try' && head.body[0].op === 'pool.new') {
          const { beforeRelease, ...rest } = head.body[0];
          void beforeRelease;
          main[0] = { op: 'log', value: poolOpMarker(rest) };
          main[1] = guarded([rest]);
        }
      }
      main.push({ op: 'query', target: 'P', what: 'isClosed' }, { op: 'delay', ms: closeAt }, ...markedPoolGuarded({ op: 'pool.close', pool: 'P' }));
      if (twice) main.push(...markedPoolGuarded({ op: 'pool.close', pool: 'P' }));
      main.push({ op: 'query', target: 'P', what: 'isClosed' });
      for (const a of after) {
        if (a === 'acquire') main.push(useBlock('P', { holdMs: 0 }));
        else if (a === 'try') main.push(useBlock('P', { try: true, holdMs: 0 }));
        else main.push(...queryTriple('P'));
      }
      if (late !== undefined) main.push({ op: 'spawn', id: 'late', body: workerProgram('P', [{ kind: 'delay', ms: late }, { kind: 'use', use: { holdMs: 1 } }]) });
      return { ...base, main };
    });
}

/**
 * A destructor that throws for some resources (POOL-11): pre-warmed idle
 * resources, a `beforeAcquire` (and sometimes a `beforeRelease`) hook that
 * rejects some, and a close by main while resources are idle.
 */
export function destructorScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      base: workloadScenario({ beforeAcquire: 'plain', destructorThrows: true, close: 'always', timeouts: 'sometimes', tryAcquire: true }),
      release: fc.boolean(),
      hook: hookArb(),
    })
    .map(({ base, release, hook }) => {
      if (!release) return base;
      const main = [...base.main];
      const head = main[1];
      if (head.op === 'try' && head.body[0].op === 'pool.new') {
        const instr: PoolNewInstruction = { ...head.body[0], beforeRelease: hook };
        main[0] = { op: 'log', value: poolOpMarker(instr) };
        main[1] = guarded([instr]);
      }
      return { ...base, main };
    });
}

/**
 * Capability `core` + `pool`: a pool with a healthcheck callable (unhealthy
 * on some calls or for some resources) and an interval of 2..5 ms, `min`
 * 0..2, a factory that may fail; workers use resources while main keeps the
 * loop alive for a while and may close the pool (POOL-12).
 */
export function healthcheckScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      max: fc.integer({ min: 1, max: 3 }),
      min: fc.integer({ min: 0, max: 2 }),
      interval: fc.integer({ min: 2, max: 5 }),
      healthcheck: hookArb(),
      failOn: sometimes(callNumbers(1, 6), 2),
      workers: fc.array(stepsArb({ tryAcquire: true, timeouts: 'sometimes', queries: true }), { minLength: 1, maxLength: 3 }),
      alive: fc.integer({ min: 4, max: 20 }),
      close: sometimes(fc.integer({ min: 1, max: 12 }), 1),
      tail: fc.integer({ min: 0, max: 8 }),
    })
    .map((r) => {
      const min = Math.min(r.min, r.max);
      const factory: FactorySpec | undefined = r.failOn ? { failOn: r.failOn.map((k) => k + min) } : undefined;
      const healthcheck: HookSpec = { ...r.healthcheck };
      delete healthcheck.delayMs;
      const instr = poolNew('P', { min: min > 0 ? min : undefined, max: r.max, healthcheckIntervalMs: r.interval, healthcheck, factory });
      const main: Program = [...markedPoolGuarded(instr)];
      r.workers.forEach((steps, k) => main.push({ op: 'spawn', id: `w${k + 1}`, body: workerProgram('P', steps) }));
      if (r.close !== undefined) {
        main.push({ op: 'delay', ms: r.close }, ...markedPoolGuarded({ op: 'pool.close', pool: 'P' }));
      }
      main.push({ op: 'delay', ms: r.alive }, ...queryTriple('P'));
      if (r.tail > 0) main.push({ op: 'delay', ms: r.tail });
      return { version: 1 as const, main };
    });
}
