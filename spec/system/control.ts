/**
 * Control flow of one coroutine in the system model: its continuation stack
 * of blocks and `try` statements, how errors and `return` unwind it, and how
 * it resumes after a suspension.
 * @module
 */
import { isInstanceOf } from './scenario.js';
import type { ErrorValue, Program } from './scenario.js';
import type { Completion, CoroutineState, SystemState, TryFrame } from './state.js';
import { emit } from './events.js';
import { finishCoroutine, finishOutcome } from './finish.js';
import { leaveProtect } from './lifecycle.js';

/** What running a coroutine for a while led to. */
export type RunResult = 'suspended' | 'finished';

/** What executing one instruction led to. */
export type StepOutcome = { kind: 'next' } | { kind: 'suspend' } | Completion;

/** Executes one instruction of a coroutine (supplied by the interpreter). */
export type Execute = (sys: SystemState, co: CoroutineState, instruction: Program[number]) => StepOutcome;

/** Push a block onto the stack. */
export function pushBlock(co: CoroutineState, program: Program): void {
  co.frames.push({ type: 'seq', program, pc: 0 });
}

/** The error caught by the innermost catch clause that is running (for `rethrow`). */
export function caughtError(co: CoroutineState): ErrorValue | undefined {
  for (let i = co.frames.length - 1; i >= 0; i--) {
    const f = co.frames[i];
    if (f.type === 'try' && f.phase === 'catch') return f.caught;
  }
  return undefined;
}

/**
 * Leave blocks with a `throw` or `return` until a `try` takes it, or the
 * stack is empty (then the coroutine finishes).
 *
 * @returns `true` when the coroutine finished.
 */
function unwind(sys: SystemState, co: CoroutineState, completion: Completion): boolean {
  for (;;) {
    const top = co.frames.pop();
    if (!top) {
      finishCoroutine(sys, co, finishOutcome(co, completion));
      return true;
    }
    if (top.type === 'seq') continue;
    if (top.type === 'protect') {
      completion = leaveProtect(co, protectDepth(co) + 1, completion);
      continue;
    }
    if (enterHandler(sys, co, top, completion)) return false;
  }
}

/** The `protect` blocks open in a coroutine's stack. */
export function protectDepth(co: CoroutineState): number {
  return co.frames.reduce((n, f) => (f.type === 'protect' ? n + 1 : n), 0);
}

/** A `try` frame meets a completion leaving its body/catch/finally; `true` if it takes over. */
function enterHandler(sys: SystemState, co: CoroutineState, frame: TryFrame, completion: Completion): boolean {
  const instr = frame.instruction;
  if (frame.phase === 'body' && completion.kind === 'throw') {
    const clause = instr.catch?.find((c) => isInstanceOf(completion.error.class, c.class));
    if (clause) {
      emit(sys, co.id, { kind: 'caught', error: completion.error });
      frame.phase = 'catch';
      frame.caught = completion.error;
      co.frames.push(frame);
      pushBlock(co, clause.body);
      return true;
    }
  }
  if (frame.phase !== 'finally' && instr.finally) {
    frame.phase = 'finally';
    frame.pending = completion;
    frame.caught = undefined;
    co.frames.push(frame);
    pushBlock(co, instr.finally);
    return true;
  }
  return false;
}

/** A block ran to its end: continue in the statement around it. @returns `true` if finished. */
function blockEnded(sys: SystemState, co: CoroutineState): boolean {
  co.frames.pop();
  const below = co.frames.at(-1);
  if (!below) {
    finishCoroutine(sys, co, finishOutcome(co, { kind: 'normal' }));
    return true;
  }
  if (below.type === 'protect') {
    co.frames.pop();
    const after = leaveProtect(co, protectDepth(co) + 1, { kind: 'normal' });
    return after.kind === 'normal' ? false : unwind(sys, co, after);
  }
  if (below.type !== 'try') return false;
  co.frames.pop();
  if (below.phase === 'finally') {
    const pending = below.pending ?? { kind: 'normal' };
    return pending.kind === 'normal' ? false : unwind(sys, co, pending);
  }
  if (enterHandler(sys, co, below, { kind: 'normal' })) return false;
  return false;
}

/**
 * Run a coroutine until it suspends or finishes.
 *
 * @param pending - an error to throw at the current point first (a resumption error).
 */
export function runCoroutine(sys: SystemState, co: CoroutineState, execute: Execute, pending?: ErrorValue): RunResult {
  if (pending && unwind(sys, co, { kind: 'throw', error: pending })) return 'finished';
  for (;;) {
    if (--sys.budget < 0) throw new Error('spec: instruction budget exhausted (runaway scenario)');
    const top = co.frames.at(-1);
    if (!top) throw new Error('spec: empty continuation stack');
    if (top.type !== 'seq') throw new Error(`spec: ${top.type} frame on top of the stack`);
    if (top.pc >= top.program.length) {
      if (blockEnded(sys, co)) return 'finished';
      continue;
    }
    const instruction = top.program[top.pc++];
    const out = execute(sys, co, instruction);
    if (out.kind === 'next' || out.kind === 'normal') continue;
    if (out.kind === 'suspend') return 'suspended';
    if (unwind(sys, co, out)) return 'finished';
  }
}
