/**
 * The canonical form of a pool state, for de-duplication in `explore()`.
 *
 * @remarks Resource ids grow with every factory call (`r<n>`), so two states
 * that differ only in which ids their resources carry would never meet. The
 * canonical form renames the resources still referenced — idle ring first,
 * then each coroutine's resource in a hook or factory call and its held
 * resources — in order of appearance, and drops the factory call counter and
 * the records of resources nothing refers to any more that were destroyed
 * exactly once. Every invariant is checked on the real state before it is
 * de-duplicated; an unreferenced record that is not cleanly destroyed (a
 * broken machine's) stays in the form, so such a state is never merged with
 * a correct one.
 * @see https://true-async.github.io/en/docs/components/pool.html
 * @module
 */
import type { PoolState } from './model.js';

/**
 * A string equal for two states exactly when they agree up to renaming of
 * resources and forgotten history.
 *
 * @param s - the state.
 * @returns its canonical serialisation.
 */
export function serialize(s: PoolState): string {
  const names = new Map<string, string>();
  const name = (id: string): string => {
    if (!names.has(id)) names.set(id, `#${names.size}`);
    return names.get(id) as string;
  };
  const idle = s.idle.map(name);
  const coroutines = Object.entries(s.coroutines).map(([id, c]) => [
    id,
    c.status,
    c.mode,
    c.reserved,
    c.timeout,
    c.error,
    c.resource === null ? null : name(c.resource),
    c.held.map(name),
  ]);
  const resources = [...names].map(([id, n]) => [n, s.resources[id]?.status ?? 'pending', s.resources[id]?.destroys ?? 0]);
  const anomalies = Object.entries(s.resources)
    .filter(([id, r]) => !names.has(id) && !(r.status === 'destroyed' && r.destroys === 1))
    .map(([id, r]) => [id, r.status, r.destroys]);
  return JSON.stringify([
    s.status,
    idle,
    s.activeCount,
    s.reservedCount,
    s.waiters,
    s.circuit,
    s.timerArmed,
    coroutines,
    resources,
    anomalies,
    s.touchedActive,
    s.createdOverIdle,
    s.stranded,
  ]);
}
