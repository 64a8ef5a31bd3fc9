/**
 * The cancellation-invariant generator: a random forest of scopes with coroutines whose
 * bodies suspend, delay, await each other, protect, catch or swallow
 * cancellations, run `finally` blocks, return and throw, and a schedule of
 * external actions by `main` (cancel a coroutine, cancel / dispose /
 * disposeSafely a scope, await a coroutine with a timeout, shutdown) at
 * random virtual times (the cancellation invariants, trace semantics §6).
 *
 * @remarks Generation is two-step like `coreScenario.ts`: fast-check
 * generates a plan whose references are plain numbers and
 * {@link buildForestScenario} resolves them, so shrinking keeps scenarios
 * valid. The shape is fixed so that checks can read the structure back from
 * the scenario ({@link forestOf}):
 *
 * * `main` first creates every scope (roots with `scope.new`, children with
 *   `scope.inherit {parent}`; depth ≤ 4, fan-out ≤ 3) and sets each one's safe
 *   flag explicitly right after creating it, so the flags never change later;
 *   then registers scope `finally` handlers; then spawns every coroutine
 *   (`spawn {scope}`, ≤ 4 per scope, ≤ 8 in all), each maybe followed by a
 *   marked `onFinally`; then runs its schedule (`delay k` or nothing, then the
 *   action); then, with `audit`, sleeps until everything is over and queries
 *   every scope and coroutine.
 * * Bodies have no loops, so every run terminates; a coroutine awaits only
 *   coroutines spawned before it (no await cycles, hence no deadlock).
 * * Markers (`log` values): {@link PROTECT_ENTER} first and
 *   {@link PROTECT_LEAVE} last inside every `protect` body (which holds only
 *   `suspend`/`delay`, never nested); {@link SWALLOW} / {@link RETHROW} first
 *   in a `catch (Async\AsyncCancellation)` body; {@link FINALLY_LOG} is the
 *   whole of a `finally` block; every `await` and `onFinally` carries its
 *   marker (`markers.ts`), every `throw` its throw marker.
 * * Cancellation reasons are unique per action: `cancel` of the k-th action
 *   uses `r<k>`, `scope.cancel` uses `sr<k>`, a self-cancel of `cN` uses
 *   `self-cN`; `dispose`/`disposeSafely` use the default `"Scope was cancelled"`.
 * @module
 */
import * as fc from 'fast-check';
import type { CoroutineQuery, ErrorValue, Instruction, Program, Scenario, Value } from '../../spec/system/scenario.js';
import { markedAwait, onFinallyMarker, throwMarker } from './markers.js';
import { msArb, nonNullValueArb, plainErrorArb } from './values.js';
import { guarded } from './eventScenarios.js';

/** First instruction of every `protect` body. */
export const PROTECT_ENTER = 'protect:enter';
/** Last instruction of every `protect` body. */
export const PROTECT_LEAVE = 'protect:leave';
/** First instruction of a catch body that swallows the cancellation. */
export const SWALLOW = 'catch:swallow';
/** First instruction of a catch body that rethrows it. */
export const RETHROW = 'catch:rethrow';
/** The body of every `finally` block. */
export const FINALLY_LOG = 'finally:block';
/** How long the audit waits: longer than any generated run. */
export const AUDIT_DELAY = 1000;

/** Options of {@link scopeForestScenario}: which features the scenarios use. */
export interface ScopeForestOptions {
  /** Safe flags of the scopes: each chosen at random, all safe, or all not safe. @defaultValue `'mixed'` */
  safety?: 'mixed' | 'safe' | 'unsafe';
  /** `throw` steps (uncaught ordinary exceptions → fail-together, SCP-14). @defaultValue true */
  throws?: boolean;
  /** `protect` steps. @defaultValue true */
  protect?: boolean;
  /** Self-cancel steps (`cancel self`, CAN-3). @defaultValue false */
  selfCancel?: boolean;
  /** `await` steps (of a coroutine spawned earlier). @defaultValue true */
  awaits?: boolean;
  /** `shutdown` among main's actions (CAN-11). @defaultValue false */
  shutdown?: boolean;
  /** Predicate queries among main's actions (COR-6, CAN-8, SCP-9). @defaultValue false */
  queries?: boolean;
  /** `await {coroutine, timeoutMs}` among main's actions (CAN-9). @defaultValue true */
  timeouts?: boolean;
  /** `finally()` handlers on coroutines and scopes. @defaultValue true */
  finallyHandlers?: boolean;
  /** Most coroutines in all. @defaultValue 8 */
  maxCoroutines?: number;
  /** Most scheduled actions of main. @defaultValue 5 */
  maxActions?: number;
  /** Main ends with a long delay and queries of every scope and coroutine. @defaultValue true */
  audit?: boolean;
  /** Main queries the coroutines an action reached right after each cancel / scope action (COR-6, CAN-8). @defaultValue false */
  queriesAfter?: boolean;
  /** Relative weights of step and action kinds (to focus a property); 0 disables one. */
  weights?: { steps?: Partial<Record<StepPlan['k'], number>>; actions?: Partial<Record<ActionPlan['k'], number>> };
}

type Ref = number;

/** A planned step of a coroutine body. */
export type StepPlan =
  | { k: 'suspend' }
  | { k: 'delay'; ms: number }
  | { k: 'await'; ref: Ref }
  | { k: 'protect'; body: Array<{ k: 'suspend' } | { k: 'delay'; ms: number }> }
  | { k: 'catch'; body: StepPlan[]; swallow: boolean }
  | { k: 'finally'; body: StepPlan[] }
  | { k: 'return'; value: Value }
  | { k: 'throw'; error: ErrorValue }
  | { k: 'selfCancel' }
  | { k: 'onFinallySelf' };

/** A planned action of main's schedule. */
export type ActionPlan =
  | { k: 'cancel'; ref: Ref }
  | { k: 'scope.cancel'; ref: Ref }
  | { k: 'scope.dispose'; ref: Ref }
  | { k: 'scope.disposeSafely'; ref: Ref }
  | { k: 'await'; ref: Ref; ms: number }
  | { k: 'onFinally'; ref: Ref }
  | { k: 'query'; ref: Ref; scope: boolean }
  | { k: 'shutdown' };

/** A planned forest scenario. */
export interface ForestPlan {
  /** Scopes in creation order: parent reference (`null` = root), safe flag, whether it gets a finally handler. */
  scopes: Array<{ parent: Ref | null; safe: boolean; fin: boolean }>;
  /** Coroutines in spawn order: scope reference, body, whether main registers a finally handler. */
  coroutines: Array<{ scope: Ref; body: StepPlan[]; fin: boolean }>;
  /** Main's schedule: `gap` 0 = no delay before the action. */
  schedule: Array<{ gap: number; action: ActionPlan }>;
}

const ref = fc.nat({ max: 15 });

function innerArb(): fc.Arbitrary<{ k: 'suspend' } | { k: 'delay'; ms: number }> {
  return fc.oneof(fc.constant({ k: 'suspend' as const }), msArb.map((ms) => ({ k: 'delay' as const, ms })));
}

/** Add a weighted arbitrary unless its kind is switched off or weighted 0. */
function add<T, K extends string>(
  arbs: Array<fc.WeightedArbitrary<T>>, on: boolean, kind: K, weight: number, weights: Partial<Record<K, number>> | undefined, arbitrary: fc.Arbitrary<T>,
): void {
  const w = weights?.[kind] ?? weight;
  if (on && w > 0) arbs.push({ weight: w, arbitrary });
}

function stepArb(o: Required<ScopeForestOptions>, depth: number): fc.Arbitrary<StepPlan> {
  const arbs: Array<fc.WeightedArbitrary<StepPlan>> = [];
  const w = o.weights.steps;
  add(arbs, true, 'suspend', 3, w, fc.constant({ k: 'suspend' as const }));
  add(arbs, true, 'delay', 3, w, msArb.map((ms) => ({ k: 'delay' as const, ms })));
  add(arbs, true, 'return', 1, w, nonNullValueArb.map((value) => ({ k: 'return' as const, value })));
  add(arbs, o.awaits, 'await', 2, w, ref.map((r) => ({ k: 'await' as const, ref: r })));
  add(arbs, o.protect, 'protect', 2, w, fc.array(innerArb(), { minLength: 1, maxLength: 2 }).map((body) => ({ k: 'protect' as const, body })));
  add(arbs, o.throws, 'throw', 1, w, plainErrorArb.map((error) => ({ k: 'throw' as const, error })));
  add(arbs, o.selfCancel, 'selfCancel', 1, w, fc.constant({ k: 'selfCancel' as const }));
  add(arbs, o.finallyHandlers, 'onFinallySelf', 1, w, fc.constant({ k: 'onFinallySelf' as const }));
  if (depth > 0) {
    const inner = fc.array(stepArb(o, depth - 1), { minLength: 1, maxLength: 2 });
    add(arbs, true, 'catch', 2, w, fc.record({ k: fc.constant('catch' as const), body: inner, swallow: fc.boolean() }));
    add(arbs, true, 'finally', 2, w, inner.map((body) => ({ k: 'finally' as const, body })));
  }
  return fc.oneof(...arbs);
}

function actionArb(o: Required<ScopeForestOptions>): fc.Arbitrary<ActionPlan> {
  const arbs: Array<fc.WeightedArbitrary<ActionPlan>> = [];
  const w = o.weights.actions;
  add(arbs, true, 'cancel', 3, w, ref.map((r) => ({ k: 'cancel' as const, ref: r })));
  add(arbs, true, 'scope.cancel', 4, w, ref.map((r) => ({ k: 'scope.cancel' as const, ref: r })));
  add(arbs, true, 'scope.dispose', 2, w, ref.map((r) => ({ k: 'scope.dispose' as const, ref: r })));
  add(arbs, true, 'scope.disposeSafely', 2, w, ref.map((r) => ({ k: 'scope.disposeSafely' as const, ref: r })));
  add(arbs, o.timeouts, 'await', 2, w, fc.record({ k: fc.constant('await' as const), ref, ms: msArb }));
  add(arbs, o.finallyHandlers, 'onFinally', 1, w, ref.map((r) => ({ k: 'onFinally' as const, ref: r })));
  add(arbs, o.queries, 'query', 3, w, fc.record({ k: fc.constant('query' as const), ref, scope: fc.boolean() }));
  add(arbs, o.shutdown, 'shutdown', 1, w, fc.constant({ k: 'shutdown' as const }));
  return fc.oneof(...arbs);
}

function withDefaults(options: ScopeForestOptions): Required<ScopeForestOptions> {
  return {
    safety: 'mixed', throws: true, protect: true, selfCancel: false, awaits: true, shutdown: false, queries: false,
    timeouts: true, finallyHandlers: true, maxCoroutines: 8, maxActions: 5, audit: true, queriesAfter: false, weights: {}, ...options,
  };
}

/** The plan arbitrary of {@link scopeForestScenario}. */
export function forestPlanArb(options: ScopeForestOptions = {}): fc.Arbitrary<ForestPlan> {
  const o = withDefaults(options);
  const safeArb = o.safety === 'mixed' ? fc.boolean() : fc.constant(o.safety === 'safe');
  const finArb = o.finallyHandlers ? fc.boolean() : fc.constant(false);
  return fc.record({
    scopes: fc.array(fc.record({ parent: fc.option(ref, { nil: null, freq: 3 }), safe: safeArb, fin: finArb }), { minLength: 1, maxLength: 6 }),
    coroutines: fc.array(
      fc.record({ scope: ref, body: fc.array(stepArb(o, 2), { minLength: 1, maxLength: 4 }), fin: finArb }),
      { minLength: 1, maxLength: o.maxCoroutines },
    ),
    schedule: fc.array(
      fc.record({ gap: fc.oneof(fc.constant(0), msArb), action: actionArb(o) }),
      { minLength: 1, maxLength: o.maxActions },
    ),
  });
}

const PREDICATES: CoroutineQuery[] = ['isCancelled', 'isCancellationRequested', 'isCompleted', 'isSuspended'];

/** Turn a plan into a valid scenario (deterministic; see the module remarks for the shape). */
export function buildForestScenario(plan: ForestPlan, options: ScopeForestOptions = {}): Scenario {
  const o = withDefaults(options);
  const main: Program = [];
  // Scopes: depth ≤ 4, fan-out ≤ 3; an impossible parent makes a root.
  const scopes: Array<{ id: string; depth: number; children: number }> = [];
  plan.scopes.forEach((s, i) => {
    const id = `s${i + 1}`;
    let parent = s.parent === null || i === 0 ? -1 : s.parent % i;
    if (parent >= 0 && (scopes[parent].depth >= 4 || scopes[parent].children >= 3)) parent = -1;
    if (parent >= 0) {
      scopes[parent].children++;
      main.push({ op: 'scope.inherit', id, parent: scopes[parent].id });
    } else main.push({ op: 'scope.new', id });
    scopes.push({ id, depth: parent >= 0 ? scopes[parent].depth + 1 : 1, children: 0 });
    main.push({ op: s.safe ? 'scope.allowZombies' : 'scope.asNotSafely', scope: id });
  });
  let handler = 0;
  plan.scopes.forEach((s, i) => {
    if (s.fin) main.push({ op: 'onFinally', target: scopes[i].id, handler: `h${++handler}` });
  });
  // Coroutines: ≤ 4 per scope; a full scope passes the coroutine on to the next one with room.
  const perScope = scopes.map(() => 0);
  const ids: string[] = [];
  for (const c of plan.coroutines) {
    let k = c.scope % scopes.length;
    for (let n = 0; n < scopes.length && perScope[k] >= 4; n++) k = (k + 1) % scopes.length;
    if (perScope[k] >= 4) continue;
    perScope[k]++;
    const id = `c${ids.length + 1}`;
    const earlier = [...ids];
    const body = buildSteps(c.body, id, earlier, () => `h${++handler}`);
    ids.push(id);
    main.push({ op: 'spawn', id, scope: scopes[k].id, body });
    if (c.fin) {
      const h = `h${++handler}`;
      main.push({ op: 'log', value: onFinallyMarker(id, h) }, { op: 'onFinally', target: id, handler: h });
    }
  }
  const spawnedInto = (scope: string): string[] => main.flatMap((i) => (i.op === 'spawn' && i.scope === scope ? [i.id] : []));
  plan.schedule.forEach(({ gap, action }, n) => {
    const instrs = buildAction(action, n + 1, ids, scopes.map((s) => s.id), () => `h${++handler}`, o);
    if (instrs.length === 0) return;
    if (gap > 0) main.push({ op: 'delay', ms: gap });
    main.push(...instrs);
    if (!o.queriesAfter) return;
    const first = instrs[0];
    const reached =
      first.op === 'cancel' ? [first.target]
        : first.op === 'scope.cancel' || first.op === 'scope.dispose' || first.op === 'scope.disposeSafely' ? spawnedInto(first.scope)
          : [];
    for (const id of reached) for (const what of PREDICATES) main.push({ op: 'query', target: id, what });
  });
  if (o.audit) {
    main.push({ op: 'delay', ms: AUDIT_DELAY });
    for (const s of scopes) main.push({ op: 'query', target: s.id, what: 'isCancelled' }, { op: 'query', target: s.id, what: 'isClosed' });
    for (const id of ids) for (const what of PREDICATES) main.push({ op: 'query', target: id, what });
  }
  return { version: 1, main };
}

function buildSteps(steps: StepPlan[], self: string, earlier: string[], nextHandler: () => string): Program {
  const out: Program = [];
  for (const s of steps) {
    switch (s.k) {
      case 'suspend':
        out.push({ op: 'suspend' });
        break;
      case 'delay':
        out.push({ op: 'delay', ms: s.ms });
        break;
      case 'await':
        if (earlier.length === 0) out.push({ op: 'suspend' });
        else out.push(...markedAwait({ op: 'await', target: { coroutine: earlier[s.ref % earlier.length] } }));
        break;
      case 'protect':
        out.push({
          op: 'protect',
          body: [
            { op: 'log', value: PROTECT_ENTER },
            ...s.body.map((x): Instruction => (x.k === 'suspend' ? { op: 'suspend' } : { op: 'delay', ms: x.ms })),
            { op: 'log', value: PROTECT_LEAVE },
          ],
        });
        break;
      case 'catch':
        out.push({
          op: 'try',
          body: buildSteps(s.body, self, earlier, nextHandler),
          catch: [{ class: 'Async\\AsyncCancellation', body: s.swallow ? [{ op: 'log', value: SWALLOW }] : [{ op: 'log', value: RETHROW }, { op: 'rethrow' }] }],
        });
        break;
      case 'finally':
        out.push({ op: 'try', body: buildSteps(s.body, self, earlier, nextHandler), finally: [{ op: 'log', value: FINALLY_LOG }] });
        break;
      case 'return':
        out.push({ op: 'return', value: s.value });
        return out;
      case 'throw':
        out.push({ op: 'log', value: throwMarker(s.error.class) }, { op: 'throw', error: s.error });
        return out;
      case 'selfCancel':
        out.push({ op: 'cancel', target: 'self', reason: `self-${self}` });
        break;
      case 'onFinallySelf': {
        const h = nextHandler();
        out.push({ op: 'log', value: onFinallyMarker(self, h) }, { op: 'onFinally', target: 'self', handler: h });
        break;
      }
    }
  }
  return out;
}

function buildAction(
  a: ActionPlan, n: number, coroutines: string[], scopes: string[], nextHandler: () => string, o: Required<ScopeForestOptions>,
): Instruction[] {
  const co = (r: Ref): string | undefined => (coroutines.length === 0 ? undefined : coroutines[r % coroutines.length]);
  const scope = (r: Ref): string => scopes[r % scopes.length];
  switch (a.k) {
    case 'cancel': {
      const c = co(a.ref);
      return c ? [{ op: 'cancel', target: c, reason: `r${n}` }] : [];
    }
    case 'scope.cancel':
      return [{ op: 'scope.cancel', scope: scope(a.ref), reason: `sr${n}` }];
    case 'scope.dispose':
    case 'scope.disposeSafely':
      return [{ op: a.k, scope: scope(a.ref) }];
    case 'await': {
      const c = co(a.ref);
      return c ? [guarded(markedAwait({ op: 'await', target: { coroutine: c }, timeoutMs: a.ms }))] : [];
    }
    case 'onFinally': {
      const c = co(a.ref);
      if (!c) return [];
      const h = nextHandler();
      return [{ op: 'log', value: onFinallyMarker(c, h) }, { op: 'onFinally', target: c, handler: h }];
    }
    case 'query': {
      if (a.scope) return [{ op: 'query', target: scope(a.ref), what: 'isCancelled' }, { op: 'query', target: scope(a.ref), what: 'isClosed' }];
      const c = co(a.ref);
      return c ? PREDICATES.map((what): Instruction => ({ op: 'query', target: c, what })) : [];
    }
    case 'shutdown':
      return o.shutdown ? [{ op: 'shutdown' }] : [];
  }
}

/**
 * The cancellation-invariant arbitrary: a random scope forest with coroutines and main's
 * schedule of external actions (see the module remarks).
 *
 * @param options - which features to use, so a property can focus.
 */
export function scopeForestScenario(options: ScopeForestOptions = {}): fc.Arbitrary<Scenario> {
  return forestPlanArb(options).map((plan) => buildForestScenario(plan, options));
}

/** The structure of a forest scenario, read back from `main` (it holds no more than the scenario does). */
export interface Forest {
  /** Scope ids in creation order. */
  scopes: string[];
  /** Parent of each scope (`null` for a root). */
  parent: Map<string, string | null>;
  /** Safe flag of each scope after `main` set it (flags are set right after creation and never change). */
  safe: Map<string, boolean>;
  /** Scope finally handlers registered by `main`: scope → handler ids. */
  scopeFinally: Map<string, string[]>;
  /** Coroutine ids in spawn order. */
  coroutines: string[];
  /** The scope each coroutine was spawned into. */
  scopeOf: Map<string, string>;
}

/**
 * Read the scope tree, the safe flags, the scope finally handlers and the
 * spawn scopes from `main`'s top-level instructions.
 */
export function forestOf(scenario: Scenario): Forest {
  const f: Forest = { scopes: [], parent: new Map(), safe: new Map(), scopeFinally: new Map(), coroutines: [], scopeOf: new Map() };
  for (const i of scenario.main) {
    if (i.op === 'scope.new' || i.op === 'scope.inherit') {
      // `scope.inherit` without a parent inherits from main's scope, which is safe and never cancelled: a root here.
      const parent = i.op === 'scope.inherit' ? (i.parent ?? null) : null;
      f.scopes.push(i.id);
      f.parent.set(i.id, parent);
      f.safe.set(i.id, i.op === 'scope.new' ? false : parent === null ? true : (f.safe.get(parent) ?? false));
    } else if (i.op === 'scope.allowZombies' || i.op === 'scope.asNotSafely') f.safe.set(i.scope, i.op === 'scope.allowZombies');
    else if (i.op === 'onFinally' && f.parent.has(i.target)) f.scopeFinally.set(i.target, [...(f.scopeFinally.get(i.target) ?? []), i.handler]);
    else if (i.op === 'spawn') {
      f.coroutines.push(i.id);
      f.scopeOf.set(i.id, i.scope ?? '');
    }
  }
  return f;
}
