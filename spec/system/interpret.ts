/**
 * The system model: interprets a scenario and yields the expected trace.
 *
 * @remarks Implements `docs/guides/trace-semantics.md` for scenario language
 * v1. The function is pure: the same scenario always yields the same trace.
 * @module
 */
import type { ErrorValue, Instruction, Scenario } from './scenario.js';
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
import { stepCoroutine } from './lifecycle.js';
import { RunQueue } from '../scheduler/runQueue.js';
import { EXECUTORS, RESUMES, TARGET_HANDLERS, TIMER_ROLES } from './areas.js';
import type { Executor, TargetHandler } from './area.js';

/** Instructions one scenario may execute before the model gives up (runaway guard). */
export const INSTRUCTION_BUDGET = 1_000_000;

/** The control-flow ops: their labels are not echoed (trace semantics, "Labels"). */
const CONTROL_FLOW: ReadonlySet<string> = new Set(['try', 'throw', 'rethrow', 'return']);

/** Execute one instruction of `co`: the areas that own its target first (targeted instructions), then the area of its `op`. */
function execute(sys: SystemState, co: CoroutineState, instr: Instruction): StepOutcome {
  if (!CONTROL_FLOW.has(instr.op)) {
    if (instr.label === undefined) delete co.label;
    else co.label = instr.label;
  }
  const handlers = (TARGET_HANDLERS as Partial<Record<string, readonly TargetHandler<Instruction>[]>>)[instr.op];
  if (handlers) {
    for (const handler of handlers) {
      const out = handler(sys, co, instr);
      if (out) return out;
    }
  }
  return (EXECUTORS[instr.op] as Executor)(sys, co, instr);
}

/**
 * Switch into a coroutine popped from the queue. The coroutine machine's
 * `pick` decides (COR-1 start, COR-6 resume at the suspension point, COR-5 a
 * cancelled coroutine that never started is finished in place); a resumed
 * coroutine continues as its resumption kind says.
 */
function enter(sys: SystemState, co: CoroutineState): void {
  const err = co.error;
  const value = co.result;
  const fired = stepCoroutine(sys, co, { type: 'pick' });
  if (fired === 'finalizeIgnored') {
    finishIgnored(sys, co, err);
    return;
  }
  sys.current = co.id;
  if (fired === 'start') {
    emit(sys, co.id, { kind: 'started' });
    runCoroutine(sys, co, execute);
  } else if (fired === 'resumeThrowingPending') {
    co.result = null;
    const out = RESUMES[co.resumption](sys, co, err, value);
    if (out.kind === 'next') runCoroutine(sys, co, execute);
    else if (out.kind === 'throw') runCoroutine(sys, co, execute, out.error);
    else if (out.kind !== 'suspend') throw new Error(`spec: a resumption ended with ${out.kind}`);
  } else {
    throw new Error(`spec: ${co.id} picked from the queue in no state to run (${fired ?? 'no transition'})`);
  }
  sys.current = null;
}

/**
 * What the scheduler may do next in a state: switch to the queue entry at
 * `index` (a coroutine, an unstarted cancelled one, or a `finally:` iterator),
 * fire the due timers, resolve a deadlock, or end the loop with `exit`.
 */
export type SystemChoice =
  | { kind: 'pick'; index: number; entry: string }
  | { kind: 'timers'; at: number }
  | { kind: 'deadlock' }
  | { kind: 'exit' };

/** One step of the system model: the choice taken, the events it emits with their attribution, and the state it reaches. */
export interface SystemStep {
  /** The scheduler's choice. */
  choice: SystemChoice;
  /** The events the step emits, in order (possibly none: a timer that only queues a coroutine). */
  events: Trace;
  /** `attribution[i]`: the requirement IDs of `events[i]`. */
  attribution: Attribution[];
  /** The state after the step. */
  next: SystemNode;
}

/**
 * A state of the system model. A node is expanded once (`enabled`
 * memoises its steps); the last step of a node takes its state over in place,
 * the others work on copies, so a walk that takes one step per state copies
 * nothing.
 */
export interface SystemNode {
  /** The system state (owned by the node until it is expanded). */
  readonly sys: SystemState;
  /** A number unique to the node in this process (for trace automata keys). */
  readonly id: number;
  /** The run ended here with `exit` (fixed when the node is made: its state changes once it is expanded). */
  readonly final: boolean;
  /** The steps, once computed. */
  steps?: readonly SystemStep[];
}

let nodeIds = 0;
const node = (sys: SystemState): SystemNode => ({ sys, id: nodeIds++, final: isFinal(sys) });

/**
 * The initial state of a scenario: `main` queued in the main scope.
 *
 * @param scenario - a valid scenario.
 */
export function initial(scenario: Scenario): SystemNode {
  const sys: SystemState = {
    now: 0, trace: [], attribution: [], coroutines: new Map(), registry: ['main'], queue: RunQueue.of(['main']), timers: [], timerSeq: 0,
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
  return node(sys);
}

/**
 * The scheduler's choices in a state, canonical first. Scenario language v1
 * fixes one order (the run queue is FIFO, timers fire in `(due, seq)`
 * order), so there is at most one; an area that leaves an order open
 * (threads) adds the others.
 */
export function choices(sys: SystemState): SystemChoice[] {
  if (sys.queue.length > 0) return [{ kind: 'pick', index: 0, entry: sys.queue.at(0)!.id }];
  if (loopAlive(sys)) {
    // A loop, not Math.min(...): a spread of 10⁵ timers overflows the call stack.
    let at = Infinity;
    for (const t of sys.timers) if (t.due < at) at = t.due;
    return [{ kind: 'timers', at }];
  }
  if (sys.registry.length > 0) return [{ kind: 'deadlock' }];
  return isFinal(sys) ? [] : [{ kind: 'exit' }];
}

/** Whether the run ended (`exit` was emitted). */
function isFinal(sys: SystemState): boolean {
  return sys.trace.at(-1)?.kind === 'exit';
}

/** Take a choice, mutating `sys`. */
function apply(sys: SystemState, choice: SystemChoice): void {
  switch (choice.kind) {
    case 'pick': {
      const entry = sys.queue.removeAt(choice.index)!.id;
      if (entry.startsWith('finally:')) {
        runFinallyIterator(sys, entry.slice(8));
        return;
      }
      enter(sys, coroutine(sys, entry));
      return;
    }
    case 'timers':
      fireDueTimers(sys);
      return;
    case 'deadlock':
      resolveDeadlock(sys);
      return;
    case 'exit':
      emit(sys, 'scheduler', sys.exitError ? { kind: 'exit', error: sys.exitError } : { kind: 'exit' });
  }
}

/** A deep copy of a system state for a step that branches (the timer roles are shared configuration). */
function copy(sys: SystemState): SystemState {
  const { timerRoles, queue, ...data } = sys;
  return { ...structuredClone(data), queue: queue.clone(), timerRoles };
}

/**
 * Every step the system model allows in a state, the canonical one first
 * (`steps[0]`; see {@link choices}). Empty once the run ended.
 *
 * @param state - a state from `initial` or a step's `next`.
 * @throws Error when the scenario exceeds {@link INSTRUCTION_BUDGET}.
 */
export function enabled(state: SystemNode): readonly SystemStep[] {
  if (state.steps) return state.steps;
  const options = state.final ? [] : choices(state.sys);
  // The copies are taken before the last step changes the node's own state.
  const steps = options.map((choice, i) => {
    const sys = i === options.length - 1 ? state.sys : copy(state.sys);
    const from = sys.trace.length;
    apply(sys, choice);
    return { choice, events: sys.trace.slice(from), attribution: sys.attribution.slice(from), next: node(sys) };
  });
  state.steps = steps;
  return steps;
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
 * requirement IDs each event is attributed to (see `attribution.ts`): the
 * canonical walk of the system model, from `initial` taking the first
 * `enabled` step until none is left.
 *
 * @param scenario - a valid scenario.
 * @returns the trace and its attribution, index by index.
 * @throws Error when the scenario exceeds {@link INSTRUCTION_BUDGET}.
 */
export function expectedRun(scenario: Scenario): ExpectedRun {
  let state = initial(scenario);
  for (let steps = enabled(state); steps.length > 0; steps = enabled(state)) state = steps[0].next;
  return { trace: state.sys.trace, attribution: state.sys.attribution };
}

/** A coroutine cancelled before it started: finished in place with its pending cancellation, body never run (CAN-2a). */
function finishIgnored(sys: SystemState, co: CoroutineState, pending: ErrorValue | undefined): void {
  const err = pending ?? error('Async\\AsyncCancellation', 'Coroutine cancelled');
  co.error = undefined;
  co.stored = undefined;
  finishCoroutine(sys, co, { error: err });
}

/**
 * Every run the system model allows for a scenario (depth first, canonical
 * choices first): the walks from `initial` through all `enabled`
 * steps. Under scenario language v1 there is exactly one, the
 * {@link expectedRun}.
 *
 * @param scenario - a valid scenario.
 * @param maxRuns - stop after this many runs.
 * @returns the runs, each a trace with its attribution.
 * @throws Error when a run exceeds {@link INSTRUCTION_BUDGET}.
 */
export function exploreRuns(scenario: Scenario, maxRuns = 1000): ExpectedRun[] {
  const runs: ExpectedRun[] = [];
  const stack = [initial(scenario)];
  while (stack.length > 0 && runs.length < maxRuns) {
    const state = stack.pop()!;
    const steps = enabled(state);
    if (steps.length === 0) runs.push({ trace: state.sys.trace, attribution: state.sys.attribution });
    for (let i = steps.length - 1; i >= 0; i--) stack.push(steps[i].next);
  }
  return runs;
}
