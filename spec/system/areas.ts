/**
 * The spec areas the system model is composed of, and the tables the
 * interpreter reads from them. Adding an area is its files plus one line in
 * {@link AREAS}; the compiler checks that every instruction, resumption kind
 * and timer role has exactly one area.
 * @module
 */
import type { Instruction } from './scenario.js';
import type { Resumption, Timer, TimerRoleSpec } from './state.js';
import type { Executor, Op, Resume, TargetHandler, TargetedOp } from './area.js';
import { coreArea } from './coreArea.js';
import { eventArea } from './eventArea.js';
import { scopeArea } from './scopeArea.js';
import { poolArea } from './poolArea.js';

/** Every area, in the order targeted instructions ask them (`query`, `onFinally`: the executing area last). */
export const AREAS = [coreArea, eventArea, scopeArea, poolArea] as const;

type Areas = typeof AREAS;
type Keys<A, F extends string> = A extends { [P in F]: infer R } ? keyof R & string : never;
/** The keys of field `F` claimed by more than one area of `T`. */
type Shared<T extends readonly unknown[], F extends string> = T extends readonly [infer H, ...infer R]
  ? (Keys<H, F> & Keys<R[number], F>) | Shared<R, F>
  : never;
/** `true` when the areas cover exactly `All` in field `F`, each key once; otherwise a type naming what is wrong. */
type ExactlyOnce<F extends string, All extends string> = [Exclude<All, Keys<Areas[number], F>>] extends [never]
  ? [Shared<Areas, F>] extends [never]
    ? [Exclude<Keys<Areas[number], F>, All>] extends [never] ? true : { unknown: Exclude<Keys<Areas[number], F>, All> }
    : { claimedTwice: Shared<Areas, F> }
  : { noArea: Exclude<All, Keys<Areas[number], F>> };

// Compile-time checks: each instruction, resumption kind and timer role belongs to exactly one area.
const opsCovered: ExactlyOnce<'execute', Op> = true;
const resumptionsCovered: ExactlyOnce<'resume', Resumption> = true;
const timerRolesCovered: ExactlyOnce<'timers', Timer['role']> = true;
void [opsCovered, resumptionsCovered, timerRolesCovered];

/** An area as the tables below read it: fields as string-keyed records. */
type AreaTables = { readonly [F in 'execute' | 'resume' | 'timers' | 'targets']?: Readonly<Record<string, unknown>> };
const LIST: readonly AreaTables[] = AREAS;

function table<V>(field: keyof AreaTables): Record<string, V> {
  const out: Record<string, V> = {};
  for (const area of LIST) {
    for (const [key, value] of Object.entries(area[field] ?? {})) {
      if (Object.hasOwn(out, key)) throw new Error(`spec: ${field} '${key}' claimed by two areas`);
      out[key] = value as V;
    }
  }
  return out;
}

/** The executor of every instruction, by `op`. */
export const EXECUTORS = table<Executor>('execute') as unknown as { readonly [K in Op]: Executor<Extract<Instruction, { op: K }>> };

/** How each resumption kind continues. */
export const RESUMES = table<Resume>('resume') as Readonly<Record<Resumption, Resume>>;

/** Every timer role. */
export const TIMER_ROLES = table<TimerRoleSpec>('timers') as Readonly<Record<Timer['role'], TimerRoleSpec>>;

/** For each targeted instruction, the areas' handlers of their own targets, in list order. */
export const TARGET_HANDLERS = ((): { readonly [K in TargetedOp]?: readonly TargetHandler<Extract<Instruction, { op: K }>>[] } => {
  const out: Record<string, unknown[]> = {};
  for (const area of LIST) for (const [op, handler] of Object.entries(area.targets ?? {})) (out[op] ??= []).push(handler);
  return out;
})();
