/**
 * What an area module of the reference runtime is.
 *
 * @remarks
 * The reference runtime is a {@link Kernel} plus area modules, each of
 * which registers, when installed on the kernel, the handlers of its
 * instructions, its `query` / `onFinally` targets and whatever kernel hook
 * it owns (the scope area is the kernel's home of coroutines); timers are
 * armed on the kernel's clock by the area itself. Each area exposes its
 * replaceable behaviours as one named, typed seam record; a mutant replaces
 * one seam of one area. The areas are listed once, in `reference/areas.ts`.
 * @module
 */
import type { Capability } from '../conformance/adapter.js';
import type { HandlerTable, Kernel, LeafOp } from './kernel.js';

/** An installed area: the handlers of its instructions, one per op. */
export interface InstalledArea<Ops extends LeafOp> {
  /** The instruction handlers. */
  readonly handlers: HandlerTable<Ops>;
}

/**
 * An area module of the reference runtime.
 *
 * @typeParam Name - the area's name (the key of its seams in `ReferenceSeams`).
 * @typeParam Seams - its seam record.
 * @typeParam Ops - the instructions it handles.
 */
export interface AreaModule<Name extends string, Seams extends object, Ops extends LeafOp> {
  /** The area's name. */
  readonly name: Name;
  /** The adapter capabilities the area implements (the reference adapter declares those of every area). */
  readonly capabilities: readonly Capability[];
  /** The default seams (the reference behaviour). */
  readonly seams: Seams;
  /**
   * Install the area on a kernel: register its targets and hooks.
   *
   * @param kernel - the kernel.
   * @param seams - the seams to use: the defaults with a mutant's replacements.
   * @returns the installed area with its handlers.
   */
  install(kernel: Kernel, seams: Seams): InstalledArea<Ops>;
}

/** Any area module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAreaModule = AreaModule<string, any, any>;

/**
 * Define an area module (an identity that infers its type parameters).
 *
 * @param area - the module.
 * @returns the same module.
 */
export function defineArea<Name extends string, Seams extends object, Ops extends LeafOp>(area: AreaModule<Name, Seams, Ops>): AreaModule<Name, Seams, Ops> {
  return area;
}

/**
 * The ops an area module handles.
 *
 * @typeParam A - the area module.
 */
export type OpsOf<A> = A extends AreaModule<string, object, infer O> ? O : never;

/**
 * The ops handled by more than one area of a list (`never` when none is).
 *
 * @typeParam L - the list of area modules.
 * @typeParam Seen - the ops of the areas before.
 */
export type HandledTwice<L extends readonly unknown[], Seen = never> = L extends readonly [infer H, ...infer R]
  ? (OpsOf<H> & Seen) | HandledTwice<R, Seen | OpsOf<H>>
  : never;
