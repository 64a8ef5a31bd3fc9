/**
 * Focused arbitraries for the scope rules (SCP-1..SCP-20): scope trees and
 * their cancellation cascades, safe flags and zombies, coroutines that never
 * started, the close/dispose life cycle, `disposeAfterTimeout`, waiting on
 * scopes, fail-together with exception handlers, and self-cancellation.
 *
 * @remarks A trace does not say which scope instruction ran, nor when
 * (scope instructions emit nothing, or a `scopeCancel` that does not say who
 * asked). So every scope instruction and every `spawn` of these scenarios is
 * preceded by a *scope-op marker*: a `log` whose value is `scope-op:` and
 * the instruction as JSON (a spawn without its body). Nothing runs between
 * the marker and the instruction, so a check that reads the marker knows
 * what the acting coroutine does next. Instructions that may throw are also
 * wrapped in a `try` that catches `Throwable`, so the error shows as a
 * `caught` event right after the marker. `onFinally` on a scope uses the
 * shared `onFinally:<scope>:<handler>` marker of `markers.ts`.
 *
 * Scenarios stay small (at most four scopes, six coroutines) and never wait
 * on something that cannot happen, so no deadlock or shutdown interferes.
 * @module
 */
import * as fc from 'fast-check';
import type {
  ErrorValue, HandlerSpec, Instruction, Program, Scenario, SpawnInstruction, TokenTarget,
} from '../../spec/system/scenario.js';
import { guarded } from './eventScenarios.js';
import { markedOnFinally } from './coroutineScenarios.js';
import { throwMarker } from './markers.js';
import { plainErrorArb } from './values.js';

/** Prefix of a scope-op marker. */
export const SCOPE_OP_PREFIX = 'scope-op:';

/** A marked instruction as its marker describes it: a spawn loses its body. */
export type ScopeOp = Exclude<Instruction, SpawnInstruction> | Omit<SpawnInstruction, 'body'>;

/** The marker string of a scope instruction or spawn. */
export function scopeOpMarker(instr: Instruction): string {
  if (instr.op === 'spawn') {
    const { body, ...rest } = instr;
    void body;
    return SCOPE_OP_PREFIX + JSON.stringify(rest);
  }
  return SCOPE_OP_PREFIX + JSON.stringify(instr);
}

/** Parse a scope-op marker, or `undefined` if `value` is not one. */
export function parseScopeOpMarker(value: unknown): ScopeOp | undefined {
  if (typeof value !== 'string' || !value.startsWith(SCOPE_OP_PREFIX)) return undefined;
  try {
    const op = JSON.parse(value.slice(SCOPE_OP_PREFIX.length)) as ScopeOp;
    return typeof op === 'object' && op !== null && typeof op.op === 'string' ? op : undefined;
  } catch {
    return undefined;
  }
}

/** `[marker, instr]`. */
export function marked(instr: Instruction): Instruction[] {
  return [{ op: 'log', value: scopeOpMarker(instr) }, instr];
}

/** `[marker, try { instr } catch (Throwable) {}]`: an instruction that may throw. */
export function markedGuarded(instr: Instruction): Instruction[] {
  return [{ op: 'log', value: scopeOpMarker(instr) }, guarded([instr])];
}

/** How a coroutine body waits. */
export type SleeperStyle = 'plain' | 'catch' | 'linger';

/**
 * A coroutine body that sleeps `ms`: `plain` fails with a cancellation,
 * `catch` swallows it and completes, `linger` catches it and runs on for
 * 3 ms more (so its scope is not drained right after the cancel).
 */
export function sleeper(id: string, ms: number, style: SleeperStyle): Program {
  const end: Instruction = { op: 'log', value: `end:${id}` };
  if (style === 'plain') return [{ op: 'delay', ms }, end];
  if (style === 'catch') return [guarded([{ op: 'delay', ms }]), end];
  return [{ op: 'try', body: [{ op: 'delay', ms }], catch: [{ class: 'Cancellation', body: [{ op: 'delay', ms: 3 }, { op: 'log', value: `lingered:${id}` }] }] }, end];
}

/** A marked spawn into a scope (`scope` omitted = the spawner's own scope). */
export function markedSpawn(id: string, scope: string | undefined, body: Program): Instruction[] {
  const instr: SpawnInstruction = scope === undefined ? { op: 'spawn', id, body } : { op: 'spawn', id, scope, body };
  return markedGuarded(instr);
}

/** How a scope is made: a root, or inherited from the acting coroutine's scope or a given parent. */
type Making = { kind: 'new' } | { kind: 'inherit'; parent?: string };

function makeScope(id: string, how: Making): Instruction[] {
  if (how.kind === 'new') return marked({ op: 'scope.new', id });
  return markedGuarded(how.parent === undefined ? { op: 'scope.inherit', id } : { op: 'scope.inherit', id, parent: how.parent });
}

type Flag = 'none' | 'asNotSafely' | 'allowZombies';
const flagArb = fc.constantFrom<Flag>('none', 'none', 'asNotSafely', 'allowZombies');

function flagOp(scope: string, flag: Flag): Instruction[] {
  return flag === 'none' ? [] : markedGuarded({ op: `scope.${flag}`, scope });
}

type CloseOp = 'cancel' | 'cancelReason' | 'dispose' | 'disposeSafely';

function closeOp(scope: string, op: CloseOp, reason = 'r1'): Instruction[] {
  if (op === 'cancel') return marked({ op: 'scope.cancel', scope });
  if (op === 'cancelReason') return marked({ op: 'scope.cancel', scope, reason });
  return marked({ op: op === 'dispose' ? 'scope.dispose' : 'scope.disposeSafely', scope });
}

const styleArb = fc.constantFrom<SleeperStyle>('plain', 'catch');

const SCOPE_IDS = ['S', 'T', 'U', 'V'];

/**
 * A tree of two to four scopes (roots from `scope.new`, the others
 * inherited from an earlier one), each with one or two sleeping coroutines;
 * sometimes a coroutine inherits a scope `K` from its own scope (parent
 * omitted) and spawns into it. Main lets them start, then cancels one or two
 * scopes with distinct reasons, querying `isCancelled` of every scope after
 * each cancel and at the end (SCP-1, SCP-4).
 *
 * @param options - `zombies`: sometimes make one scope safe (flag
 * `allowZombies`) before the cancels.
 */
export function scopeTreeScenario(options: { zombies?: boolean } = {}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      parents: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 1, maxLength: 3 }),
      counts: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 4, maxLength: 4 }),
      styles: fc.array(styleArb, { minLength: 8, maxLength: 8 }),
      inner: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      late: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      cancels: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 2 }),
      zombie: options.zombies ? fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ parents, counts, styles, inner, late, cancels, zombie }) => {
      const n = parents.length + 1;
      const ids = SCOPE_IDS.slice(0, n);
      const main: Program = [...makeScope('S', { kind: 'new' })];
      parents.forEach((p, k) => {
        const i = k + 1;
        main.push(...makeScope(ids[i], p < 0 || p >= i ? { kind: 'new' } : { kind: 'inherit', parent: ids[p] }));
      });
      if (zombie !== undefined) main.push(...flagOp(ids[zombie % n], 'allowZombies'));
      let s = 0;
      const innerScope = inner === undefined ? undefined : ids[inner % n];
      const all = [...ids];
      ids.forEach((scope, i) => {
        for (let k = 1; k <= counts[i]; k++) {
          const id = `${scope.toLowerCase()}${k}`;
          let body = sleeper(id, 50, styles[s++ % styles.length]);
          if (scope === innerScope && k === 1) {
            body = [...makeScope('K', { kind: 'inherit' }), ...markedSpawn('kk', 'K', sleeper('kk', 50, 'catch')), ...body];
          }
          main.push(...markedSpawn(id, scope, body));
        }
      });
      if (innerScope !== undefined) all.push('K');
      main.push({ op: 'suspend' });
      if (late !== undefined) main.push(...markedSpawn('late', ids[late % n], [{ op: 'log', value: 'ran:late' }]));
      const queries = (): Instruction[] => all.map((scope): Instruction => ({ op: 'query', target: scope, what: 'isCancelled' }));
      cancels.forEach((c, k) => {
        main.push(...marked({ op: 'scope.cancel', scope: all[c % all.length], reason: `r${k + 1}` }), ...queries());
      });
      main.push({ op: 'delay', ms: 80 }, ...queries());
      return { version: 1 as const, main };
    });
}

/** How the scope under test gets its safe flag in {@link safetyScenario}. */
type SafetyShape = {
  parent: 'none' | 'new' | 'inherit-main';
  parentFlag: Flag;
  self: 'new' | 'inherit-main' | 'inherit-parent';
  flags: Flag[];
  child: boolean;
  childFlag: Flag;
};

const safetyShapeArb: fc.Arbitrary<SafetyShape> = fc.record({
  parent: fc.constantFrom<SafetyShape['parent']>('none', 'new', 'inherit-main'),
  parentFlag: flagArb,
  self: fc.constantFrom<SafetyShape['self']>('new', 'inherit-main', 'inherit-parent', 'inherit-parent'),
  flags: fc.array(flagArb, { maxLength: 2 }),
  child: fc.boolean(),
  childFlag: flagArb,
});

/** The instructions that make `P` (maybe), `S` and (maybe) `C` with their flags. */
function safetyScopes(shape: SafetyShape): Instruction[] {
  const out: Instruction[] = [];
  const hasParent = shape.parent !== 'none';
  if (hasParent) {
    out.push(...makeScope('P', shape.parent === 'new' ? { kind: 'new' } : { kind: 'inherit' }), ...flagOp('P', shape.parentFlag));
  }
  const self = shape.self === 'inherit-parent' && !hasParent ? 'inherit-main' : shape.self;
  out.push(...makeScope('S', self === 'new' ? { kind: 'new' } : self === 'inherit-main' ? { kind: 'inherit' } : { kind: 'inherit', parent: 'P' }));
  for (const f of shape.flags) out.push(...flagOp('S', f));
  if (shape.child) out.push(...makeScope('C', { kind: 'inherit', parent: 'S' }), ...flagOp('C', shape.childFlag));
  return out;
}

/**
 * A scope `S` whose safe flag comes from `new`, `inherit()` from main's
 * scope or from a parent `P`, then `asNotSafely`/`allowZombies`; maybe a child
 * `C` with a flag of its own; sleeping coroutines in `S` (and `C`) that log
 * after their delay; maybe one not started yet. Main closes `S` with
 * `cancel`, `dispose` or `disposeSafely` (SCP-2, SCP-6, SCP-10).
 *
 * @param ops - the close operations to choose from.
 */
export function safetyScenario(ops: CloseOp[] = ['cancel', 'cancelReason', 'dispose', 'disposeSafely']): fc.Arbitrary<Scenario> {
  return fc
    .record({
      shape: safetyShapeArb,
      inS: fc.array(styleArb, { minLength: 1, maxLength: 2 }),
      inC: fc.array(styleArb, { maxLength: 1 }),
      late: fc.boolean(),
      op: fc.constantFrom(...ops),
      target: fc.constantFrom('S', 'S', 'P'),
    })
    .map(({ shape, inS, inC, late, op, target }) => {
      const main: Program = safetyScopes(shape);
      inS.forEach((style, k) => main.push(...markedSpawn(`s${k + 1}`, 'S', sleeper(`s${k + 1}`, 10, style))));
      if (shape.child) inC.forEach((style, k) => main.push(...markedSpawn(`c${k + 1}`, 'C', sleeper(`c${k + 1}`, 10, style))));
      main.push({ op: 'suspend' });
      if (late) main.push(...markedSpawn('late', 'S', [{ op: 'log', value: 'ran:late' }]));
      main.push(...closeOp(target === 'P' && shape.parent !== 'none' ? 'P' : 'S', op), { op: 'delay', ms: 30 });
      return { version: 1 as const, main };
    });
}

/**
 * Coroutines spawned into a scope `S` (or its child `C`) that have not run
 * when main closes `S` — in safe and in unsafe scopes — next to a started
 * one (SCP-5).
 */
export function unstartedScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      shape: safetyShapeArb,
      started: fc.boolean(),
      fresh: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
      op: fc.constantFrom<CloseOp>('cancel', 'cancelReason', 'dispose', 'disposeSafely'),
      after: fc.constantFrom('none', 'suspend', 'delay'),
    })
    .map(({ shape, started, fresh, op, after }) => {
      const main: Program = safetyScopes(shape);
      if (started) main.push(...markedSpawn('s0', 'S', sleeper('s0', 10, 'catch')), { op: 'suspend' });
      fresh.forEach((inChild, k) => {
        const id = `n${k + 1}`;
        main.push(...markedSpawn(id, inChild && shape.child ? 'C' : 'S', [{ op: 'log', value: `ran:${id}` }, { op: 'delay', ms: 2 }, { op: 'log', value: `end:${id}` }]));
      });
      main.push(...closeOp('S', op));
      if (after === 'suspend') main.push({ op: 'suspend' });
      if (after === 'delay') main.push({ op: 'delay', ms: 20 });
      return { version: 1 as const, main };
    });
}

/** One step of main in {@link lifecycleScenario}. */
type LifeStep =
  | 'cancel' | 'dispose' | 'disposeSafely' | 'cancelC' | 'spawn' | 'query' | 'queryC' | 'onFinally' | 'suspend' | 'delay'
  | 'inherit' | 'handler' | 'flag' | 'awaitCompletion' | 'awaitAfterCancellation' | 'timeout';

/** Weights of the steps of {@link lifecycleScenario}. */
export type LifeWeights = Partial<Record<LifeStep, number>>;

/** Shape options of {@link lifecycleScenario}. */
export interface LifeOptions {
  /** Always give `S` a child `C` with a sleeping coroutine, and `S` at most one of its own. */
  busyChild?: boolean;
  /** In about half of the scenarios, start the walk by cancelling `S` and waiting until it is disposed. */
  disposeFirst?: boolean;
}

const DEFAULT_LIFE: Record<LifeStep, number> = {
  cancel: 3, dispose: 2, disposeSafely: 2, cancelC: 1, spawn: 2, query: 3, queryC: 1, onFinally: 2, suspend: 2, delay: 2,
  inherit: 1, handler: 1, flag: 1, awaitCompletion: 1, awaitAfterCancellation: 1, timeout: 0,
};

const lifeStyleArb = fc.constantFrom<SleeperStyle | 'lingerSpawn'>('plain', 'catch', 'linger', 'linger', 'lingerSpawn');

/**
 * The life cycle of one scope `S` (maybe with a child `C`): coroutines that
 * sleep, swallow or linger after a cancellation (one may try to spawn into
 * its own, maybe closed, scope), finally handlers, and a random walk of main
 * over cancel / dispose / disposeSafely, spawns into `S`, queries,
 * `onFinally`, `inherit` from `S`, handler and flag setters, scope waits,
 * suspends and delays (SCP-3, SCP-7, SCP-8, SCP-9, SCP-16, SCP-19).
 *
 * @param weights - step weights overriding the defaults.
 */
export function lifecycleScenario(weights: LifeWeights = {}, options: LifeOptions = {}): fc.Arbitrary<Scenario> {
  const w = { ...DEFAULT_LIFE, ...weights };
  const stepArb = fc.oneof(
    ...(Object.keys(w) as LifeStep[]).filter((k) => w[k] > 0).map((k) => ({ weight: w[k], arbitrary: fc.constant(k) })),
  );
  return fc
    .record({
      self: fc.constantFrom<'new' | 'inherit-main'>('new', 'new', 'inherit-main'),
      flag: flagArb,
      child: options.busyChild ? fc.constant(true) : fc.boolean(),
      inS: fc.array(fc.tuple(lifeStyleArb, fc.constantFrom(2, 8)), { maxLength: options.busyChild ? 1 : 2 }),
      inC: fc.array(fc.tuple(styleArb, fc.constantFrom(2, 8)), { minLength: options.busyChild ? 1 : 0, maxLength: 1 }),
      handlers: fc.integer({ min: 0, max: 2 }),
      disposeFirst: options.disposeFirst ? fc.boolean() : fc.constant(false),
      steps: fc.array(fc.tuple(stepArb, fc.integer({ min: 1, max: 9 })), { minLength: 2, maxLength: 7 }),
    })
    .map(({ self, flag, child, inS, inC, handlers, disposeFirst, steps }) => {
      const main: Program = [...makeScope('S', self === 'new' ? { kind: 'new' } : { kind: 'inherit' }), ...flagOp('S', flag)];
      if (child) main.push(...makeScope('C', { kind: 'inherit', parent: 'S' }));
      let h = 0;
      let n = 0;
      for (let k = 0; k < handlers; k++) main.push(...markedOnFinally('S', 'main', `h${++h}`));
      inS.forEach(([style, ms], k) => {
        const id = `s${k + 1}`;
        const body = style === 'lingerSpawn'
          ? [{ op: 'try' as const, body: [{ op: 'delay' as const, ms }], catch: [{ class: 'Cancellation' as const, body: [{ op: 'delay' as const, ms: 1 }, ...markedSpawn(`${id}x`, undefined, [{ op: 'log', value: `ran:${id}x` }])] }] }]
          : sleeper(id, ms, style);
        main.push(...markedSpawn(id, 'S', body));
      });
      if (child) inC.forEach(([style, ms], k) => main.push(...markedSpawn(`c${k + 1}`, 'C', sleeper(`c${k + 1}`, ms, style))));
      if (disposeFirst) main.push(...closeOp('S', 'disposeSafely'), { op: 'delay', ms: 12 });
      for (const [step, x] of steps) {
        switch (step) {
          case 'cancel': main.push(...closeOp('S', x % 2 === 0 ? 'cancel' : 'cancelReason', `r${x}`)); break;
          case 'dispose': main.push(...closeOp('S', 'dispose')); break;
          case 'disposeSafely': main.push(...closeOp('S', 'disposeSafely')); break;
          case 'cancelC': if (child) main.push(...closeOp('C', 'cancel')); break;
          case 'spawn': main.push(...markedSpawn(`n${++n}`, x % 3 === 0 && child ? 'C' : 'S', [{ op: 'log', value: `ran:n${n}` }, { op: 'delay', ms: 1 + (x % 3) }])); break;
          case 'query': for (const what of ['isCancelled', 'isClosed', 'isFinished'] as const) main.push({ op: 'query', target: 'S', what }); break;
          case 'queryC': if (child) for (const what of ['isCancelled', 'isClosed', 'isFinished'] as const) main.push({ op: 'query', target: 'C', what }); break;
          case 'onFinally': main.push(...markedOnFinally('S', 'main', `h${++h}`)); break;
          case 'suspend': main.push({ op: 'suspend' }); break;
          case 'delay': main.push({ op: 'delay', ms: x }); break;
          case 'inherit': main.push(...makeScope(`I${++n}`, { kind: 'inherit', parent: 'S' })); break;
          case 'handler': main.push(...markedGuarded({ op: x % 2 === 0 ? 'scope.setExceptionHandler' : 'scope.setChildScopeExceptionHandler', scope: 'S', handler: `x${x}`, action: 'swallow' })); break;
          case 'flag': main.push(...flagOp('S', x % 2 === 0 ? 'asNotSafely' : 'allowZombies')); break;
          case 'awaitCompletion': main.push(...markedGuarded({ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: x })); break;
          case 'awaitAfterCancellation': main.push(...markedGuarded(x % 2 === 0 ? { op: 'scope.awaitAfterCancellation', scope: 'S', timeoutMs: x } : { op: 'scope.awaitAfterCancellation', scope: 'S' })); break;
          case 'timeout': main.push(...marked({ op: 'scope.disposeAfterTimeout', scope: 'S', ms: x })); break;
        }
      }
      main.push({ op: 'delay', ms: 20 });
      for (const what of ['isCancelled', 'isClosed', 'isFinished'] as const) main.push({ op: 'query', target: 'S', what });
      return { version: 1 as const, main };
    });
}

/**
 * `disposeAfterTimeout` on a scope `S` with sleeping coroutines (some
 * finishing before the timer, some after), maybe a child scope (maybe
 * empty), and on an empty scope `E`; main then suspends, waits or ends at
 * once (SCP-11).
 */
export function timeoutScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      self: fc.constantFrom<'new' | 'inherit-main'>('new', 'inherit-main'),
      flag: flagArb,
      inS: fc.array(fc.tuple(styleArb, fc.constantFrom(3, 30)), { maxLength: 2 }),
      child: fc.constantFrom('none', 'empty', 'busy'),
      ms: fc.integer({ min: 1, max: 20 }),
      empty: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      before: fc.constantFrom('none', 'suspend'),
      after: fc.constantFrom('none', 'delay', 'query'),
    })
    .map(({ self, flag, inS, child, ms, empty, before, after }) => {
      const main: Program = [...makeScope('S', self === 'new' ? { kind: 'new' } : { kind: 'inherit' }), ...flagOp('S', flag)];
      if (child !== 'none') main.push(...makeScope('C', { kind: 'inherit', parent: 'S' }));
      if (child === 'busy') main.push(...markedSpawn('c1', 'C', sleeper('c1', 30, 'catch')));
      inS.forEach(([style, d], k) => main.push(...markedSpawn(`s${k + 1}`, 'S', sleeper(`s${k + 1}`, d, style))));
      if (before === 'suspend') main.push({ op: 'suspend' });
      main.push(...marked({ op: 'scope.disposeAfterTimeout', scope: 'S', ms }));
      if (empty !== undefined) main.push(...makeScope('E', { kind: 'new' }), ...marked({ op: 'scope.disposeAfterTimeout', scope: 'E', ms: empty }));
      if (after === 'delay') main.push({ op: 'delay', ms: 25 });
      if (after === 'query') main.push({ op: 'delay', ms: ms + 1 }, { op: 'query', target: 'S', what: 'isCancelled' });
      return { version: 1 as const, main };
    });
}

/** A scope wait with its token, as generated. */
type WaitSpec = {
  /** Main waits itself (else a coroutine `w<n>` of main's scope does). */
  byMain: boolean;
  kind: 'completion' | 'drain';
  scope: 'S' | 'C';
  token: 'timeout' | 'trigger' | 'future' | 'none';
  ms: number;
};

function waitInstr(w: WaitSpec): Instruction {
  if (w.kind === 'drain') {
    return w.token === 'timeout' ? { op: 'scope.awaitAfterCancellation', scope: w.scope, timeoutMs: w.ms } : { op: 'scope.awaitAfterCancellation', scope: w.scope };
  }
  const cancellation: TokenTarget | undefined = w.token === 'trigger' ? { trigger: 'tk' } : w.token === 'future' ? { future: 'fu' } : undefined;
  return cancellation ? { op: 'scope.awaitCompletion', scope: w.scope, cancellation } : { op: 'scope.awaitCompletion', scope: w.scope, timeoutMs: w.ms };
}

/**
 * Waiting on scopes: a scope `S` with a child `C`, coroutines of different
 * lengths in both, and waiters in main's scope (main itself and coroutines
 * `w1`, `w2`) calling `awaitCompletion` (timeout, trigger or future token)
 * or `awaitAfterCancellation` on `S` or `C`, before or after main cancels
 * or safely disposes one of them, and maybe a later cancel while they still
 * wait; a coroutine inside `C` may try to await `S`; a token controller
 * fires or settles the token (SCP-12, SCP-13, SCP-15, SCP-18).
 *
 * @param options - `zombies`: make zombies likely (safe scopes, disposeSafely
 *   of `C`, at least one coroutine in `C`) and waits for the drain more likely;
 *   `drain` (with `zombies`): focus on draining — a safe tree, coroutines
 *   started in four cases of five, a cancel (of `S` in three cases of six, of
 *   `C` in one) or a safe disposal of `C` in five cases of six, and four
 *   waits in five for the drain.
 */
export function scopeWaitScenario(options: { zombies?: boolean; drain?: boolean } = {}): fc.Arbitrary<Scenario> {
  const drain = options.zombies === true && options.drain === true;
  const waitArb = fc.record({
    byMain: fc.boolean(),
    // With zombies, waiting for the drain (awaitAfterCancellation) is what they test: two waits in three.
    kind: drain ? fc.constantFrom<WaitSpec['kind']>('completion', 'drain', 'drain', 'drain', 'drain')
      : options.zombies ? fc.constantFrom<WaitSpec['kind']>('completion', 'drain', 'drain') : fc.constantFrom<WaitSpec['kind']>('completion', 'completion', 'drain'),
    scope: fc.constantFrom<WaitSpec['scope']>('S', 'S', 'C'),
    token: fc.constantFrom<WaitSpec['token']>('timeout', 'timeout', 'trigger', 'future', 'none'),
    ms: fc.integer({ min: 1, max: 40 }),
  });
  return fc
    .record({
      safe: drain ? fc.constant(true) : options.zombies ? fc.constantFrom(true, true, false) : fc.constantFrom(false, false, true),
      inS: fc.array(fc.constantFrom(2, 6, 12), { maxLength: 2 }),
      inC: fc.array(fc.constantFrom(3, 8, 25), { minLength: options.zombies ? 1 : 0, maxLength: 2 }),
      inner: fc.boolean(),
      pre: drain ? fc.constantFrom('none', 'cancelS', 'cancelS', 'cancelS', 'disposeSafelyC', 'cancelC')
        : options.zombies
        ? fc.constantFrom('none', 'disposeSafelyC', 'disposeSafelyC', 'cancelC', 'cancelS')
        : fc.constantFrom('none', 'none', 'cancelS', 'cancelC', 'disposeSafelyC'),
      when: fc.constantFrom('before', 'after'),
      started: drain ? fc.constantFrom(true, true, true, true, false) : fc.constantFrom(true, true, false),
      waits: fc.array(waitArb, { minLength: 1, maxLength: 3 }),
      control: fc.constantFrom('none', 'fire', 'complete', 'fail'),
      controlAt: fc.integer({ min: 1, max: 30 }),
      cancelLater: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    })
    .map(({ safe, inS, inC, inner, pre, when, started, waits, control, controlAt, cancelLater }) => {
      const main: Program = [
        { op: 'trigger.new', id: 'tk' }, { op: 'future.new', id: 'fu' },
        ...makeScope('S', safe ? { kind: 'inherit' } : { kind: 'new' }),
        ...makeScope('C', { kind: 'inherit', parent: 'S' }),
      ];
      inS.forEach((ms, k) => main.push(...markedSpawn(`s${k + 1}`, 'S', sleeper(`s${k + 1}`, ms, 'plain'))));
      inC.forEach((ms, k) => main.push(...markedSpawn(`c${k + 1}`, 'C', sleeper(`c${k + 1}`, ms, 'catch'))));
      if (inner) main.push(...markedSpawn('in', 'C', [...markedGuarded({ op: 'scope.awaitCompletion', scope: 'S', timeoutMs: 4 }), { op: 'delay', ms: 2 }]));
      if (control !== 'none') {
        const act: Instruction = control === 'fire' ? { op: 'trigger.fire', id: 'tk', value: 'go' }
          : control === 'complete' ? { op: 'future.complete', id: 'fu', value: 'go' }
          : { op: 'future.fail', id: 'fu', error: { class: 'LogicException', message: 'token' } };
        main.push({ op: 'spawn', id: 'tc', body: [{ op: 'delay', ms: controlAt }, act] });
      }
      const waitOps = (w: WaitSpec): Instruction[] => [...markedGuarded(waitInstr(w)), { op: 'log', value: 'waited' }];
      const [first, ...others] = waits;
      const mainWaits = first.byMain ? waitOps(first) : [];
      (first.byMain ? others : waits).forEach((w, k) => main.push({ op: 'spawn', id: `w${k + 1}`, body: waitOps(w) }));
      if (started) main.push({ op: 'suspend' });
      const preOps: Instruction[] = pre === 'cancelS' ? marked({ op: 'scope.cancel', scope: 'S' })
        : pre === 'cancelC' ? marked({ op: 'scope.cancel', scope: 'C' })
        : pre === 'disposeSafelyC' ? marked({ op: 'scope.disposeSafely', scope: 'C' }) : [];
      if (when === 'before') main.push(...mainWaits, ...preOps);
      else main.push(...preOps, ...mainWaits);
      if (cancelLater !== undefined) main.push({ op: 'delay', ms: cancelLater }, ...marked({ op: 'scope.cancel', scope: cancelLater % 2 === 0 ? 'S' : 'C', reason: 'late' }));
      main.push({ op: 'delay', ms: 50 });
      return { version: 1 as const, main };
    });
}

const handlerArb = fc.option(fc.record({ handler: fc.constantFrom('hA', 'hB'), action: fc.constantFrom<HandlerSpec['action']>('swallow', 'rethrow') }), { nil: undefined });

/**
 * Fail-together: in a scope `S` (maybe with a child `C`), one coroutine `f`
 * throws an ordinary exception (marked) after a short delay while its
 * siblings and the coroutines of `C` sleep; `S` and `C` may have exception
 * and child-scope handlers that swallow or rethrow; main may wait on a
 * scope (its waiter receives the error), await `f` (which handles the
 * error) or await a future `ft` that never settles with `f` as the
 * cancellation token (which does not handle it: only the awaited target
 * does, trace-semantics §6.5) (SCP-14).
 */
export function failTogetherScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      safe: fc.constantFrom(false, false, false, true),
      child: fc.boolean(),
      inChild: fc.boolean(),
      sHandler: handlerArb,
      sChildHandler: handlerArb,
      cHandler: handlerArb,
      siblings: fc.array(styleArb, { minLength: 1, maxLength: 2 }),
      cSiblings: fc.array(styleArb, { maxLength: 1 }),
      error: plainErrorArb,
      delay: fc.integer({ min: 1, max: 5 }),
      lateSibling: fc.boolean(),
      main: fc.constantFrom('delay', 'delay', 'awaitS', 'awaitC', 'awaitF', 'tokenF'),
    })
    .map((g) => {
      const main: Program = [...makeScope('S', g.safe ? { kind: 'inherit' } : { kind: 'new' })];
      if (g.child) main.push(...makeScope('C', { kind: 'inherit', parent: 'S' }));
      const set = (scope: string, op: 'scope.setExceptionHandler' | 'scope.setChildScopeExceptionHandler', h: HandlerSpec | undefined): void => {
        if (h) main.push(...markedGuarded({ op, scope, handler: `${h.handler}${scope}`, action: h.action }));
      };
      set('S', 'scope.setExceptionHandler', g.sHandler);
      set('S', 'scope.setChildScopeExceptionHandler', g.sChildHandler);
      if (g.child) set('C', 'scope.setExceptionHandler', g.cHandler);
      g.siblings.forEach((style, k) => main.push(...markedSpawn(`s${k + 1}`, 'S', sleeper(`s${k + 1}`, 30, style))));
      if (g.child) g.cSiblings.forEach((style, k) => main.push(...markedSpawn(`c${k + 1}`, 'C', sleeper(`c${k + 1}`, 30, style))));
      const failer: ErrorValue = g.error;
      const fBody: Program = [{ op: 'delay', ms: g.delay }];
      if (g.lateSibling) fBody.push(...markedSpawn('sl', undefined, sleeper('sl', 30, 'catch')));
      fBody.push({ op: 'log', value: throwMarker(failer.class) }, { op: 'throw', error: failer });
      main.push(...markedSpawn('f', g.child && g.inChild ? 'C' : 'S', fBody));
      if (g.main === 'awaitS' || (g.main === 'awaitC' && g.child)) {
        main.push(...markedGuarded({ op: 'scope.awaitCompletion', scope: g.main === 'awaitS' ? 'S' : 'C', timeoutMs: 40 }));
      } else if (g.main === 'awaitF') {
        main.push(guarded([{ op: 'await', target: { coroutine: 'f' } }]));
      } else if (g.main === 'tokenF') {
        main.push({ op: 'future.new', id: 'ft' }, guarded([{ op: 'await', target: { future: 'ft' }, cancellation: { coroutine: 'f' } }]));
      }
      main.push({ op: 'delay', ms: 40 });
      return { version: 1 as const, main };
    });
}

/**
 * Self-cancellation: a coroutine `a` in `S` (or in its child `C`) cancels,
 * disposes or safely disposes `S` (or its own `C`), then logs, suspends,
 * delays and returns; siblings sleep in `S` and `C` (SCP-20).
 */
export function selfCancelScopeScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      safe: fc.boolean(),
      child: fc.boolean(),
      aInChild: fc.boolean(),
      target: fc.constantFrom('S', 'S', 'own'),
      op: fc.constantFrom<CloseOp>('cancel', 'cancelReason', 'dispose', 'disposeSafely'),
      siblings: fc.array(styleArb, { maxLength: 2 }),
      rest: fc.array(fc.constantFrom<Instruction>({ op: 'suspend' }, { op: 'delay', ms: 2 }, { op: 'log', value: 'going on' }), { minLength: 1, maxLength: 3 }),
      end: fc.constantFrom('return', 'fallthrough'),
    })
    .map(({ safe, child, aInChild, target, op, siblings, rest, end }) => {
      const main: Program = [...makeScope('S', safe ? { kind: 'inherit' } : { kind: 'new' })];
      if (child) main.push(...makeScope('C', { kind: 'inherit', parent: 'S' }));
      const home = child && aInChild ? 'C' : 'S';
      const victim = target === 'own' ? home : 'S';
      siblings.forEach((style, k) => main.push(...markedSpawn(`s${k + 1}`, k === 1 && child ? 'C' : 'S', sleeper(`s${k + 1}`, 10, style))));
      const body: Program = [{ op: 'log', value: 'a:before' }, ...closeOp(victim, op, 'self'), { op: 'log', value: 'a:after' }, ...rest];
      if (end === 'return') body.push({ op: 'return', value: 'a' });
      main.push(...markedSpawn('a', home, body), { op: 'delay', ms: 20 });
      return { version: 1 as const, main };
    });
}
