/**
 * The system model: interprets a scenario and yields the expected trace.
 *
 * @remarks Implements `docs/guides/trace-semantics.md` for scenario language
 * v1. The function is pure: the same scenario always yields the same trace.
 * @module
 */
import type { Instruction, Scenario } from './scenario.js';
import type { Trace } from './trace.js';
import type { Attribution } from './attribution.js';
import type { CoroutineState, SystemState } from './state.js';
import { MAIN_SCOPE } from './state.js';
import { error } from './errors.js';
import { newScope } from './scopes.js';
import { coroutine, emit, loopAlive, newEvent } from './events.js';
import { fireDueTimers } from './timers.js';
import { finishCoroutine, resolveDeadlock, runFinallyIterator } from './finish.js';
import { pushBlock, runCoroutine, type StepOutcome } from './control.js';
import { newCoroutine } from './coreArea.js';
import { EXECUTORS, RESUMES, TARGET_HANDLERS, TIMER_ROLES } from './areas.js';
import type { Executor, TargetHandler } from './area.js';

/** Instructions one scenario may execute before the model gives up (runaway guard). */
export const INSTRUCTION_BUDGET = 1_000_000;

/** Execute one instruction of `co`: the areas that own its target first (targeted instructions), then the area of its `op`. */
function execute(sys: SystemState, co: CoroutineState, instr: Instruction): StepOutcome {
  const handlers = (TARGET_HANDLERS as Partial<Record<string, readonly TargetHandler<Instruction>[]>>)[instr.op];
  if (handlers) {
    for (const handler of handlers) {
      const out = handler(sys, co, instr);
      if (out) return out;
    }
  }
  return (EXECUTORS[instr.op] as Executor)(sys, co, instr);
}

/** Switch into a coroutine popped from the queue: start it, or resume it as its resumption kind says. */
function enter(sys: SystemState, co: CoroutineState): void {
  sys.current = co.id;
  if (!co.started) {
    co.started = true;
    co.status = 'NO_STATUS';
    emit(sys, co.id, { kind: 'started' });
    runCoroutine(sys, co, execute);
  } else {
    const err = co.error;
    const value = co.result;
    co.status = 'NO_STATUS';
    co.error = undefined;
    co.result = null;
    const out = RESUMES[co.resumption](sys, co, err, value);
    if (out.kind === 'next') runCoroutine(sys, co, execute);
    else if (out.kind === 'throw') runCoroutine(sys, co, execute, out.error);
    else if (out.kind !== 'suspend') throw new Error(`spec: a resumption ended with ${out.kind}`);
  }
  sys.current = null;
}

/**
 * Interpret a scenario and return the trace a conforming runtime produces.
 *
 * @param scenario - a valid scenario (see `conformance/scenario/validate.ts`).
 * @returns the expected trace, ending with `exit`.
 * @throws Error when the scenario exceeds {@link INSTRUCTION_BUDGET} (it cannot with v1's loop-free programs).
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 */
export function expectedTrace(scenario: Scenario): Trace {
  return expectedRun(scenario).trace;
}

/** The expected trace of a scenario with, for each event, the requirement IDs of the transition that emitted it. */
export interface ExpectedRun {
  /** The expected trace, ending with `exit`. */
  trace: Trace;
  /** `attribution[i]`: the requirement IDs of `trace[i]`. */
  attribution: Attribution[];
}

/**
 * Interpret a scenario and return the expected trace together with the
 * requirement IDs each event is attributed to (see `attribution.ts`).
 *
 * @param scenario - a valid scenario.
 * @returns the trace and its attribution, index by index.
 * @throws Error when the scenario exceeds {@link INSTRUCTION_BUDGET}.
 */
export function expectedRun(scenario: Scenario): ExpectedRun {
  const sys: SystemState = {
    now: 0, trace: [], attribution: [], coroutines: new Map(), registry: ['main'], queue: ['main'], timers: [], timerSeq: 0,
    events: new Map([['coroutine:main', newEvent('coroutine:main')]]), current: null, shuttingDown: false,
    budget: INSTRUCTION_BUDGET, scopes: new Map(), pools: new Map(), timerRoles: TIMER_ROLES,
  };
  const mainScope = newScope(MAIN_SCOPE, null, true);
  mainScope.coroutines.push('main');
  mainScope.active = 1;
  sys.scopes.set(MAIN_SCOPE, mainScope);
  const main = newCoroutine('main', MAIN_SCOPE);
  pushBlock(main, scenario.main);
  sys.coroutines.set('main', main);
  for (;;) {
    const next = sys.queue.shift();
    if (next !== undefined) {
      if (next.startsWith('finally:')) {
        runFinallyIterator(sys, next.slice(8));
        continue;
      }
      const co = coroutine(sys, next);
      if (co.status === 'IGNORED') {
        co.status = 'NO_STATUS';
        finishIgnored(sys, co);
        continue;
      }
      enter(sys, co);
      continue;
    }
    if (loopAlive(sys)) {
      fireDueTimers(sys);
      continue;
    }
    if (sys.registry.length > 0) {
      resolveDeadlock(sys);
      continue;
    }
    emit(sys, 'scheduler', sys.exitError ? { kind: 'exit', error: sys.exitError } : { kind: 'exit' });
    return { trace: sys.trace, attribution: sys.attribution };
  }
}

/** A coroutine cancelled before it started: finished in place, body never run (CAN-2a). */
function finishIgnored(sys: SystemState, co: CoroutineState): void {
  const err = co.error ?? co.stored ?? error('Async\\AsyncCancellation', 'Coroutine cancelled');
  co.error = undefined;
  co.stored = undefined;
  finishCoroutine(sys, co, { error: err });
}
