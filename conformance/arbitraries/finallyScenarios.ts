/**
 * Scenarios that put coroutine `finally()` handlers (COR-7) and scope
 * `finally()` handlers (SCP-16) together: coroutines that suspend, sleep,
 * throw or return inside scopes that have finally handlers of their own,
 * and `main` cancelling, disposing or awaiting those scopes while the
 * coroutines' handlers are due. Every `onFinally` on a coroutine is
 * preceded by its marker `log` (see `markers.ts`); every
 * `scope.awaitCompletion` is followed by the log {@link awaitedLog}.
 * @module
 */
import fc from 'fast-check';
import type { Instruction, Program, Scenario } from '../../spec/system/scenario.js';
import { onFinallyMarker, throwMarker } from './markers.js';

/** The log `main` writes right after `scope.awaitCompletion` on `scope` returns or throws. */
export const awaitedLog = (scope: string): string => `awaited:${scope}`;

/** One step of a coroutine body: it suspends, sleeps `ms`, throws a `LogicException` or returns (the last two end the body). */
export type FinallyStep = { k: 'suspend' } | { k: 'delay'; ms: number } | { k: 'throw' } | { k: 'return' };
/** What `main` does to a scope: `scope.cancel`, `scope.dispose`, `scope.disposeSafely`, or `scope.awaitCompletion` with a 5 ms timeout. */
export type FinallyAction = 'cancel' | 'dispose' | 'disposeSafely' | 'awaitCompletion';

/** The plan a scenario is built from (shrinks to fewer scopes, coroutines and steps). */
export interface FinallyPlan {
  /** Scopes `s1…`: whether a later one inherits from `s1`, how many finally handlers `main` registers on it, its safe flag. */
  scopes: Array<{ inherit: boolean; handlers: number; safe: boolean }>;
  /** Coroutines `c1…`: their scope (an index, modulo the scopes), how many finally handlers `main` registers on them, their body. */
  coroutines: Array<{ scope: number; handlers: number; body: FinallyStep[] }>;
  /** What `main` then does, each after `gap` ms (0: no delay), to a scope (an index, modulo the scopes). */
  actions: Array<{ gap: number; scope: number; action: FinallyAction }>;
}

const stepArb: fc.Arbitrary<FinallyStep> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<FinallyStep>({ k: 'suspend' }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }).map((ms): FinallyStep => ({ k: 'delay', ms })) },
  { weight: 1, arbitrary: fc.constant<FinallyStep>({ k: 'throw' }) },
  { weight: 1, arbitrary: fc.constant<FinallyStep>({ k: 'return' }) },
);

/** The plan arbitrary: 1–3 scopes (a later one may inherit from the first), 1–4 coroutines, 1–3 actions of `main`. */
export function finallyPlanArb(): fc.Arbitrary<FinallyPlan> {
  return fc.record({
    scopes: fc.array(fc.record({ inherit: fc.boolean(), handlers: fc.nat({ max: 2 }), safe: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    coroutines: fc.array(
      fc.record({ scope: fc.nat({ max: 2 }), handlers: fc.integer({ min: 0, max: 2 }), body: fc.array(stepArb, { maxLength: 3 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    actions: fc.array(
      fc.record({
        gap: fc.nat({ max: 3 }),
        scope: fc.nat({ max: 2 }),
        action: fc.constantFrom<FinallyAction>('cancel', 'dispose', 'disposeSafely', 'awaitCompletion'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });
}

/**
 * Build the scenario of a plan.
 *
 * @param plan - the plan.
 * @returns a valid scenario.
 */
export function buildFinallyScenario(plan: FinallyPlan): Scenario {
  const main: Program = [];
  const scopes = plan.scopes.map((_, i) => `s${i + 1}`);
  let handler = 0;
  plan.scopes.forEach((s, i) => {
    main.push(i > 0 && s.inherit ? { op: 'scope.inherit', id: scopes[i], parent: scopes[0] } : { op: 'scope.new', id: scopes[i] });
    main.push({ op: s.safe ? 'scope.allowZombies' : 'scope.asNotSafely', scope: scopes[i] });
    for (let k = 0; k < s.handlers; k++) main.push({ op: 'onFinally', target: scopes[i], handler: `h${++handler}` });
  });
  plan.coroutines.forEach((c, i) => {
    const id = `c${i + 1}`;
    const body: Program = [];
    for (const s of c.body) {
      if (s.k === 'suspend') body.push({ op: 'suspend' });
      else if (s.k === 'delay') body.push({ op: 'delay', ms: s.ms });
      else if (s.k === 'return') {
        body.push({ op: 'return', value: id });
        break;
      } else {
        body.push({ op: 'log', value: throwMarker('LogicException') }, { op: 'throw', error: { class: 'LogicException', message: 'boom' } });
        break;
      }
    }
    main.push({ op: 'spawn', id, scope: scopes[c.scope % scopes.length], body });
    for (let k = 0; k < c.handlers; k++) {
      const h = `h${++handler}`;
      main.push({ op: 'log', value: onFinallyMarker(id, h) }, { op: 'onFinally', target: id, handler: h });
    }
  });
  for (const a of plan.actions) {
    const scope = scopes[a.scope % scopes.length];
    if (a.gap > 0) main.push({ op: 'delay', ms: a.gap });
    const act: Instruction[] =
      a.action === 'cancel' ? [{ op: 'scope.cancel', scope }]
        : a.action === 'dispose' ? [{ op: 'scope.dispose', scope }]
          : a.action === 'disposeSafely' ? [{ op: 'scope.disposeSafely', scope }]
            : [
              { op: 'try', body: [{ op: 'scope.awaitCompletion', scope, timeoutMs: 5 }], catch: [{ class: 'Throwable', body: [] }] },
              { op: 'log', value: awaitedLog(scope) },
            ];
    main.push(...act);
  }
  return { version: 1, main };
}

/**
 * Coroutine and scope finally handlers together (COR-7, SCP-16), with
 * coroutines that suspend before they end and `main` closing, disposing or
 * awaiting their scopes.
 */
export function finallyOrderScenario(): fc.Arbitrary<Scenario> {
  return finallyPlanArb().map(buildFinallyScenario);
}
