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

/**
 * An area module of the reference runtime.
 *
 * @typeParam Name - the area's name (the key of its seams in `ReferenceSeams`).
 * @typeParam Seams - its seam record.
 * @typeParam Ops - the instructions it handles.
 * @typeParam Instance - the area's state, which its handlers and seams are called with.
 */
export interface AreaModule<Name extends string, Seams extends object, Ops extends LeafOp, Instance> {
  /** The area's name. */
  readonly name: Name;
  /** The adapter capabilities the area implements (the reference adapter declares those of every area). */
  readonly capabilities: readonly Capability[];
  /** The default seams (the reference behaviour). */
  readonly seams: Seams;
  /** The handlers of its instructions, one per op (a static table, called with the instance). */
  readonly handlers: HandlerTable<Ops, Instance>;
  /**
   * Install the area on a kernel (once per run): create its state, register its targets and hooks.
   *
   * @param kernel - the kernel.
   * @param seams - the seams to use: the defaults with a mutant's replacements.
   * @returns the area instance.
   */
  install(kernel: Kernel, seams: Seams): Instance;
}

/** Any area module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAreaModule = AreaModule<string, any, any, any>;

/**
 * Define an area module (an identity that infers its type parameters).
 *
 * @param area - the module.
 * @returns the same module.
 */
export function defineArea<Name extends string, Seams extends object, Ops extends LeafOp, Instance>(
  area: AreaModule<Name, Seams, Ops, Instance>,
): AreaModule<Name, Seams, Ops, Instance> {
  return area;
}

/**
 * The ops an area module handles.
 *
 * @typeParam A - the area module.
 */
export type OpsOf<A> = A extends { readonly handlers: infer H } ? keyof H & LeafOp : never;

/**
 * The ops handled by more than one area of a list (`never` when none is).
 *
 * @typeParam L - the list of area modules.
 * @typeParam Seen - the ops of the areas before.
 */
export type HandledTwice<L extends readonly unknown[], Seen = never> = L extends readonly [infer H, ...infer R]
  ? (OpsOf<H> & Seen) | HandledTwice<R, Seen | OpsOf<H>>
  : never;
