/**
 * Helpers shared by the reference runtime's own tests (not part of the runtime).
 * @module
 */
import type { Program, Trace } from '../../conformance/adapter.js';
import { ReferenceRuntime } from '../../reference/runtime.js';

/** Run `main` on a fresh reference runtime. */
export function run(main: Program): Trace {
  return new ReferenceRuntime().run({ version: 1, main });
}

/** A trace event. */
export function ev(t: number, actor: string, kind: string, data: Record<string, unknown> = {}): unknown {
  return { t, actor, kind, ...data };
}
