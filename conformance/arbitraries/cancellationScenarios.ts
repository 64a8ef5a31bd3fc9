/**
 * Focused arbitraries for the cancellation rules (CAN-1..CAN-12): catch
 * clauses meeting cancellations, the three cancel cases, self-cancel, reason
 * precedence, `protect` (flat and nested), uncaught cancellations in scopes,
 * predicate queries, tokens and timeouts, cleanup, system cancellations
 * through `protect`, and default messages.
 *
 * @remarks Besides the shared markers of `markers.ts`, these scenarios put
 * `can:` marker logs at block boundaries so that a check knows where a
 * coroutine is when an event happens (a trace does not say it):
 *
 * - `can:try:<n>` first and `can:try:<n>:end` last instruction of the body of
 *   `try` number `<n>`; `can:catch:<n>:<Class>` first instruction of each catch
 *   body; `can:finally:<n>` first instruction of the finally body;
 * - `can:protect:<n>` first and `can:protect:<n>:end` last instruction of a
 *   `protect` body; `can:after-protect:<n>` the instruction right after it;
 * - `can:awaitCompletion:<scope>` right before a `scope.awaitCompletion`.
 *
 * `<n>` is unique in the scenario. Nothing can run between a marker and the
 * next instruction of the same coroutine.
 * @module
 */
import * as fc from 'fast-check';
import type {
  AwaitInstruction, CatchClause, ErrorClass, ErrorValue, Instruction, Program, Scenario, TryInstruction,
} from '../../spec/system/scenario.js';
import { guarded } from './eventScenarios.js';
import { markedOnFinally } from './coroutineScenarios.js';
import { markedAwait, throwMarker } from './markers.js';
import { msArb, nonNullValueArb, plainErrorArb, reasonArb } from './values.js';

/** What a `can:` marker says. */
export type CanMarker =
  | { kind: 'try'; n: string }
  | { kind: 'try-end'; n: string }
  | { kind: 'catch'; n: string; cls: ErrorClass }
  | { kind: 'finally'; n: string }
  | { kind: 'protect'; n: string }
  | { kind: 'protect-end'; n: string }
  | { kind: 'after-protect'; n: string }
  | { kind: 'awaitCompletion'; scope: string };

/** Parse a `can:` marker, or `undefined`. */
export function parseCanMarker(value: unknown): CanMarker | undefined {
  if (typeof value !== 'string' || !value.startsWith('can:')) return undefined;
  const parts = value.slice(4).split(':');
  const [head, n] = parts;
  if (n === undefined) return undefined;
  if (head === 'try') return parts[2] === 'end' ? { kind: 'try-end', n } : { kind: 'try', n };
  if (head === 'catch' && parts.length >= 3) return { kind: 'catch', n, cls: parts.slice(2).join(':') as ErrorClass };
  if (head === 'finally') return { kind: 'finally', n };
  if (head === 'protect') return parts[2] === 'end' ? { kind: 'protect-end', n } : { kind: 'protect', n };
  if (head === 'after-protect') return { kind: 'after-protect', n };
  if (head === 'awaitCompletion') return { kind: 'awaitCompletion', scope: n };
  return undefined;
}

/** `undefined` three times out of four, else a value of `arb`. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** `undefined` or a value of `arb`, half and half. */
function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof(fc.constant(undefined), arb);
}

/** `log` of a marker string. */
const mark = (value: string): Instruction => ({ op: 'log', value });

/** Options of {@link markedTry}. */
export interface MarkedTryOptions {
  /** The catch clauses: class, and whether the clause rethrows after its marker. */
  catches?: Array<{ cls: ErrorClass; rethrow?: boolean }>;
  /** Whether there is a finally block (its body: the marker, then `extra`). */
  finally?: boolean;
  /** Instructions after the finally marker. */
  finallyExtra?: Program;
}

/** A `try` with `can:` markers around its body, at the head of each catch body and of its finally body. */
export function markedTry(n: string, body: Program, options: MarkedTryOptions = {}): TryInstruction {
  const instr: TryInstruction = { op: 'try', body: [mark(`can:try:${n}`), ...body, mark(`can:try:${n}:end`)] };
  if (options.catches && options.catches.length > 0) {
    instr.catch = options.catches.map((c): CatchClause => ({
      class: c.cls,
      body: c.rethrow ? [mark(`can:catch:${n}:${c.cls}`), { op: 'rethrow' }] : [mark(`can:catch:${n}:${c.cls}`)],
    }));
  }
  if (options.finally) instr.finally = [mark(`can:finally:${n}`), ...(options.finallyExtra ?? [])];
  return instr;
}

/** `protect` with `can:` markers at both ends of its body, followed by its after-marker. */
export function markedProtect(n: string, body: Program, tail: Program = []): Instruction[] {
  return [{ op: 'protect', body: [mark(`can:protect:${n}`), ...body, mark(`can:protect:${n}:end`), ...tail] }, mark(`can:after-protect:${n}`)];
}

const cancel = (target: string, reason?: string): Instruction => (reason === undefined ? { op: 'cancel', target } : { op: 'cancel', target, reason });

/** A small wait: where a cancellation can be thrown. */
type Wait = 'suspend' | 'delay' | 'trigger' | 'timer';

const waitArb = fc.constantFrom<Wait>('suspend', 'delay', 'delay', 'trigger', 'timer');

function waitInstr(w: Wait, ms: number): Instruction[] {
  if (w === 'suspend') return [{ op: 'suspend' }];
  if (w === 'delay') return [{ op: 'delay', ms }];
  if (w === 'trigger') return markedAwait({ op: 'await', target: { trigger: 't1' } });
  return markedAwait({ op: 'await', target: { timer: ms } });
}

/** The steps main interleaves: yield, wait, cancel a coroutine. */
type MainStep = { k: 'suspend' } | { k: 'delay'; ms: number } | { k: 'cancel'; ref: number; reason: string | undefined } | { k: 'fire' };

const mainStepArb = (cancelWeight = 3): fc.Arbitrary<MainStep> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant({ k: 'suspend' as const }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 8 }).map((ms) => ({ k: 'delay' as const, ms })) },
    { weight: cancelWeight, arbitrary: fc.record({ k: fc.constant('cancel' as const), ref: fc.nat({ max: 3 }), reason: reasonArb }) },
    { weight: 1, arbitrary: fc.constant({ k: 'fire' as const }) },
  );

function mainSteps(steps: MainStep[], ids: string[]): Program {
  return steps.flatMap((s): Instruction[] => {
    if (s.k === 'suspend') return [{ op: 'suspend' }];
    if (s.k === 'delay') return [{ op: 'delay', ms: s.ms }];
    if (s.k === 'fire') return [{ op: 'trigger.fire', id: 't1', value: 'fired' }];
    return ids.length === 0 ? [] : [cancel(ids[s.ref % ids.length], s.reason)];
  });
}

const ALL_CATCH: ErrorClass[] = [
  'Exception', 'Error', 'RuntimeException', 'LogicException', 'Async\\AsyncException', 'Async\\TimeoutException',
  'Throwable', 'Cancellation', 'Async\\AsyncCancellation', 'Async\\OperationCanceledException',
];

/** What is thrown (or awaited) inside the innermost try of {@link tryScenario}. */
type Inner = Wait | 'timeout' | 'throwCancellation' | 'throwOCE' | 'throwPlain';

const innerArb = fc.oneof(
  { weight: 6, arbitrary: waitArb as fc.Arbitrary<Inner> },
  { weight: 2, arbitrary: fc.constant<Inner>('timeout') },
  { weight: 1, arbitrary: fc.constantFrom<Inner>('throwCancellation', 'throwOCE', 'throwPlain') },
);

function innerInstr(w: Inner, ms: number, error: ErrorValue): Instruction[] {
  if (w === 'timeout') return markedAwait({ op: 'await', target: { trigger: 't1' }, timeoutMs: Math.min(ms, 5) });
  if (w === 'throwCancellation') return [{ op: 'throw', error: { class: 'Async\\AsyncCancellation', message: 'manual' } }];
  if (w === 'throwOCE') return [{ op: 'throw', error: { class: 'Async\\OperationCanceledException', message: 'manual' } }];
  if (w === 'throwPlain') return [{ op: 'throw', error }];
  return waitInstr(w, ms);
}

/** Options of {@link tryScenario}. */
export interface TryScenarioOptions {
  /** Chance weight of a finally block per try. @defaultValue 1 */
  finallyWeight?: number;
  /** Whether main registers `onFinally` handlers and may cancel before the coroutines start. @defaultValue false */
  onFinally?: boolean;
}

/**
 * One or two coroutines whose bodies nest two marked `try` statements around
 * a wait (suspend, delay, trigger, timer, a timeout that fires) or a throw
 * (a cancellation, an `OperationCanceledException`, an ordinary error); the
 * catch clauses are a random choice of ordinary and cancellation classes,
 * some rethrow; finally blocks are marked. Main cancels the coroutines while
 * they wait (sometimes before they start, sometimes twice), may shut down,
 * may register finally handlers on them (CAN-1, CAN-10).
 *
 * @param options - finally weight and onFinally handlers.
 */
export function tryScenario(options: TryScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const fw = options.finallyWeight ?? 1;
  const clausesArb = fc.subarray(ALL_CATCH, { maxLength: 3 }).chain((classes) =>
    fc.shuffledSubarray(classes, { minLength: classes.length, maxLength: classes.length }).chain((order) =>
      fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), { minLength: order.length, maxLength: order.length })
        .map((rethrows) => order.map((cls, i) => ({ cls, rethrow: rethrows[i] }))),
    ),
  );
  const finArb = fc.oneof({ weight: fw, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
  const coArb = fc.record({
    inner: innerArb, ms: msArb, error: plainErrorArb,
    innerCatch: clausesArb, innerFinally: finArb,
    outer: fc.boolean(), outerCatch: clausesArb, outerFinally: finArb,
    after: fc.option(waitArb, { nil: undefined }),
    handlers: fc.integer({ min: 0, max: 2 }),
  });
  return fc
    .record({
      cos: fc.array(coArb, { minLength: 1, maxLength: 2 }),
      early: fc.array(fc.record({ ref: fc.nat({ max: 1 }), reason: reasonArb }), { maxLength: options.onFinally ? 2 : 1 }),
      steps: fc.array(mainStepArb(), { maxLength: 5 }),
      shutdown: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ cos, early, steps, shutdown }) => {
      const ids = cos.map((_, i) => ['a', 'b'][i]);
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      let handler = 0;
      cos.forEach((c, i) => {
        const id = ids[i];
        const inner = markedTry(`${id}2`, innerInstr(c.inner, c.ms, c.error), { catches: c.innerCatch, finally: c.innerFinally });
        let body: Program = [inner];
        if (c.after) body.push(...waitInstr(c.after, c.ms));
        if (c.outer) body = [markedTry(`${id}1`, body, { catches: c.outerCatch, finally: c.outerFinally })];
        body.push({ op: 'log', value: `${id} done` });
        main.push({ op: 'spawn', id, body });
        if (options.onFinally) for (let k = 0; k < c.handlers; k++) main.push(...markedOnFinally(id, 'main', `h${++handler}`));
      });
      main.push(...early.map((e) => cancel(ids[e.ref % ids.length], e.reason)));
      main.push(...mainSteps(steps, ids));
      if (shutdown) main.push({ op: 'shutdown' });
      return { version: 1 as const, main };
    });
}

/**
 * The three cancel cases (CAN-2): a coroutine cancelled before it starts
 * (then awaited and queried), one cancelled while parked on a suspend, a
 * delay, a trigger, a future, a timer or another coroutine, and one
 * cancelled after it finished (queried, cancelled, queried and awaited
 * again). At least one case is present; some are cancelled twice.
 */
export function cancelThreeWaysScenario(): fc.Arbitrary<Scenario> {
  const parkArb = fc.constantFrom('suspend', 'delay', 'trigger', 'future', 'timer', 'coroutine');
  return fc
    .record({
      notStarted: fc.option(fc.record({ reason: reasonArb, twice: fc.boolean(), handler: fc.boolean() }), { nil: undefined }),
      parked: fc.option(fc.record({ park: parkArb, reason: reasonArb, twice: fc.boolean(), guard: fc.boolean(), yields: fc.integer({ min: 1, max: 2 }), ms: msArb }), { nil: undefined }),
      done: fc.option(fc.record({ value: nonNullValueArb, error: maybe(plainErrorArb), reason: reasonArb }), { nil: undefined }),
    })
    .filter((r) => r.notStarted !== undefined || r.parked !== undefined || r.done !== undefined)
    .map(({ notStarted, parked, done }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'future.new', id: 'f1' }];
      const awaitA = (id: string): Instruction => guarded(markedAwait({ op: 'await', target: { coroutine: id } }));
      if (done) {
        main.push({ op: 'spawn', id: 'c', body: [done.error ? { op: 'throw', error: done.error } : { op: 'return', value: done.value }] });
        main.push(awaitA('c'));
        const qs: Instruction[] = (['isCancelled', 'isCompleted', 'getResult', 'getException'] as const).map((what) => ({ op: 'query', target: 'c', what }));
        main.push(...qs, cancel('c', done.reason), ...qs, awaitA('c'));
      }
      if (parked) {
        const park: Instruction[] =
          parked.park === 'suspend' ? [{ op: 'suspend' }, { op: 'suspend' }, { op: 'suspend' }]
            : parked.park === 'delay' ? [{ op: 'delay', ms: 30 }]
              : parked.park === 'trigger' ? markedAwait({ op: 'await', target: { trigger: 't1' } })
                : parked.park === 'future' ? markedAwait({ op: 'await', target: { future: 'f1' } })
                  : parked.park === 'timer' ? markedAwait({ op: 'await', target: { timer: 30 } })
                    : markedAwait({ op: 'await', target: { coroutine: 'w' } });
        if (parked.park === 'coroutine') main.push({ op: 'spawn', id: 'w', body: [{ op: 'delay', ms: 40 }, { op: 'return', value: 'w' }] });
        const body: Program = [{ op: 'log', value: 'b parks' }, ...(parked.guard ? [guarded(park)] : park), { op: 'log', value: 'b goes on' }];
        main.push({ op: 'spawn', id: 'b', body });
        for (let k = 0; k < parked.yields; k++) main.push({ op: 'suspend' });
        if (parked.park === 'delay' || parked.park === 'timer') main.push({ op: 'delay', ms: Math.min(parked.ms, 10) });
        main.push(cancel('b', parked.reason));
        if (parked.twice) main.push(cancel('b', 'again'));
        main.push(awaitA('b'), { op: 'query', target: 'b', what: 'isCancelled' });
      }
      if (notStarted) {
        main.push({ op: 'spawn', id: 'a', body: [{ op: 'log', value: 'a ran' }, { op: 'return', value: 'a' }] });
        if (notStarted.handler) main.push(...markedOnFinally('a', 'main', 'h1'));
        main.push(cancel('a', notStarted.reason));
        if (notStarted.twice) main.push(cancel('a', 'again'));
        main.push({ op: 'query', target: 'a', what: 'isStarted' }, awaitA('a'), { op: 'query', target: 'a', what: 'isCancelled' });
      }
      main.push({ op: 'future.complete', id: 'f1', value: 'late' }, { op: 'trigger.fire', id: 't1', value: 'late' });
      return { version: 1 as const, main };
    });
}

/**
 * A coroutine (or main itself) cancels itself once or twice, then goes on:
 * logs, suspends, delays, awaits a timer, queries itself; it ends with a
 * return, by falling off its body, or by throwing a cancellation by hand.
 * Main may cancel it from outside while it waits, await it and query it
 * (CAN-3).
 */
export function selfCancelScenario(): fc.Arbitrary<Scenario> {
  const stepArb = fc.constantFrom<Instruction[]>(
    [{ op: 'log', value: 'going on' }],
    [{ op: 'suspend' }],
    [{ op: 'delay', ms: 2 }],
    markedAwait({ op: 'await', target: { timer: 3 } }),
    [{ op: 'query', target: 'self', what: 'isCancellationRequested' }],
  );
  return fc
    .record({
      before: fc.array(stepArb, { maxLength: 2 }),
      reasons: fc.array(reasonArb, { minLength: 1, maxLength: 2 }),
      after: fc.array(stepArb, { minLength: 1, maxLength: 4 }),
      end: fc.constantFrom('return', 'fall', 'throwCancellation', 'return'),
      value: nonNullValueArb,
      byMain: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
      external: maybe(fc.record({ yields: fc.integer({ min: 1, max: 3 }), reason: reasonArb })),
      awaited: fc.boolean(),
    })
    .map(({ before, reasons, after, end, value, byMain, external, awaited }) => {
      const self = byMain ? 'main' : 'a';
      const body: Program = [...before.flat(), ...reasons.map((r) => cancel('self', r)), { op: 'log', value: `${self} cancelled itself` }, ...after.flat()];
      if (end === 'return') body.push({ op: 'return', value });
      if (end === 'throwCancellation') body.push({ op: 'throw', error: { class: 'Async\\AsyncCancellation', message: 'manual' } });
      if (byMain) return { version: 1 as const, main: body };
      const main: Program = [{ op: 'spawn', id: 'a', body }];
      if (external) {
        for (let k = 0; k < external.yields; k++) main.push({ op: 'suspend' });
        main.push(cancel('a', external.reason));
      }
      if (awaited) main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } })));
      main.push({ op: 'delay', ms: 20 }, { op: 'query', target: 'a', what: 'isCancelled' });
      return { version: 1 as const, main };
    });
}

/** Steps of a coroutine in {@link precedenceScenario}. */
type PrecedenceStep = { k: 'wait'; w: Wait; ms: number } | { k: 'self'; reason: string | undefined } | { k: 'protect'; w: Wait; ms: number } | { k: 'log' };

/**
 * Reason precedence (CAN-4): a coroutine that never catches anything goes
 * through waits, self-cancels and `protect` blocks, sometimes inside a
 * top-level `try` whose finally throws an ordinary exception (marked with a
 * throw marker); main yields or waits, then cancels one coroutine in a burst
 * of up to three distinct reasons (so that several cancels reach a coroutine while it waits, is
 * protected or has not started), and sometimes shuts down.
 */
export function precedenceScenario(): fc.Arbitrary<Scenario> {
  const stepArb: fc.Arbitrary<PrecedenceStep> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('wait' as const), w: waitArb, ms: msArb }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('self' as const), reason: reasonArb }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('protect' as const), w: waitArb, ms: msArb }) },
    { weight: 1, arbitrary: fc.constant({ k: 'log' as const }) },
  );
  const coArb = fc.record({ steps: fc.array(stepArb, { minLength: 1, maxLength: 4 }), unwindThrow: rarely(plainErrorArb) });
  const phaseArb = fc.record({
    wait: fc.constantFrom<'suspend' | 'delay' | 'fire' | 'none'>('suspend', 'suspend', 'delay', 'fire', 'none'),
    ms: fc.integer({ min: 1, max: 8 }),
    ref: fc.nat({ max: 1 }),
    burst: fc.shuffledSubarray(['r1', 'r2', 'r3', 'default'], { maxLength: 3 }),
  });
  return fc
    .record({
      cos: fc.array(coArb, { minLength: 1, maxLength: 2 }),
      phases: fc.array(phaseArb, { minLength: 1, maxLength: 4 }),
      shutdown: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ cos, phases, shutdown }) => {
      const ids = cos.map((_, i) => ['a', 'b'][i]);
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      let p = 0;
      cos.forEach((c, i) => {
        const id = ids[i];
        let body: Program = c.steps.flatMap((s): Instruction[] => {
          if (s.k === 'wait') return waitInstr(s.w, s.ms);
          if (s.k === 'self') return [cancel('self', s.reason)];
          if (s.k === 'protect') return markedProtect(`${id}${++p}`, waitInstr(s.w, s.ms));
          return [{ op: 'log', value: `${id} step` }];
        });
        if (c.unwindThrow) {
          body = [{ op: 'try', body, finally: [{ op: 'log', value: throwMarker(c.unwindThrow.class) }, { op: 'throw', error: c.unwindThrow }] }];
        }
        main.push({ op: 'spawn', id, body });
      });
      for (const ph of phases) {
        if (ph.wait === 'suspend') main.push({ op: 'suspend' });
        if (ph.wait === 'delay') main.push({ op: 'delay', ms: ph.ms });
        if (ph.wait === 'fire') main.push({ op: 'suspend' }, { op: 'trigger.fire', id: 't1', value: 'fired' });
        main.push(...ph.burst.map((r) => cancel(ids[ph.ref % ids.length], r === 'default' ? undefined : r)));
      }
      if (shutdown) main.push({ op: 'shutdown' });
      return { version: 1 as const, main };
    });
}

/** One step inside a protect body of {@link protectScenario}. */
const protectStepArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('wait' as const), w: fc.constantFrom<Wait>('suspend', 'delay', 'timer'), ms: msArb }) },
  { weight: 2, arbitrary: fc.constant({ k: 'query' as const }) },
);

function protectSteps(steps: Array<{ k: 'wait'; w: Wait; ms: number } | { k: 'query' }>): Program {
  return steps.flatMap((s): Instruction[] =>
    s.k === 'query'
      ? [{ op: 'query', target: 'self', what: 'isCancellationRequested' }, { op: 'query', target: 'self', what: 'isCancelled' }]
      : waitInstr(s.w, s.ms),
  );
}

/**
 * `protect` (CAN-5): a coroutine runs one or two marked `protect` blocks
 * (waits and self-queries inside; in two blocks of three the body ends with
 * a throw), sometimes guarded by a catch-all; main, usually after yielding
 * once, cancels it (once or several times;
 * in one scenario out of five never) while it waits inside or outside the
 * blocks, and queries it.
 */
export function protectScenario(): fc.Arbitrary<Scenario> {
  const blockArb = fc.record({
    steps: fc.array(protectStepArb, { minLength: 1, maxLength: 3 }),
    // A throw at the end of the block while a cancellation is deferred is the case CAN-5 is most about: twice as likely as none.
    throws: fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: plainErrorArb }),
    guard: fc.boolean(),
    gap: fc.option(fc.constantFrom<Wait>('suspend', 'delay'), { nil: undefined }),
  });
  const mainArb = fc.oneof(
    { weight: 3, arbitrary: mainStepArb(4) },
    { weight: 1, arbitrary: fc.constant({ k: 'query' as const }) },
  );
  return fc
    .record({
      blocks: fc.array(blockArb, { minLength: 1, maxLength: 2 }), steps: fc.array(mainArb, { minLength: 1, maxLength: 6 }),
      spare: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      // Main usually yields once first, so that a cancellation finds the coroutine inside a block, not before it starts.
      lead: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map(({ blocks, steps, spare, lead }) => {
      const body: Program = [{ op: 'log', value: 'a starts' }];
      blocks.forEach((b, i) => {
        if (b.gap) body.push(...waitInstr(b.gap, 2));
        const tail: Program = b.throws ? [{ op: 'throw', error: b.throws }] : [];
        const block = markedProtect(`a${i + 1}`, protectSteps(b.steps), tail);
        body.push(...(b.guard ? [guarded(block)] : block));
      });
      body.push({ op: 'log', value: 'a ends' });
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'spawn', id: 'a', body }, ...(lead ? [{ op: 'suspend' } as const] : [])];
      for (const s of steps) {
        if (s.k === 'query') main.push({ op: 'query', target: 'a', what: 'isCancellationRequested' }, { op: 'query', target: 'a', what: 'isCancelled' });
        else if (!(spare && s.k === 'cancel')) main.push(...mainSteps([s], ['a']));
      }
      main.push({ op: 'delay', ms: 30 }, { op: 'query', target: 'a', what: 'isCancelled' });
      return { version: 1 as const, main };
    });
}

/**
 * Nested `protect` (CAN-6): an outer block with waits before and after an
 * inner block that waits too; main cancels the coroutine once (or never)
 * at a random moment — before, during or after the inner block.
 */
export function nestedProtectScenario(): fc.Arbitrary<Scenario> {
  const w = fc.constantFrom<Wait>('suspend', 'delay');
  return fc
    .record({
      before: fc.option(w, { nil: undefined }), inner: w, after: fc.option(w, { nil: undefined }),
      ms: msArb, guard: fc.boolean(), yields: fc.integer({ min: 0, max: 4 }), delay: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
      cancels: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), reason: reasonArb,
    })
    .map(({ before, inner, after, ms, guard, yields, delay, cancels, reason }) => {
      const innerBlock = markedProtect('a2', waitInstr(inner, ms));
      const outerBody: Program = [...(before ? waitInstr(before, ms) : []), ...innerBlock, ...(after ? waitInstr(after, ms) : [])];
      const outer = markedProtect('a1', outerBody);
      const body: Program = [...(guard ? [guarded(outer)] : outer), { op: 'log', value: 'a ends' }];
      const main: Program = [{ op: 'spawn', id: 'a', body }];
      for (let k = 0; k < yields; k++) main.push({ op: 'suspend' });
      if (delay !== undefined) main.push({ op: 'delay', ms: delay });
      if (cancels) main.push(cancel('a', reason));
      return { version: 1 as const, main };
    });
}

/**
 * Uncaught cancellations (CAN-7): two coroutines share a not-safe scope
 * (sometimes with an exception handler); one is cancelled while it waits,
 * or throws a cancellation by hand, or catches the cancellation and returns
 * a value; its sibling and a coroutine of the main scope go on. Main awaits
 * and queries the cancelled one and the scope; sometimes main cancels
 * itself at the end.
 */
export function uncaughtCancellationScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      handler: fc.option(fc.constantFrom<'swallow' | 'rethrow'>('swallow', 'rethrow'), { nil: undefined }),
      how: fc.constantFrom('cancelled', 'cancelled', 'thrown', 'swallowed'),
      wait: fc.constantFrom<Wait>('suspend', 'delay', 'trigger'),
      reason: reasonArb, value: nonNullValueArb,
      siblingMs: fc.integer({ min: 1, max: 15 }), other: fc.boolean(),
      awaited: fc.boolean(), mainSelf: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ handler, how, wait, reason, value, siblingMs, other, awaited, mainSelf }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'scope.new', id: 's1' }];
      if (handler) main.push({ op: 'scope.setExceptionHandler', scope: 's1', handler: 'h1', action: handler });
      const waitA = waitInstr(wait, 20);
      let aBody: Program;
      if (how === 'thrown') aBody = [{ op: 'suspend' }, { op: 'throw', error: { class: 'Async\\AsyncCancellation', message: 'manual' } }];
      else if (how === 'swallowed') aBody = [{ op: 'try', body: waitA, catch: [{ class: 'Async\\AsyncCancellation', body: [{ op: 'log', value: 'a swallowed it' }] }] }, { op: 'return', value }];
      else aBody = [...waitA, { op: 'return', value }];
      main.push({ op: 'spawn', id: 'a', scope: 's1', body: aBody });
      main.push({ op: 'spawn', id: 'b', scope: 's1', body: [{ op: 'suspend' }, { op: 'delay', ms: siblingMs }, { op: 'log', value: 'b goes on' }, { op: 'return', value: 'b' }] });
      if (other) main.push({ op: 'spawn', id: 'c', body: [{ op: 'delay', ms: 3 }, { op: 'return', value: 'c' }] });
      main.push({ op: 'suspend' });
      if (how !== 'thrown') main.push(cancel('a', reason));
      if (awaited) main.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'a' } })));
      else main.push({ op: 'delay', ms: 2 });
      main.push(
        { op: 'query', target: 'a', what: 'isCancelled' }, { op: 'query', target: 'a', what: 'getResult' },
        { op: 'query', target: 's1', what: 'isCancelled' },
        guarded(markedAwait({ op: 'await', target: { coroutine: 'b' } })), { op: 'query', target: 's1', what: 'isCancelled' },
      );
      if (mainSelf) main.push(cancel('self'), { op: 'log', value: 'main goes on' });
      return { version: 1 as const, main };
    });
}

/**
 * Predicates (CAN-8): two coroutines wait, cancel themselves, run guarded
 * `protect` blocks (waits inside are guarded too) and query themselves;
 * main cancels them and asks both predicates at random moments, then after
 * they finished.
 */
export function predicateScenario(): fc.Arbitrary<Scenario> {
  const q = (target: string): Instruction[] => [
    { op: 'query', target, what: 'isCancellationRequested' }, { op: 'query', target, what: 'isCancelled' },
  ];
  const stepArb = fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('wait' as const), w: fc.constantFrom<Wait>('suspend', 'delay', 'timer'), ms: msArb }) },
    { weight: 1, arbitrary: fc.constant({ k: 'self' as const }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('protect' as const), w: fc.constantFrom<Wait>('suspend', 'delay'), ms: msArb }) },
    { weight: 2, arbitrary: fc.constant({ k: 'query' as const }) },
  );
  const mainArb: fc.Arbitrary<MainStep | { k: 'query'; ref: number }> = fc.oneof(
    { weight: 3, arbitrary: mainStepArb(3) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('query' as const), ref: fc.nat({ max: 1 }) }) },
  );
  return fc
    .record({ cos: fc.array(fc.array(stepArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 2 }), steps: fc.array(mainArb, { maxLength: 7 }) })
    .map(({ cos, steps }) => {
      const ids = cos.map((_, i) => ['a', 'b'][i]);
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      let p = 0;
      cos.forEach((plan, i) => {
        const id = ids[i];
        const body: Program = [...q('self')];
        for (const s of plan) {
          if (s.k === 'wait') body.push(guarded(waitInstr(s.w, s.ms)));
          else if (s.k === 'self') body.push(cancel('self'));
          else if (s.k === 'query') body.push(...q('self'));
          else body.push(guarded(markedProtect(`${id}${++p}`, [...q('self'), guarded(waitInstr(s.w, s.ms)), ...q('self')])));
          body.push(...q('self'));
        }
        main.push({ op: 'spawn', id, body }, ...q(id));
      });
      for (const s of steps) {
        if (s.k === 'query') main.push(...q(ids[s.ref % ids.length]));
        else main.push(...mainSteps([s], ids));
      }
      main.push({ op: 'delay', ms: 40 }, ...ids.flatMap(q), ...q('self'));
      return { version: 1 as const, main };
    });
}

/**
 * Tokens and timeouts (CAN-9): a coroutine `x` finishes after a delay
 * (value or error); another awaits it with `timeoutMs`, or with a trigger,
 * future or coroutine token that a helper fires, closes, completes or fails
 * at some time; sometimes the token is closed before the await, sometimes
 * `x` finished before too. The waiter then awaits `x` again and queries it.
 */
export function tokenScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      xMs: fc.integer({ min: 1, max: 12 }), xError: rarely(plainErrorArb), value: nonNullValueArb,
      token: fc.constantFrom('timeout', 'trigger', 'future', 'coroutine'),
      how: fc.constantFrom('fire', 'close', 'complete', 'fail', 'fail'),
      tokenMs: fc.integer({ min: 0, max: 12 }),
      order: fc.constantFrom('pending', 'pending', 'tokenClosed', 'tokenClosed', 'bothDone'),
      error: plainErrorArb, target: fc.constantFrom('coroutine', 'future'),
    })
    .map(({ xMs, xError, value, token, how, tokenMs, order, error, target }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }, { op: 'future.new', id: 'f1' }, { op: 'future.new', id: 'f2' }];
      const xEnd: Instruction = xError ? { op: 'throw', error: xError } : { op: 'return', value };
      main.push({ op: 'spawn', id: 'x', body: [{ op: 'delay', ms: xMs }, xEnd] });
      if (target === 'future') main.push({ op: 'spawn', id: 'y', body: [{ op: 'delay', ms: xMs }, xError ? { op: 'future.fail', id: 'f2', error: xError } : { op: 'future.complete', id: 'f2', value }] });
      const fireToken: Instruction[] =
        token === 'trigger' ? [how === 'close' || how === 'fail' ? { op: 'trigger.close', id: 't1' } : { op: 'trigger.fire', id: 't1', value: 'tok' }]
          : token === 'future' ? [how === 'fail' || how === 'close' ? { op: 'future.fail', id: 'f1', error } : { op: 'future.complete', id: 'f1', value: 'tok' }]
            : [];
      if (token === 'coroutine') {
        main.push({ op: 'spawn', id: 'k', body: [{ op: 'delay', ms: Math.max(tokenMs, 1) }, how === 'fail' || how === 'close' ? { op: 'throw', error } : { op: 'return', value: 'tok' }] });
      } else if (token !== 'timeout' && order === 'pending') {
        main.push({ op: 'spawn', id: 'k', body: [{ op: 'delay', ms: Math.max(tokenMs, 1) }, ...fireToken] });
      }
      const tgt = target === 'coroutine' ? { coroutine: 'x' } : { future: 'f2' };
      const tokenTarget = token === 'trigger' ? { trigger: 't1' } : token === 'future' ? { future: 'f1' } : { coroutine: 'k' };
      const tokenAwait: AwaitInstruction = token === 'timeout' ? { op: 'await', target: tgt, timeoutMs: tokenMs } : { op: 'await', target: tgt, cancellation: tokenTarget };
      const plain: AwaitInstruction = { op: 'await', target: tgt };
      const wBody: Program = [];
      if (order === 'bothDone') wBody.push(guarded(markedAwait(plain)));
      if (order !== 'pending') {
        if (token === 'coroutine') wBody.push(guarded(markedAwait({ op: 'await', target: { coroutine: 'k' } })));
        else wBody.push(...fireToken);
      }
      wBody.push(guarded(markedAwait(tokenAwait)), guarded(markedAwait(plain)));
      if (target === 'coroutine') wBody.push({ op: 'query', target: 'x', what: 'isCancelled' });
      main.push({ op: 'spawn', id: 'w', body: wBody });
      return { version: 1 as const, main };
    });
}

/**
 * Cleanup on cancellation (CAN-10): {@link tryScenario} with finally blocks
 * in most tries and finally handlers registered by main, some of them on
 * coroutines cancelled before they start.
 */
export function cleanupScenario(): fc.Arbitrary<Scenario> {
  return tryScenario({ finallyWeight: 3, onFinally: true });
}

/**
 * System cancellations through `protect` (CAN-11): coroutines wait inside
 * marked `protect` blocks (on a delay, a suspend or a trigger nobody fires);
 * main may cancel them first (deferred), then shuts down, fails, or simply
 * ends so that the waiters deadlock.
 */
export function systemCancelScenario(): fc.Arbitrary<Scenario> {
  const coArb = fc.record({ w: fc.constantFrom<Wait>('delay', 'trigger', 'trigger', 'suspend'), ms: fc.integer({ min: 5, max: 30 }), guard: fc.boolean(), pre: fc.boolean() });
  return fc
    .record({
      cos: fc.array(coArb, { minLength: 1, maxLength: 2 }),
      deferred: fc.array(fc.record({ ref: fc.nat({ max: 1 }), reason: reasonArb }), { maxLength: 2 }),
      end: fc.constantFrom('shutdown', 'shutdown', 'fail', 'deadlock'),
      yields: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ cos, deferred, end, yields }) => {
      const ids = cos.map((_, i) => ['a', 'b'][i]);
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      cos.forEach((c, i) => {
        const id = ids[i];
        const wait = c.w === 'suspend' ? [{ op: 'suspend' as const }, { op: 'suspend' as const }, { op: 'suspend' as const }] : waitInstr(c.w, c.ms);
        const block = markedProtect(`${id}1`, wait);
        main.push({ op: 'spawn', id, body: [...(c.pre ? [{ op: 'suspend' as const }] : []), ...(c.guard ? [guarded(block)] : block), { op: 'log', value: `${id} ends` }] });
      });
      for (let k = 0; k < yields; k++) main.push({ op: 'suspend' });
      main.push(...deferred.map((d) => cancel(ids[d.ref % ids.length], d.reason)));
      if (end === 'shutdown') main.push({ op: 'shutdown' });
      if (end === 'fail') main.push({ op: 'throw', error: { class: 'RuntimeException', message: 'main failed' } });
      return { version: 1 as const, main };
    });
}

/**
 * Default messages (CAN-12): every cancellation source without an explicit
 * reason — `cancel`, `scope.cancel`, `dispose`, `disposeAfterTimeout`,
 * fail-together of a scope (siblings and a child scope), deadlock, graceful
 * shutdown — hits a coroutine waiting on a delay or a trigger; main also
 * calls `awaitCompletion` on a cancelled scope.
 */
export function defaultMessageScenario(): fc.Arbitrary<Scenario> {
  const sourceArb = fc.constantFrom('cancel', 'scope.cancel', 'scope.dispose', 'timeout', 'failTogether', 'deadlock', 'shutdown');
  return fc
    .record({
      sources: fc.uniqueArray(sourceArb, { minLength: 1, maxLength: 3 }),
      wait: fc.constantFrom<Wait>('delay', 'trigger'),
      awaitCompletion: fc.boolean(),
    })
    .map(({ sources, wait, awaitCompletion }) => {
      const main: Program = [{ op: 'trigger.new', id: 't1' }];
      const waiting = (): Program => (wait === 'delay' ? [{ op: 'delay', ms: 30 }] : markedAwait({ op: 'await', target: { trigger: 't1' } }));
      const late: Program = [];
      let n = 0;
      const spawnWaiter = (scope?: string): string => {
        const id = `c${++n}`;
        main.push(scope ? { op: 'spawn', id, scope, body: [guarded(waiting())] } : { op: 'spawn', id, body: [guarded(waiting())] });
        return id;
      };
      for (const s of sources) {
        if (s === 'cancel') late.push(cancel(spawnWaiter()));
        else if (s === 'scope.cancel' || s === 'scope.dispose') {
          const scope = s === 'scope.cancel' ? 'sc' : 'sd';
          main.push({ op: 'scope.new', id: scope });
          spawnWaiter(scope);
          late.push(s === 'scope.cancel' ? { op: 'scope.cancel', scope } : { op: 'scope.dispose', scope });
          if (s === 'scope.cancel' && awaitCompletion) {
            late.push(
              { op: 'query', target: scope, what: 'isCancelled' }, { op: 'query', target: scope, what: 'isClosed' },
              { op: 'log', value: `can:awaitCompletion:${scope}` },
              guarded([{ op: 'scope.awaitCompletion', scope, timeoutMs: 5 }]),
            );
          }
        } else if (s === 'timeout') {
          main.push({ op: 'scope.new', id: 'st' });
          spawnWaiter('st');
          main.push({ op: 'scope.disposeAfterTimeout', scope: 'st', ms: 4 });
        } else if (s === 'failTogether') {
          main.push({ op: 'scope.new', id: 'sf' }, { op: 'scope.inherit', id: 'sfc', parent: 'sf' });
          spawnWaiter('sf');
          spawnWaiter('sfc');
          main.push({ op: 'spawn', id: 'boom', scope: 'sf', body: [{ op: 'suspend' }, { op: 'throw', error: { class: 'RuntimeException', message: 'boom' } }] });
        } else if (s === 'deadlock') {
          main.push({ op: 'spawn', id: 'dl', body: [guarded(markedAwait({ op: 'await', target: { trigger: 't1' } }))] });
        } else {
          spawnWaiter();
          late.push({ op: 'shutdown' });
        }
      }
      main.push({ op: 'suspend' }, { op: 'suspend' }, ...late);
      if (wait === 'trigger' && !sources.includes('deadlock')) main.push({ op: 'delay', ms: 10 }, { op: 'trigger.fire', id: 't1', value: 'late' });
      return { version: 1 as const, main };
    });
}
