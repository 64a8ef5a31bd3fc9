/**
 * The areas of the reference runtime: the one list a new area is added to.
 *
 * @remarks
 * The order is the order in which `query` / `onFinally` targets are
 * resolved (a coroutine id, then a scope id, then a pool id). The compiler
 * checks here that every leaf instruction of the scenario language is
 * handled by exactly one area.
 * @module
 */
import type { HandledTwice, OpsOf } from './area.js';
import { coreArea } from './core.js';
import type { LeafOp } from './kernel.js';
import { poolArea } from './pooling.js';
import { scopeArea } from './scoping.js';

/** The area modules of the reference runtime, in target-resolution order. */
export const referenceAreas = [coreArea, scopeArea, poolArea] as const;

/** The reference areas' type. */
export type ReferenceAreas = typeof referenceAreas;

/** Leaf ops no area handles (must be `never`). */
type Unhandled = Exclude<LeafOp, OpsOf<ReferenceAreas[number]>>;

/** Compile-time check: every leaf op is handled, and none twice. */
const everyOpOnce: [Unhandled, HandledTwice<ReferenceAreas>] extends [never, never]
  ? true
  : { unhandled: Unhandled; handledTwice: HandledTwice<ReferenceAreas> } = true;
void everyOpOnce;
