/**
 * The general arbitrary of scenario language v1: small, valid scenarios
 * mixing every core instruction.
 *
 * @remarks Generation is two-step so that shrinking keeps scenarios valid:
 * fast-check generates a *plan* (instruction shapes whose references are
 * plain natural numbers), and {@link buildScenario} turns it into a scenario
 * deterministically, resolving each number modulo the ids that exist at that
 * point (`ref % ids.length`; with no id available the instruction becomes a
 * `log`). Ids are short and unique: coroutines `a`..`d`, triggers `t1`,`t2`,
 * futures `f1`,`f2`, callbacks `cb1`.., handlers `h1`... Every `await` and
 * `onFinally` is preceded by its marker `log` (see `markers.ts`).
 * @module
 */
import * as fc from 'fast-check';
import type {
  CallbackAction, CoroutineQuery, ErrorClass, ErrorValue, Instruction, Program, Scenario, Value,
} from '../../spec/system/scenario.js';
import { errorArb, msArb, reasonArb, valueArb } from './values.js';
import { markedAwait, onFinallyMarker } from './markers.js';
import { QUERIES } from '../scenario/schema.js';

/** A reference to be resolved against the ids available at build time. */
type Ref = number;

/** A planned callback action. */
export type PlanAction = { do: 'remove'; ref: Ref } | { do: 'fire' } | { do: 'throw'; error: ErrorValue };

/** A planned instruction: the shape of an instruction with unresolved references. */
export type PlanInstr =
  | { k: 'suspend' }
  | { k: 'delay'; ms: number }
  | { k: 'log'; value: Value }
  | {
      k: 'await';
      target: 'coroutine' | 'future' | 'trigger' | 'timer';
      ref: Ref;
      ms: number;
      extra: 'none' | 'timeout' | 'token';
      tokenKind: 'coroutine' | 'future' | 'trigger';
      tokenRef: Ref;
    }
  | { k: 'cancel'; ref: Ref; self: boolean; reason: string | undefined }
  | { k: 'throw'; error: ErrorValue }
  | { k: 'return'; value: Value }
  | { k: 'fire'; ref: Ref; value: Value }
  | { k: 'close'; ref: Ref }
  | { k: 'complete'; ref: Ref; value: Value }
  | { k: 'fail'; ref: Ref; error: ErrorValue }
  | { k: 'on'; ref: Ref; future: boolean; actions: PlanAction[] }
  | { k: 'off'; ref: Ref; cbRef: Ref }
  | { k: 'onFinally'; ref: Ref; self: boolean }
  | { k: 'query'; ref: Ref; self: boolean; what: CoroutineQuery }
  | { k: 'shutdown' }
  | { k: 'rethrow' }
  | { k: 'try'; body: PlanInstr[]; catches: Array<{ cls: ErrorClass; body: PlanInstr[] }>; fin: PlanInstr[] | null };

/** A planned scenario. */
export interface Plan {
  /** Number of triggers created first by main (0..2). */
  triggers: number;
  /** Number of futures created first by main (0..2). */
  futures: number;
  /** Main's instructions before the first spawn. */
  before: PlanInstr[];
  /** Each spawn (0..4) with its body, priority and the main instructions after it. */
  spawns: Array<{ body: PlanInstr[]; high: boolean; after: PlanInstr[] }>;
}

const ref = fc.nat({ max: 7 });

function leafArb(inCatch: boolean): fc.Arbitrary<PlanInstr> {
  const leaves: Array<fc.WeightedArbitrary<PlanInstr>> = [
    { weight: 3, arbitrary: fc.constant({ k: 'suspend' as const }) },
    { weight: 3, arbitrary: msArb.map((ms) => ({ k: 'delay' as const, ms })) },
    { weight: 2, arbitrary: valueArb.map((value) => ({ k: 'log' as const, value })) },
    {
      weight: 5,
      arbitrary: fc.record({
        k: fc.constant('await' as const),
        target: fc.constantFrom('coroutine' as const, 'future' as const, 'trigger' as const, 'timer' as const),
        ref, ms: msArb,
        extra: fc.constantFrom('none' as const, 'none' as const, 'timeout' as const, 'token' as const),
        tokenKind: fc.constantFrom('coroutine' as const, 'future' as const, 'trigger' as const),
        tokenRef: ref,
      }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('cancel' as const), ref, self: fc.boolean(), reason: reasonArb }) },
    { weight: 1, arbitrary: errorArb.map((error) => ({ k: 'throw' as const, error })) },
    { weight: 1, arbitrary: valueArb.map((value) => ({ k: 'return' as const, value })) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('fire' as const), ref, value: valueArb }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('close' as const), ref }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('complete' as const), ref, value: valueArb }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('fail' as const), ref, error: errorArb }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('on' as const), ref, future: fc.boolean(),
        actions: fc.array(
          fc.oneof(
            fc.record({ do: fc.constant('remove' as const), ref }),
            fc.constant({ do: 'fire' as const }),
            errorArb.map((error) => ({ do: 'throw' as const, error })),
          ),
          { maxLength: 2 },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('off' as const), ref, cbRef: ref }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('onFinally' as const), ref, self: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('query' as const), ref, self: fc.boolean(), what: fc.constantFrom(...QUERIES) }) },
    
  ];
  if (inCatch) leaves.push({ weight: 1, arbitrary: fc.constant({ k: 'rethrow' as const }) });
  // Scale the weights so that `shutdown` stays rare (about one scenario in seven).
  const scaled = leaves.map((l) => ({ weight: l.weight * 4, arbitrary: l.arbitrary }));
  return fc.oneof(...scaled, { weight: 1, arbitrary: fc.constant({ k: 'shutdown' as const }) });
}

const catchClasses: ErrorClass[] = ['Throwable', 'Exception', 'RuntimeException', 'Async\\AsyncCancellation', 'Cancellation', 'Error'];

/**
 * A planned program of at most `maxLength` instructions, `try` nested up to `depth`.
 *
 * @param depth - remaining `try` nesting (0: no `try`).
 * @param inCatch - whether the program is (inside) a catch body (allows `rethrow`).
 */
export function planProgramArb(depth: number, inCatch = false, maxLength = 8): fc.Arbitrary<PlanInstr[]> {
  const leaf = leafArb(inCatch);
  if (depth <= 0) return fc.array(leaf, { maxLength });
  const tryArb: fc.Arbitrary<PlanInstr> = fc.record({
    k: fc.constant('try' as const),
    body: planProgramArb(depth - 1, inCatch, 4),
    catches: fc.array(fc.record({ cls: fc.constantFrom(...catchClasses), body: planProgramArb(depth - 1, true, 3) }), { maxLength: 2 }),
    fin: fc.option(planProgramArb(depth - 1, inCatch, 3), { nil: null }),
  });
  return fc.array(fc.oneof({ weight: 6, arbitrary: leaf }, { weight: 1, arbitrary: tryArb }), { maxLength });
}

/** What {@link buildProgram} knows while it resolves references. */
export interface BuildContext {
  /** The coroutine whose program is built. */
  self: string;
  /** Coroutines it may reference. */
  coroutines: string[];
  /** Triggers created so far. */
  triggers: string[];
  /** Futures created so far. */
  futures: string[];
  /** User callbacks registered so far, per event. */
  callbacks: Map<string, string[]>;
  /** Counters of generated callback and handler ids. */
  counters: { callback: number; handler: number; await: number };
}

function pick<T>(list: readonly T[], r: Ref): T | undefined {
  return list.length === 0 ? undefined : list[r % list.length];
}

function buildAction(a: PlanAction, own: string[]): CallbackAction {
  if (a.do === 'remove') return { do: 'remove', callback: pick(own, a.ref)! };
  return a;
}

/** Resolve one planned instruction into instructions (a marker `log` may precede it). */
function buildInstr(p: PlanInstr, ctx: BuildContext): Instruction[] {
  const fallback: Instruction[] = [{ op: 'log', value: p.k }];
  switch (p.k) {
    case 'suspend':
    case 'shutdown':
    case 'rethrow':
      return [{ op: p.k }];
    case 'delay':
      return [{ op: 'delay', ms: p.ms }];
    case 'log':
      return [{ op: 'log', value: p.value }];
    case 'throw':
      return [{ op: 'throw', error: p.error }];
    case 'return':
      return [{ op: 'return', value: p.value }];
    case 'await': {
      const lists = { coroutine: ctx.coroutines, future: ctx.futures, trigger: ctx.triggers };
      let target;
      if (p.target === 'timer') target = { timer: p.ms };
      else {
        const id = pick(lists[p.target], p.ref);
        if (id === undefined) return fallback;
        target = { [p.target]: id } as { coroutine: string };
      }
      const n = ++ctx.counters.await;
      if (p.extra === 'timeout') return markedAwait({ op: 'await', target, timeoutMs: p.ms }, n);
      const token = p.extra === 'token' ? pick(lists[p.tokenKind], p.tokenRef) : undefined;
      if (token === undefined) return markedAwait({ op: 'await', target }, n);
      return markedAwait({ op: 'await', target, cancellation: { [p.tokenKind]: token } as { coroutine: string } }, n);
    }
    case 'cancel':
    case 'query':
    case 'onFinally': {
      const id = p.self ? 'self' : pick(ctx.coroutines, p.ref);
      if (id === undefined) return fallback;
      if (p.k === 'cancel') return [p.reason === undefined ? { op: 'cancel', target: id } : { op: 'cancel', target: id, reason: p.reason }];
      if (p.k === 'query') return [{ op: 'query', target: id, what: p.what }];
      const handler = `h${++ctx.counters.handler}`;
      const resolved = id === 'self' ? ctx.self : id;
      return [{ op: 'log', value: onFinallyMarker(resolved, handler) }, { op: 'onFinally', target: id, handler }];
    }
    case 'fire':
    case 'close': {
      const id = pick(ctx.triggers, p.ref);
      if (id === undefined) return fallback;
      return [p.k === 'fire' ? { op: 'trigger.fire', id, value: p.value } : { op: 'trigger.close', id }];
    }
    case 'complete':
    case 'fail': {
      const id = pick(ctx.futures, p.ref);
      if (id === undefined) return fallback;
      return [p.k === 'complete' ? { op: 'future.complete', id, value: p.value } : { op: 'future.fail', id, error: p.error }];
    }
    case 'on': {
      const event = pick(p.future && ctx.futures.length > 0 ? ctx.futures : ctx.triggers, p.ref) ?? pick(ctx.futures, p.ref);
      if (event === undefined) return fallback;
      const callback = `cb${++ctx.counters.callback}`;
      const own = [...(ctx.callbacks.get(event) ?? []), callback];
      ctx.callbacks.set(event, own);
      const actions = p.actions.map((a) => buildAction(a, own));
      return [{ op: 'event.on', event, callback, actions }];
    }
    case 'off': {
      const events = [...ctx.callbacks.keys()];
      const event = pick(events, p.ref);
      if (event === undefined) return fallback;
      return [{ op: 'event.off', event, callback: pick(ctx.callbacks.get(event)!, p.cbRef)! }];
    }
    case 'try': {
      const instr: Instruction = { op: 'try', body: buildProgram(p.body, ctx) };
      if (p.catches.length > 0) instr.catch = p.catches.map((c) => ({ class: c.cls, body: buildProgram(c.body, ctx) }));
      if (p.fin) instr.finally = buildProgram(p.fin, ctx);
      return [instr];
    }
  }
}

/** Resolve a planned program. */
export function buildProgram(plan: PlanInstr[], ctx: BuildContext): Program {
  return plan.flatMap((p) => buildInstr(p, ctx));
}

/** The coroutine ids of the generators, in spawn order. */
export const COROUTINE_IDS = ['a', 'b', 'c', 'd', 'e', 'g'] as const;

/**
 * Turn a plan into a valid scenario (deterministic, total).
 *
 * @remarks Main creates the triggers and futures first, then runs `before`,
 * then each spawn followed by its `after` instructions. A coroutine body may
 * reference `main` and the coroutines spawned before it; main's instructions
 * reference the coroutines spawned so far.
 */
export function buildScenario(plan: Plan): Scenario {
  const triggers = Array.from({ length: plan.triggers }, (_, i) => `t${i + 1}`);
  const futures = Array.from({ length: plan.futures }, (_, i) => `f${i + 1}`);
  const counters = { callback: 0, handler: 0, await: 0 };
  const callbacks = new Map<string, string[]>();
  const mainCtx: BuildContext = { self: 'main', coroutines: [], triggers, futures, callbacks, counters };
  const main: Program = [
    ...triggers.map((id): Instruction => ({ op: 'trigger.new', id })),
    ...futures.map((id): Instruction => ({ op: 'future.new', id })),
    ...buildProgram(plan.before, mainCtx),
  ];
  plan.spawns.forEach((s, i) => {
    const id = COROUTINE_IDS[i];
    const body = buildProgram(s.body, { ...mainCtx, self: id, coroutines: ['main', ...mainCtx.coroutines] });
    main.push(s.high ? { op: 'spawn', id, body, priority: 'high' } : { op: 'spawn', id, body });
    mainCtx.coroutines.push(id);
    main.push(...buildProgram(s.after, mainCtx));
  });
  return { version: 1, main };
}

/** Options of {@link coreScenario}. */
export interface CoreScenarioOptions {
  /** Most spawned coroutines. @defaultValue 4 */
  maxCoroutines?: number;
  /** `try` nesting depth. @defaultValue 2 */
  depth?: number;
}

/**
 * The plan arbitrary behind {@link coreScenario}.
 *
 * @param options - size limits.
 */
export function corePlanArb(options: CoreScenarioOptions = {}): fc.Arbitrary<Plan> {
  const depth = options.depth ?? 2;
  return fc.record({
    triggers: fc.integer({ min: 0, max: 2 }),
    futures: fc.integer({ min: 0, max: 2 }),
    before: planProgramArb(0, false, 2),
    spawns: fc.array(
      fc.record({ body: planProgramArb(depth), high: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 7, arbitrary: fc.constant(false) }), after: planProgramArb(depth - 1, false, 3) }),
      { maxLength: options.maxCoroutines ?? 4 },
    ),
  });
}

/**
 * Small valid scenarios mixing every core instruction: main spawns 0–4
 * coroutines whose bodies suspend, delay, await earlier coroutines,
 * triggers, futures and timers (sometimes with a timeout or a token), cancel,
 * throw and catch, fire and settle events, register callbacks and finally
 * handlers, query, and occasionally shut down.
 *
 * @param options - size limits.
 */
export function coreScenario(options: CoreScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return corePlanArb(options).map(buildScenario);
}
