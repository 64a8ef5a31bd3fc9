/**
 * Coroutines of the reference runtime and the interpreter of their programs.
 *
 * @remarks
 * A {@link Coroutine} is an event (awaiters subscribe to its vector) that
 * owns a waker and a *fiber*: a JS generator running the coroutine's program.
 * The generator yields exactly when the coroutine suspends, and returns the
 * coroutine's raw outcome (return value or escaping error) when its body
 * ends. Control flow of the scenario language — `try`/`catch`/`finally`,
 * `rethrow`, `return`, `throw` — is ordinary JS control flow over two signal
 * classes, {@link ScenarioThrow} and {@link ScenarioReturn}; anything else
 * thrown (the runaway guard) is an internal failure and runs no `finally`
 * body. Leaf instructions are delegated to an {@link InstructionHost}.
 *
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */
import type { ErrorValue, Instruction, Program, TraceEvent, TryInstruction, Value } from '../conformance/adapter.js';
import { isInstanceOf, makeError } from './errors.js';
import { AsyncEvent, type Outcome } from './event.js';
import type { Scope } from './scope.js';
import { Waker } from './waker.js';

/** A fiber: yields on suspension, returns the raw outcome of the body. */
export type Fiber = Generator<void, Outcome, void>;

/** A scenario error in flight (a PHP `throw`). */
export class ScenarioThrow {
  /** @param error - the thrown error. */
  constructor(readonly error: ErrorValue) {}
}

/** A scenario `return` in flight (unwinds through `finally` bodies). */
export class ScenarioReturn {
  /** @param value - the return value. */
  constructor(readonly value: Value) {}
}

/** The trace data of an event, without `t` and `actor`. */
export type TraceData = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 't' | 'actor'> : never) : never;

/** What the program interpreter needs from the runtime. */
export interface InstructionHost {
  /**
   * Execute one leaf instruction for `co`; the generator yields while `co` is suspended.
   *
   * @param co - the acting coroutine.
   * @param instruction - any instruction but `try`, `throw`, `rethrow` and `return`.
   */
  execute(co: Coroutine, instruction: Instruction): Generator<void, void, void>;
  /**
   * Record a trace event by `actor`.
   *
   * @param actor - the acting coroutine's id.
   * @param data - the event.
   */
  emit(actor: string, data: TraceData): void;
  /** Count one instruction execution (throws past the runaway limit). */
  countStep(): void;
}

/**
 * A coroutine (COR-1..COR-8).
 *
 * @remarks `closed` (inherited) is the C `F_CLOSED`: the coroutine is finished.
 */
export class Coroutine extends AsyncEvent {
  /** `STARTED`. */
  started = false;
  /** `CANCELLED`. */
  cancelled = false;
  /** The embedded waker. */
  readonly waker = new Waker();
  /** Exception stored by a self-cancel (CAN-3), applied at finish. */
  storedException: ErrorValue | undefined;
  /** The final outcome, once finished (COR-3). */
  outcome: Outcome | undefined;
  /** `finally()` handler ids, in registration order (COR-7). */
  readonly finallyHandlers: string[] = [];
  /** The running body, once started. */
  fiber: Fiber | undefined;
  /** The scope it belongs to (COR-2); set when it joins one, before it is queued. */
  scope!: Scope;
  /** Whether it became a zombie of its scope (SCP-6, SCP-18): it runs on but no longer counts as active. */
  zombie = false;
  /** `PROTECTED`: inside `protect {…}`, cancellations are deferred (CAN-5; a boolean, CAN-6). */
  protectedFlag = false;
  /** The first cancellation that arrived while `PROTECTED` (CAN-5), delivered when the block exits. */
  deferredCancellation: ErrorValue | undefined;
  /** Whether an awaiter was resolved with its failure when it finished (the error was handled, SCP-14). */
  errorHandled = false;

  /**
   * @param id - scenario id (`main` for the main coroutine).
   * @param program - its body.
   */
  constructor(
    id: string,
    readonly program: Program,
  ) {
    super('coroutine', id);
  }

  /** The coroutine id. */
  get id(): string {
    return this.name;
  }

  /** Whether it is the main coroutine. */
  get isMain(): boolean {
    return this.name === 'main';
  }

  /** Whether it has finished (`F_CLOSED`). */
  get finished(): boolean {
    return this.closed;
  }

  /** @inheritDoc */
  override replay(): Outcome | undefined {
    return this.closed ? this.outcome : undefined;
  }
}

/** What owns finally handlers: a coroutine (COR-7) or a scope (SCP-16). */
export interface FinallyOwner {
  /** Its scenario id. */
  readonly id: string;
}

/**
 * The finally-handler iterator `finally:<id>` (COR-7, SCP-16): pushed at the
 * head of the queue when its target finishes (a coroutine) or is closed or
 * disposed (a scope); when it runs it reports each handler.
 *
 * A coroutine's iterator is php-async's iterator coroutine
 * (`async_call_finally_handlers`: spawned with priority 1, the head of the
 * queue, in `ZEND_ASYNC_NEW_SCOPE(context->scope)`): it holds a child
 * {@link FinallyIterator.scope} of the coroutine's scope in which it counts as
 * the one active coroutine until it has run, so that scope is not settled,
 * drained or disposable before the handlers ran (`scope_can_be_disposed`).
 *
 * @remarks Not in the registry: handlers are names that cannot suspend, so it
 * runs to its end in one dispatch from the head of the queue, before any
 * deadlock check, shutdown or exit could see it pending.
 */
export class FinallyIterator {
  /** The coroutine record that leaves {@link FinallyIterator.scope} when the iterator ends (never registered, never in a scope's list). */
  readonly coroutine: Coroutine | undefined;

  /**
   * @param target - the finished coroutine or the closed/disposed scope.
   * @param handlers - its handlers, in registration order.
   * @param scope - for a coroutine's iterator: its child scope, created with `active = 1` (absent without a scope area, and for a scope's own iterator).
   */
  constructor(
    readonly target: FinallyOwner,
    readonly handlers: readonly string[],
    readonly scope?: Scope,
  ) {
    if (scope === undefined) {
      this.coroutine = undefined;
      return;
    }
    this.coroutine = new Coroutine(this.id, []);
    this.coroutine.scope = scope;
  }

  /** Actor name in the trace. */
  get id(): string {
    return `finally:${this.target.id}`;
  }
}

/** What the run queue holds. */
export type Runnable = Coroutine | FinallyIterator;

/**
 * Create the fiber running `co`'s program.
 *
 * @param host - executes leaf instructions.
 * @param co - the coroutine.
 * @returns a generator returning the raw outcome of the body.
 */
export function* runBody(host: InstructionHost, co: Coroutine): Fiber {
  try {
    yield* runBlock(host, co, co.program, undefined);
    return { kind: 'value', value: null };
  } catch (signal) {
    if (signal instanceof ScenarioReturn) return { kind: 'value', value: signal.value };
    if (signal instanceof ScenarioThrow) return { kind: 'error', error: signal.error };
    throw signal;
  }
}

/**
 * Run a block of instructions.
 *
 * @remarks Exported for block instructions the host runs itself (`protect`).
 * @param host - executes leaf instructions.
 * @param co - the acting coroutine.
 * @param program - the block.
 * @param caught - the error of the innermost enclosing catch clause (for `rethrow`).
 */
export function* runBlock(host: InstructionHost, co: Coroutine, program: Program, caught: ErrorValue | undefined): Generator<void, void, void> {
  for (const instruction of program) {
    host.countStep();
    switch (instruction.op) {
      case 'try':
        yield* runTry(host, co, instruction, caught);
        break;
      case 'throw':
        throw new ScenarioThrow(instruction.error);
      case 'rethrow':
        throw new ScenarioThrow(caught ?? makeError('Error', 'Cannot rethrow outside a catch block'));
      case 'return':
        throw new ScenarioReturn(instruction.value ?? null);
      default:
        yield* host.execute(co, instruction);
    }
  }
}

/**
 * `try { body } catch … finally { … }`: an error or return in flight is kept
 * while `finally` runs and resumes afterwards, unless `finally` replaces it.
 */
function* runTry(host: InstructionHost, co: Coroutine, instruction: TryInstruction, caught: ErrorValue | undefined): Generator<void, void, void> {
  let inFlight: ScenarioThrow | ScenarioReturn | undefined;
  try {
    yield* runBlock(host, co, instruction.body, caught);
  } catch (signal) {
    if (signal instanceof ScenarioReturn) inFlight = signal;
    else if (!(signal instanceof ScenarioThrow)) throw signal;
    else {
      const clause = instruction.catch?.find((c) => isInstanceOf(signal.error.class, c.class));
      if (clause === undefined) inFlight = signal;
      else {
        host.emit(co.id, { kind: 'caught', error: signal.error });
        try {
          yield* runBlock(host, co, clause.body, signal.error);
        } catch (replacement) {
          if (!(replacement instanceof ScenarioThrow || replacement instanceof ScenarioReturn)) throw replacement;
          inFlight = replacement;
        }
      }
    }
  }
  if (instruction.finally !== undefined) yield* runBlock(host, co, instruction.finally, caught);
  if (inFlight !== undefined) throw inFlight;
}
