/**
 * The virtual clock of the library host: `@sinonjs/fake-timers` driven step
 * by step, with visible and hidden timers.
 *
 * @remarks Every timer of a run — the host's own (`delay`, a callable's
 * `delayMs`) and the library's (acquire timeouts, retry and reap timers) — is
 * a fake-timers timer on one clock, so they fire in `(due, creation)` order
 * exactly as trace-semantics §1 orders timers. A timer is *visible* (it keeps
 * the run alive, like an armed TrueAsync timer) or *hidden* (it fires only
 * while a visible timer is armed, like EVT-4's hidden timers):
 *
 * - the host's timers are visible;
 * - a library timer (`setTimeout`, `setInterval`, `setImmediate`) is visible
 *   when its delay is below {@link HIDDEN_AFTER_MS} (retries, polls, the
 *   acquire timeouts the scenario asks for); longer ones — the libraries'
 *   "wait forever" stand-ins ({@link FOREVER_MS}) and the maintenance
 *   intervals the adapters configure to that length — are hidden.
 *
 * So a run ends — or declares a deadlock — when only hidden timers are left,
 * as TrueAsync's loop does, instead of advancing weeks of virtual time to a
 * library's "forever" deadline.
 * @module
 */
import { createClock } from '@sinonjs/fake-timers';
import type { InjectedGlobals } from './isolated.js';

/** A library timer armed this far ahead (virtual ms) or further is hidden: one hour. */
export const HIDDEN_AFTER_MS = 3_600_000;

/** The longest delay a JavaScript timer accepts (2³¹ − 1 ms): the libraries' "wait forever". */
export const FOREVER_MS = 2_147_483_647;

type TimerFn = (...args: unknown[]) => void;

/** One clock per run. */
export class VirtualClock {
  private readonly clock = createClock(0, 100_000);
  private readonly visible = new Set<unknown>();

  /** Virtual milliseconds since the start of the run. */
  get now(): number {
    return this.clock.now;
  }

  /** Whether a visible timer is armed (the run is kept alive). */
  hasVisibleTimer(): boolean {
    return this.visible.size > 0;
  }

  /**
   * Advance to the earliest timer (visible or hidden) and fire every timer due
   * at that time, in `(due, creation)` order (trace-semantics §4 step 2).
   */
  fireNext(): void {
    this.clock.next();
    this.clock.tick(0);
  }

  /**
   * Arm a visible timer of the host.
   *
   * @returns a function that disarms it.
   */
  hostTimer(fn: () => void, ms: number): () => void {
    const handle = this.arm(fn, ms, true);
    return () => this.disarm(handle);
  }

  private arm(fn: TimerFn, ms: number | undefined, visible: boolean, args: unknown[] = []): unknown {
    const handle: unknown = this.clock.setTimeout((...a: unknown[]) => {
      this.visible.delete(handle);
      fn(...a);
    }, ms ?? 0, ...args);
    if (visible) this.visible.add(handle);
    return handle;
  }

  private disarm(handle: unknown): void {
    this.visible.delete(handle);
    this.clock.clearTimeout(handle as never);
  }

  /** The timer globals a library instance sees (see {@link instantiate}). */
  libraryGlobals(): InjectedGlobals {
    const clock = this.clock;
    return {
      setTimeout: (fn, ms, ...args) => this.arm(fn, ms, (ms ?? 0) < HIDDEN_AFTER_MS, args),
      clearTimeout: (handle) => this.disarm(handle),
      setImmediate: (fn, ...args) => this.arm(fn, 0, true, args),
      clearImmediate: (handle) => this.disarm(handle),
      setInterval: (fn, ms, ...args) => {
        const handle: unknown = clock.setInterval(fn, ms ?? 0, ...args);
        if ((ms ?? 0) < HIDDEN_AFTER_MS) this.visible.add(handle);
        return handle;
      },
      clearInterval: (handle) => {
        this.visible.delete(handle);
        clock.clearInterval(handle as never);
      },
      Date: clock.Date as unknown as DateConstructor,
    };
  }
}
