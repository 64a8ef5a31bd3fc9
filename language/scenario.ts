/**
 * The scenario: the data a conformance run feeds to a runtime.
 *
 * @remarks
 * A scenario is plain JSON: the program of the `main` coroutine, whose
 * instructions may spawn more coroutines with programs of their own. Each
 * instruction is a record discriminated by `op`. The operational meaning of
 * every instruction — which trace events it produces, in which order — is
 * fixed by `docs/guides/trace-semantics.md`.
 *
 * The instruction set is the union of the areas' instruction sets: each
 * area module (`core.ts`, `scope.ts`, `pool.ts`, `breaker.ts`) adds its
 * union to {@link Instructions} by declaration merging, so a new area adds a
 * file and never edits this one. This module imports nothing.
 * @see https://true-async.github.io/en/docs/components/coroutines.html
 * @module
 */

/**
 * The instruction sets of the areas, keyed by area: `core`, `scope`, `pool`,
 * `breaker`. Each area module adds its own entry
 * (`declare module './scenario.js' { interface Instructions { pool: PoolInstruction } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Instructions {}

/**
 * Fields every instruction has besides its own, whatever its area: added to
 * each variant by {@link Instruction} (and to each variant's schema by
 * `language/schema.ts`), so no area declares them and no new op can lack them.
 */
export interface InstructionBase {
  /**
   * A short name of this instruction, echoed as `label` on the trace events
   * it causes (trace semantics, "Labels"): which events those are is fixed
   * there. Generators use it to tell a check which instruction an event
   * belongs to; it has no effect on what the instruction does.
   */
  label?: string;
}

/** Every instruction of the scenario language: the union of the areas' instruction sets, each with the {@link InstructionBase} fields. */
export type Instruction = Instructions[keyof Instructions] & InstructionBase;

/** The `op` names of the scenario language. */
export type Op = Instruction['op'];

/** A program: the instructions of one coroutine body, run in order. */
export type Program = Instruction[];

/** A scenario, version 1. */
export interface Scenario {
  /** Language version; always `1` for this shape. */
  version: 1;
  /** Optional human name (shown in reports). */
  name?: string;
  /** The program of the `main` coroutine. */
  main: Program;
}
