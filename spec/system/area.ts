/**
 * The plug-in shape of a spec area (core, events, scopes, pools …): the
 * instructions it executes, the resumption kind it continues, the targets it
 * answers `query` / `onFinally` for and the timer roles it fires. The
 * interpreter reads these from the one list in `areas.ts`; it knows no
 * instruction, resumption, query target or timer role by name.
 * @module
 */
import type { ErrorValue, Instruction, Value } from './scenario.js';
import type { CoroutineState, Resumption, SystemState, TimerRoleSpec } from './state.js';
import type { StepOutcome } from './control.js';

/** An instruction's `op`. */
export type Op = Instruction['op'];

/** The instruction with this `op`. */
export type InstructionOf<K extends Op> = Extract<Instruction, { op: K }>;

/** Executes one instruction of a coroutine. */
export type Executor<I extends Instruction = Instruction> = (sys: SystemState, co: CoroutineState, instr: I) => StepOutcome;

/** The executors of the ops `O`, one per op (checked by the compiler). */
export type Executors<O extends Op> = { readonly [K in O]: Executor<InstructionOf<K>> };

/**
 * The ops whose target may belong to any area (a coroutine, a scope, a pool):
 * the areas that own targets are asked in list order, and the area that
 * executes the op handles what no one claimed.
 */
export type TargetedOp = 'query' | 'onFinally';

/**
 * Answers a targeted instruction for the targets the area owns.
 *
 * @returns the step's outcome, or `undefined` when the target is not the area's.
 */
export type TargetHandler<I extends Instruction> = (sys: SystemState, co: CoroutineState, instr: I) => StepOutcome | undefined;

/**
 * Continues a coroutine of this area's resumption kind when it is switched
 * in again: emits `resumed` (and whatever the kind replays) and says how the
 * coroutine goes on — `next` (run on), `throw` (throw at the suspension
 * point) or `suspend` (it parked again).
 *
 * @param error - the pending waker error, if any.
 * @param value - the pending waker value.
 */
export type Resume = (sys: SystemState, co: CoroutineState, error: ErrorValue | undefined, value: Value) => StepOutcome;

/** One spec area as a plug-in of the interpreter. */
export interface SpecArea<O extends Op = Op> {
  /** The area's name (`core`, `events`, `scopes`, `pools`). */
  name: string;
  /** The instructions it executes, one executor per op. */
  execute: Executors<O>;
  /** Its resumption kinds and how each continues. */
  resume?: Partial<Record<Resumption, Resume>>;
  /** The targeted instructions it answers for its own targets. */
  targets?: { readonly [K in TargetedOp]?: TargetHandler<InstructionOf<K>> };
  /** The timer roles it arms, and what each does when it fires. */
  timers?: Partial<Record<TimerRoleName, TimerRoleSpec>>;
}

/** The name of a timer role (`target`, `timeout`, `dispose` …). */
export type TimerRoleName = TimerRoleSpecs extends Record<infer K, unknown> ? K : never;
type TimerRoleSpecs = SystemState['timerRoles'];

/** The step outcome "go on with the next instruction". */
export const NEXT: StepOutcome = { kind: 'next' };

/** The step outcome "the coroutine parked". */
export const SUSPEND: StepOutcome = { kind: 'suspend' };

/** The step outcome "throw `err` at this point". */
export function throwing(err: ErrorValue): StepOutcome {
  return { kind: 'throw', error: err };
}

/** `self` names the executing coroutine. */
export function resolveId(co: CoroutineState, id: string): string {
  return id === 'self' ? co.id : id;
}
