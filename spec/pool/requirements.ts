/**
 * Requirements of the pool model (POOL-1..15).
 * @module
 */
import { docsPage, extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync architecture page on the pool. */
export const POOL_ARCHITECTURE_PAGE = 'https://true-async.github.io/en/architecture/pool.html';

/** Every POOL requirement: the single source of truth for the pool IDs. */
export const requirements = requirementTable([
  {
    id: 'POOL-1',
    title: 'The constructor rejects min<0, max<1, min>max and healthcheckInterval<0 with ValueError, then pre-warms min resources into idle, stopping at the first factory exception, which it throws',
    source: extSource('tests/pool/010-pool_construct_errors.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-2',
    title: 'Always 0 ≤ count() ≤ max and count() = idleCount() + activeCount(); a resource inside a hook or a factory call is counted, so concurrent acquires never over-create',
    source: extSource('tests/pool/024-pool_max_size_concurrent_factory.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-3',
    title: 'An idle resource is always preferred over creating one, and idle is FIFO (oldest released first)',
    source: extSource('tests/pool/020-pool_resource_reuse.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-4',
    title: 'Waiters are served in arrival order: a release or freed capacity reserves its place for the oldest unreserved waiter, and nobody else — the releasing coroutine, tryAcquire — may take a reserved place',
    source: extSource('tests/pool/058-pool_release_does_not_barge.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-5',
    title: 'A woken waiter that leaves without using its reservation (timeout, cancellation, breaker, exception) hands it to the next unreserved waiter; with none, the resource stays idle and acquirable',
    source: extSource('tests/pool/060-pool_cancelled_waiter_hands_wakeup_on.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-6',
    title: 'A failing factory leaves no phantom slot: capacity is returned, one waiter is woken, and the factory\'s exception propagates to the caller, which does not wait',
    source: extSource('tests/pool/047-pool_factory_exception.phpt'),
    kind: 'observable',
    decision: 'The acquire diagram has a failing factory make the caller wait; the C code and pool tests 017 and 047 throw the factory\'s exception; the spec follows C.',
  },
  {
    id: 'POOL-7',
    title: 'beforeAcquire runs only for reused idle resources; false or a throw destroys the resource and acquisition retries (next idle or create)',
    source: extSource('tests/pool/008-pool_beforeAcquire_callback.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-8',
    title: 'beforeRelease false or a throw destroys the resource once instead of returning it, reports a failure and wakes one waiter; the resource stays counted active while the hook runs; the caller\'s reference survives',
    source: extSource('tests/pool/054-pool_broken_release_wakes_waiters.phpt'),
    kind: 'observable',
    decision: 'The release diagram decrements the active count before beforeRelease runs; the C code does it after; the spec follows C: the resource stays counted active while the hook runs.',
  },
  {
    id: 'POOL-9',
    title: 'acquire($ms > 0) not served in time throws Async\\TimeoutException("Operation has been cancelled by timeout"), not a PoolException; $ms = 0 waits forever',
    source: extSource('tests/pool/055-pool_acquire_timeout_exception.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-10',
    title: 'close() is idempotent: parked and later acquire() throw PoolException("Pool is closed"), tryAcquire() returns null, idle resources are destroyed at once (exactly once), active ones at their release, which still reports',
    source: extSource('tests/pool/063-pool_close_with_reserved_resource.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-11',
    title: 'Destructor exceptions during close() are chained and thrown from close(); on the beforeAcquire-rejection path they abort the acquire after waking one waiter',
    source: extSource('tests/pool/051-pool_beforeAcquire_reject_destructor_throws.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-12',
    title: 'The healthcheck checks only idle resources, never hands out one under check, destroys unhealthy ones and replaces them only up to min; its timer is hidden and stops on close',
    source: extSource('tests/pool/048-pool_healthcheck_basic.phpt'),
    kind: 'observable',
  },
  {
    id: 'POOL-13',
    title: 'Idle resources, every callable and the strategy are reported to the cycle collector',
    source: extSource('tests/pool/053-pool_gc_factory_cycle.phpt'),
    kind: 'spec-only',
    reason: 'GC reachability is observable only through gc_collect_cycles() and object cycles, which the scenario language cannot build',
  },
  {
    id: 'POOL-14',
    title: 'A Pool whose constructor did not run: acquire/release throw PoolException("Pool is not initialized"), counts are 0, isClosed() is true, tryAcquire() returns null',
    source: extSource('pool.c'),
    kind: 'spec-only',
    reason: 'Async\\Pool is final and internal, so newInstanceWithoutConstructor refuses it and a throwing constructor leaves no reference: no scenario can reach an uninitialised pool',
  },
  {
    id: 'POOL-15',
    title: 'Releasing a value that was not acquired from this pool throws PoolException("Resource does not belong to this pool") in the reference runtime',
    source: docsPage('reference/pool/release'),
    kind: 'spec-only',
    reason: 'C does not detect a foreign release (its counters go wrong), so no property can hold for the real runtime; the decision binds the reference runtime only',
    decision: 'The sources are silent on releasing a resource that came from another pool; the reference runtime throws, and the spec treats it as a caller error.',
  },
]);
