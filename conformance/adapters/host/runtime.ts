/**
 * The library host: runs the pool subset of the scenario language on
 * JavaScript promises under virtual time, with a third-party pool library
 * (through a {@link PoolDriver}) in place of `Async\Pool`.
 *
 * @remarks
 * A coroutine is an `async` function interpreting its program. The host runs
 * one coroutine at a time in run-queue order, as TrueAsync's scheduler does
 * (trace-semantics §1–4): a coroutine runs until it suspends (`delay`,
 * `suspend`, `await`, or a pool `acquire` that the library does not serve at
 * once) and is queued again when what it waits for settles. After every call
 * into the library the host lets the microtask queue drain inside the
 * caller's turn, so whatever the library does synchronously or on promise
 * continuations is attributed to the caller, and an `acquire` whose promise
 * is settled by then did not suspend. Library callbacks run from timers are
 * attributed to `scheduler`.
 *
 * The callables the library starts during a caller's `acquire` (a factory
 * call, a `beforeAcquire`) belong to that caller, as in TrueAsync where they
 * run in it: a delayed one shows as the caller `suspended {on:"timer"}` and
 * completes in the caller's turn (its `created` / `hook` event is the
 * caller's). Callables started elsewhere — by a release, a library retry
 * timer, background pre-warm — complete by `scheduler`. A cancelled waiter
 * withdraws its request where the library can (`PendingAcquire.abandon`);
 * a resource the library still hands to it is given straight back.
 *
 * Virtual time is a fake-timers clock ({@link VirtualClock}) shared by the
 * host and the library instance, which is loaded with that clock's timer
 * functions in place of the globals ({@link instantiate}). Deadlock detection,
 * cancellation, graceful shutdown after an uncaught error in `main` and the
 * exit event follow trace-semantics §3.2, §3.5 and §4.
 *
 * The subset: `spawn` (no scope), `suspend`, `delay`, `await {coroutine}`
 * (no timeout, no token), `cancel`, `throw`, `try`, `rethrow`, `return`,
 * `log`, `query` on a pool (`count`, `idleCount`, `activeCount`,
 * `isClosed`), `pool.new`, `pool.acquire`, `pool.release`, `pool.close`, and
 * `pool.tryAcquire` where the driver supports it. Anything else makes
 * `execute` throw an {@link UnsupportedScenarioError} naming it.
 * @module
 */
import type {
  ErrorValue, HookSpec, Instruction, PoolNewInstruction, Program, Scenario, Trace, TraceEvent, Value,
} from '../../adapter.js';
import { VirtualClock } from './clock.js';
import type { LibraryPool, PoolCallables, PoolCountQuery, PoolDriver, PoolResource } from './driver.js';
import {
  appendPrevious, err, ERRORS, isA, isCancellation, ReturnSignal, ScenarioError, UnsupportedScenarioError,
} from './errors.js';

/** A wake-up: the value or error a suspended coroutine resumes with. */
interface Wake {
  value?: unknown;
  error?: ErrorValue;
}

type Outcome = { value: Value } | { error: ErrorValue };

interface Coroutine {
  id: string;
  body: Program;
  state: 'queued' | 'running' | 'waiting' | 'ignored' | 'done';
  started: boolean;
  /** The pending wake-up (`QUEUED` after a wake or a cancel). */
  wake?: Wake;
  /** Self-cancellation stored until the coroutine finishes (CAN-3). */
  stored?: ErrorValue;
  /** Removes the subscriptions of the current wait (on any wake-up). */
  cleanup?: () => void;
  /** Withdraws what the current wait asked for, when a cancellation ends it. */
  withdraw?: () => void;
  /** Continues the coroutine's async function after a suspension. */
  resume?: (w: Wake) => void;
  awaiters: Coroutine[];
  outcome?: Outcome;
  /** Resources held per pool, oldest first. */
  held: Map<string, PoolResource[]>;
}

interface HostPool {
  id: string;
  lib: LibraryPool;
  closed: boolean;
}

/**
 * A coroutine inside `pool.acquire`: the callables the library starts while
 * it runs (a factory call, a `beforeAcquire`) are its own, as in TrueAsync,
 * where they run in the caller. A delayed one suspends the caller on a timer
 * and completes in the caller's turn; one still running when the acquire
 * ends completes on its own, by `scheduler`.
 */
interface AcquireContext {
  co: Coroutine;
  /** Owned callables whose delay has not elapsed yet. */
  owned: number;
  /** Owned callables whose delay has elapsed, to complete in the caller's turn. */
  due: Array<() => void>;
  /** The acquire is still in progress. */
  active: boolean;
}

const COUNT_QUERIES: readonly string[] = ['count', 'idleCount', 'activeCount', 'isClosed'];
const CORE_OPS = new Set(['spawn', 'suspend', 'delay', 'await', 'cancel', 'throw', 'try', 'rethrow', 'return', 'log', 'query']);
const POOL_OPS = new Set(['pool.new', 'pool.acquire', 'pool.tryAcquire', 'pool.release', 'pool.close']);
/** Scheduling steps after which a run is declared non-terminating (a host or library bug). */
const STEP_LIMIT = 200_000;

const realSetImmediate = globalThis.setImmediate;
/** Let every pending microtask (promise continuation) run. */
const drain = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

/** The programs nested in an instruction. */
function children(i: Instruction): Program[] {
  switch (i.op) {
    case 'spawn':
    case 'protect':
      return [i.body];
    case 'try':
      return [i.body, ...(i.catch ?? []).map((c) => c.body), ...(i.finally ? [i.finally] : [])];
    default:
      return [];
  }
}

function walk(program: Program, visit: (i: Instruction) => void): void {
  for (const i of program) {
    visit(i);
    for (const p of children(i)) walk(p, visit);
  }
}

/**
 * Why the host cannot run `scenario` with `driver` (empty when it can).
 *
 * @param scenario - a valid scenario.
 * @param driver - the library mapping.
 */
export function unsupportedFeatures(scenario: Scenario, driver: PoolDriver): string[] {
  const pools = new Set<string>();
  walk(scenario.main, (i) => {
    if (i.op === 'pool.new') pools.add(i.id);
  });
  const reasons = new Set<string>();
  walk(scenario.main, (i) => {
    const byDriver = driver.unsupportedOps[i.op];
    if (byDriver !== undefined) reasons.add(`${i.op}: ${byDriver}`);
    else if (!CORE_OPS.has(i.op) && !POOL_OPS.has(i.op)) {
      reasons.add(`${i.op}: needs capability ${i.op.startsWith('scope.') || i.op === 'protect' ? "'scope'" : i.op.startsWith('pool.') ? "'breaker'" : "'core'"}`);
    } else if (i.op === 'spawn' && i.scope !== undefined) reasons.add("spawn into a scope: needs capability 'scope'");
    else if (i.op === 'await' && (!('coroutine' in i.target) || i.timeoutMs !== undefined || i.cancellation !== undefined)) {
      reasons.add("await on anything but a coroutine, or with a timeout or token: needs capability 'core'");
    } else if (i.op === 'query') {
      if (!pools.has(i.target)) reasons.add("query on a coroutine or scope: needs capability 'core'");
      else if (!COUNT_QUERIES.includes(i.what)) reasons.add(`query ${i.what} on a pool: needs capability 'breaker'`);
    } else if (i.op === 'pool.new') {
      for (const r of driver.unsupportedPool(i)) reasons.add(`pool.new: ${r}`);
    }
  });
  return [...reasons];
}

/** Raised when a reference names something that does not exist at that moment. */
function undefinedReference(id: string): ScenarioError {
  return new ScenarioError(err('Error', `Undefined reference '${id}'`));
}

/** One run of one scenario. */
class Run {
  readonly clock = new VirtualClock();
  private readonly globals = this.clock.libraryGlobals();
  private readonly trace: Trace = [];
  private readonly coroutines = new Map<string, Coroutine>();
  /** Registered, unfinished coroutines in registration order. */
  private readonly registry: Coroutine[] = [];
  private readonly queue: Coroutine[] = [];
  private readonly pools = new Map<string, HostPool>();
  private readonly acquiring = new Map<string, AcquireContext>();
  private current = 'main';
  private exitError?: ErrorValue;
  private shutdownStarted = false;
  private endTurn: () => void = () => undefined;
  private failTurn: (e: unknown) => void = () => undefined;

  constructor(private readonly driver: PoolDriver) {}

  private emit(actor: string, kind: TraceEvent['kind'], data: Record<string, unknown> = {}): void {
    this.trace.push({ t: this.clock.now, actor, kind, ...data } as TraceEvent);
  }

  private register(id: string, body: Program): Coroutine {
    const co: Coroutine = { id, body, state: 'queued', started: false, awaiters: [], held: new Map() };
    this.coroutines.set(id, co);
    this.registry.push(co);
    return co;
  }

  async run(scenario: Scenario): Promise<Trace> {
    this.queue.push(this.register('main', scenario.main));
    for (let steps = 0; ; steps++) {
      if (steps > STEP_LIMIT) throw new Error(`${this.driver.library} host: the run did not end within ${STEP_LIMIT} scheduling steps`);
      const co = this.queue.shift();
      if (co !== undefined) {
        if (co.state === 'ignored') this.finish(co, { error: co.wake?.error ?? err('Async\\AsyncCancellation', 'Coroutine cancelled') });
        else await this.turn(co);
        continue;
      }
      this.current = 'scheduler';
      await drain();
      if (this.queue.length > 0) continue;
      if (this.clock.hasVisibleTimer()) {
        this.clock.fireNext();
        continue;
      }
      if (this.registry.length > 0) {
        this.deadlock();
        continue;
      }
      break;
    }
    this.emit('scheduler', 'exit', this.exitError ? { error: this.exitError } : {});
    return this.trace;
  }

  /** Run `co` until it suspends or finishes. */
  private turn(co: Coroutine): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.endTurn = resolve;
      this.failTurn = reject;
      this.current = co.id;
      co.state = 'running';
      if (!co.started) {
        co.started = true;
        this.emit(co.id, 'started');
        // A host bug in any later turn of this coroutine fails the turn running then.
        this.body(co).catch((e: unknown) => this.failTurn(e));
      } else {
        const wake = co.wake ?? {};
        const resume = co.resume!;
        co.wake = undefined;
        co.resume = undefined;
        resume(wake);
      }
    });
  }

  private async body(co: Coroutine): Promise<void> {
    let outcome: Outcome;
    try {
      await this.exec(co, co.body, undefined);
      outcome = { value: null };
    } catch (e) {
      if (e instanceof ReturnSignal) outcome = { value: e.value as Value };
      else if (e instanceof ScenarioError) outcome = { error: e.value };
      else throw e;
    }
    this.finish(co, outcome);
    this.endTurn();
  }

  /** Give the turn back to the host until the coroutine is resumed. */
  private park(co: Coroutine): Promise<Wake> {
    return new Promise<Wake>((resolve) => {
      co.resume = resolve;
      this.endTurn();
    });
  }

  /** Resolve a waiting coroutine: it is queued with `w` (a waker subscription, §3.4). */
  private wake(co: Coroutine, w: Wake): void {
    if (co.state !== 'waiting') return;
    co.cleanup?.();
    co.cleanup = undefined;
    co.withdraw = undefined;
    co.wake = w;
    co.state = 'queued';
    this.queue.push(co);
  }

  /** Suspend in a wait set up by the caller; emits `resumed` and throws a delivered error. */
  private async suspendWaiting(co: Coroutine, on: string): Promise<Wake> {
    this.emit(co.id, 'suspended', { on });
    co.state = 'waiting';
    const w = await this.park(co);
    if (w.error) {
      this.emit(co.id, 'resumed', { error: w.error });
      throw new ScenarioError(w.error);
    }
    this.emit(co.id, 'resumed');
    return w;
  }

  /** §3.5: outcome, `completed`/`failed`, awaiters, registry, `main`'s uncaught error. */
  private finish(co: Coroutine, result: Outcome): void {
    let outcome = result;
    if (co.stored !== undefined) {
      if ('value' in result || isCancellation(result.error)) outcome = { error: co.stored };
      else outcome = { error: appendPrevious(result.error, co.stored) };
    }
    if ('value' in outcome) this.emit(co.id, 'completed', { value: outcome.value });
    else this.emit(co.id, 'failed', { error: outcome.error });
    co.state = 'done';
    co.outcome = outcome;
    const awaiters = co.awaiters;
    co.awaiters = [];
    for (const a of awaiters) this.wake(a, 'value' in outcome ? { value: outcome.value } : { error: outcome.error });
    const at = this.registry.indexOf(co);
    if (at >= 0) this.registry.splice(at, 1);
    if (co.id === 'main' && 'error' in outcome && !isCancellation(outcome.error)) {
      if (this.exitError === undefined) this.exitError = outcome.error;
      this.shutdown('scheduler');
    }
  }

  private shutdown(actor: string): void {
    if (this.shutdownStarted) return;
    this.shutdownStarted = true;
    this.emit(actor, 'shutdown');
    const reason = err('Async\\AsyncCancellation', 'Graceful shutdown');
    for (const co of [...this.registry]) this.cancel(co, reason);
  }

  private deadlock(): void {
    const n = this.registry.length;
    this.emit('scheduler', 'deadlock', { waiting: n });
    this.exitError = err('Async\\DeadlockError', `Deadlock detected: no active coroutines, ${n} coroutines in waiting`, this.exitError);
    const reason = err('Async\\AsyncCancellation', 'Deadlock detected');
    for (const co of [...this.registry]) this.cancel(co, reason);
  }

  /** The cancel algorithm of trace-semantics §3.2. */
  private cancel(target: Coroutine, e: ErrorValue): void {
    if (target.state === 'done') return;
    if (target.state === 'running') {
      if (target.stored === undefined) target.stored = e;
      return;
    }
    const pending = target.wake?.error;
    const error = pending === undefined ? e : isCancellation(pending) ? pending : err(e.class, e.message, pending);
    target.wake = { ...target.wake, error };
    if (!target.started) {
      target.state = 'ignored';
      return;
    }
    if (target.state === 'waiting') {
      target.cleanup?.();
      target.withdraw?.();
      target.cleanup = undefined;
      target.withdraw = undefined;
      target.state = 'queued';
      this.queue.push(target);
    }
  }

  private coroutine(id: string): Coroutine {
    const co = this.coroutines.get(id);
    if (co === undefined) throw undefinedReference(id);
    return co;
  }

  private pool(id: string): HostPool {
    const p = this.pools.get(id);
    if (p === undefined) throw undefinedReference(id);
    return p;
  }

  private async exec(co: Coroutine, program: Program, caught: ErrorValue | undefined): Promise<void> {
    for (const i of program) await this.step(co, i, caught);
  }

  private async step(co: Coroutine, i: Instruction, caught: ErrorValue | undefined): Promise<void> {
    switch (i.op) {
      case 'log':
        this.emit(co.id, 'log', { value: i.value });
        return;
      case 'spawn': {
        const child = this.register(i.id, i.body);
        this.emit(co.id, 'spawned', { coroutine: i.id });
        if (i.priority === 'high') this.queue.unshift(child);
        else this.queue.push(child);
        return;
      }
      case 'suspend': {
        this.emit(co.id, 'suspended', { on: 'queue' });
        co.state = 'queued';
        this.queue.push(co);
        const w = await this.park(co);
        if (w.error) {
          this.emit(co.id, 'resumed', { error: w.error });
          throw new ScenarioError(w.error);
        }
        this.emit(co.id, 'resumed');
        return;
      }
      case 'delay': {
        co.cleanup = this.clock.hostTimer(() => this.wake(co, { value: null }), i.ms);
        await this.suspendWaiting(co, 'timer');
        return;
      }
      case 'await': {
        if (!('coroutine' in i.target)) throw new Error('unsupported await target');
        const target = this.coroutine(i.target.coroutine);
        if (target.outcome !== undefined) {
          if ('error' in target.outcome) throw new ScenarioError(target.outcome.error);
          this.emit(co.id, 'awaited', { value: target.outcome.value });
          return;
        }
        target.awaiters.push(co);
        co.cleanup = () => {
          const at = target.awaiters.indexOf(co);
          if (at >= 0) target.awaiters.splice(at, 1);
        };
        const w = await this.suspendWaiting(co, `coroutine:${target.id}`);
        this.emit(co.id, 'awaited', { value: (w.value ?? null) as Value });
        return;
      }
      case 'cancel': {
        const id = i.target === 'self' ? co.id : i.target;
        const target = this.coroutine(id);
        const reason = i.reason ?? 'Coroutine cancelled';
        this.emit(co.id, 'cancel', { target: id, reason });
        this.cancel(target, err('Async\\AsyncCancellation', reason));
        return;
      }
      case 'throw':
        throw new ScenarioError(i.error);
      case 'rethrow':
        if (caught === undefined) throw new Error('rethrow outside a catch body');
        throw new ScenarioError(caught);
      case 'return':
        throw new ReturnSignal(i.value ?? null);
      case 'try':
        await this.tryBlock(co, i, caught);
        return;
      case 'query': {
        const p = this.pool(i.target);
        this.emit(co.id, 'query', { target: i.target, what: i.what, value: p.lib.query(i.what as PoolCountQuery) });
        return;
      }
      case 'pool.new':
        this.newPool(i);
        await drain();
        return;
      case 'pool.acquire':
        await this.acquire(co, this.pool(i.pool), i.timeoutMs);
        return;
      case 'pool.release': {
        const p = this.pool(i.pool);
        const list = co.held.get(p.id) ?? [];
        const r = list.shift();
        if (r === undefined) throw new ScenarioError(err('Error', `Nothing to release to '${p.id}'`));
        this.emit(co.id, 'release', { pool: p.id, resource: r.name });
        p.lib.release(r);
        await drain();
        return;
      }
      case 'pool.close': {
        const p = this.pool(i.pool);
        if (p.closed) return;
        p.closed = true;
        this.emit(co.id, 'poolClose', { pool: p.id });
        p.lib.close();
        await drain();
        return;
      }
      default:
        throw new UnsupportedScenarioError(`${this.driver.library} host: unsupported instruction ${i.op}`);
    }
  }

  private async tryBlock(co: Coroutine, i: Extract<Instruction, { op: 'try' }>, caught: ErrorValue | undefined): Promise<void> {
    let pending: unknown;
    let failed = false;
    try {
      await this.exec(co, i.body, caught);
    } catch (e) {
      const clause = e instanceof ScenarioError ? (i.catch ?? []).find((c) => isA(e.value.class, c.class)) : undefined;
      if (clause !== undefined && e instanceof ScenarioError) {
        this.emit(co.id, 'caught', { error: e.value });
        try {
          await this.exec(co, clause.body, e.value);
        } catch (e2) {
          pending = e2;
          failed = true;
        }
      } else {
        pending = e;
        failed = true;
      }
    }
    if (failed && !(pending instanceof ScenarioError) && !(pending instanceof ReturnSignal)) throw pending;
    if (i.finally) await this.exec(co, i.finally, caught);
    if (failed) throw pending;
  }

  private newPool(spec: PoolNewInstruction): void {
    const id = spec.id;
    const calls = { factory: 0, beforeAcquire: 0, beforeRelease: 0 };
    /**
     * A callable's answer after `ms` virtual ms: at once without a delay;
     * else in its owner's turn (a caller inside acquire), or by `scheduler`.
     * Its events are emitted by whoever completes it.
     */
    const later = <T>(ms: number | undefined, fn: () => T): Promise<T> => {
      if (!ms) {
        try {
          return Promise.resolve(fn());
        } catch (e) {
          return Promise.reject(e);
        }
      }
      const ctx = this.acquiring.get(this.current);
      return new Promise<T>((resolve, reject) => {
        const complete = (): void => {
          try {
            resolve(fn());
          } catch (e) {
            reject(e);
          }
        };
        if (ctx) ctx.owned++;
        this.clock.hostTimer(() => {
          if (ctx) ctx.owned--;
          if (ctx?.active) {
            ctx.due.push(complete);
            this.wake(ctx.co, {});
          } else complete();
        }, ms);
      });
    };
    const hook = (name: 'beforeAcquire' | 'beforeRelease', h: HookSpec) => (r: PoolResource): Promise<boolean> => {
      const k = ++calls[name];
      const ok = !((h.falseOn ?? []).includes(k) || (h.falseFor ?? []).includes(r.name));
      return later(h.delayMs, () => {
        this.emit(this.current, 'hook', { pool: id, hook: name, resource: r.name, ok });
        if (!ok && h.throws) throw new ScenarioError(ERRORS.hookFailed);
        return ok;
      });
    };
    const callables: PoolCallables = {
      factory: () => {
        const k = ++calls.factory;
        return later(spec.factory?.delayMs, () => {
          if ((spec.factory?.failOn ?? []).includes(k)) throw new ScenarioError(ERRORS.factoryFailed);
          const name = `r${k}`;
          this.emit(this.current, 'created', { pool: id, resource: name });
          return { name };
        });
      },
      destroy: (r) => {
        this.emit(this.current, 'destroyed', { pool: id, resource: r.name });
        if ((spec.destructor?.throwFor ?? []).includes(r.name)) return Promise.reject(new ScenarioError(ERRORS.destructorFailed));
        return Promise.resolve();
      },
      ...(spec.beforeAcquire ? { beforeAcquire: hook('beforeAcquire', spec.beforeAcquire) } : {}),
      ...(spec.beforeRelease ? { beforeRelease: hook('beforeRelease', spec.beforeRelease) } : {}),
    };
    this.pools.set(id, { id, lib: this.driver.createPool(spec, callables, this.globals), closed: false });
  }

  private translate(e: unknown): ErrorValue {
    return e instanceof ScenarioError ? e.value : this.driver.translateError(e);
  }

  /**
   * `pool.acquire`: start the library's acquire, let it work, and suspend
   * the caller while it is not served — on `timer` while a delayed callable
   * the library started for it runs (completed in the caller's turn), else
   * parked on `pool:<id>`.
   */
  private async acquire(co: Coroutine, p: HostPool, timeoutMs: number | undefined): Promise<void> {
    this.emit(co.id, 'acquire', { pool: p.id, try: false });
    const ctx: AcquireContext = { co, owned: 0, due: [], active: true };
    this.acquiring.set(co.id, ctx);
    let settled: Wake | undefined;
    try {
      const pending = p.lib.acquire(timeoutMs !== undefined && timeoutMs > 0 ? timeoutMs : undefined);
      let waiting = false;
      let abandoned = false;
      pending.promise.then(
        (r) => {
          if (abandoned) {
            p.lib.release(r); // nobody wants it any more: give it straight back
            return;
          }
          settled = { value: r };
          if (waiting) this.wake(co, settled);
        },
        (e: unknown) => {
          if (abandoned) return;
          settled = { error: this.translate(e) };
          if (waiting) this.wake(co, settled);
        },
      );
      await drain();
      while (settled === undefined) {
        if (ctx.due.length === 0) {
          const on = ctx.owned > 0 ? 'timer' : `pool:${p.id}`;
          co.withdraw = () => {
            if (settled === undefined) {
              abandoned = true;
              pending.abandon();
            }
          };
          this.emit(co.id, 'suspended', { on });
          co.state = 'waiting';
          waiting = true;
          const w = await this.park(co);
          waiting = false;
          if (w.error) {
            // Served, then cancelled before it ran: the resource goes straight back.
            if (w.value !== undefined && !abandoned) {
              p.lib.release(w.value as PoolResource);
              await drain();
            }
            this.emit(co.id, 'resumed', { error: w.error });
            throw new ScenarioError(w.error);
          }
          this.emit(co.id, 'resumed');
        }
        while (ctx.due.length > 0) ctx.due.shift()!();
        await drain();
      }
    } finally {
      ctx.active = false;
      this.acquiring.delete(co.id);
      while (ctx.due.length > 0) ctx.due.shift()!();
    }
    const outcome: Wake = settled;
    if (outcome.error) throw new ScenarioError(outcome.error);
    const r = outcome.value as PoolResource;
    const list = co.held.get(p.id) ?? [];
    list.push(r);
    co.held.set(p.id, list);
    this.emit(co.id, 'acquired', { pool: p.id, resource: r.name });
  }
}

/**
 * Run a scenario on a pool library.
 *
 * @param scenario - a valid scenario within the host's subset.
 * @param driver - the library mapping.
 * @returns the trace, ending with `exit`.
 * @throws UnsupportedScenarioError when the scenario leaves the subset or uses
 *   a feature the library lacks.
 */
export async function runOnLibrary(scenario: Scenario, driver: PoolDriver): Promise<Trace> {
  const reasons = unsupportedFeatures(scenario, driver);
  if (reasons.length > 0) throw new UnsupportedScenarioError(`${driver.library} cannot run this scenario: ${reasons.join('; ')}`);
  return new Run(driver).run(scenario);
}
