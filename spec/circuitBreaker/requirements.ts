/**
 * Requirements of the circuit breaker of `Async\Pool` (CB-1..8).
 * @module
 */
import { docsPage, extSource, requirementTable } from '../kernel/requirement.js';

/** The TrueAsync docs page on the resource pool and its circuit breaker. */
export const POOL_PAGE = docsPage('components/pool');

/** Every CB requirement: the single source of truth for the circuit-breaker IDs. */
export const requirements = requirementTable([
  {
    id: 'CB-1',
    title: 'A new pool\'s circuit breaker is ACTIVE',
    source: extSource('tests/pool/040-pool_circuit_breaker_state.phpt'),
    kind: 'observable',
  },
  {
    id: 'CB-2',
    title: 'activate(), deactivate() and recover() set ACTIVE, INACTIVE and RECOVERING from any state, self-loops included; deactivate() wakes no parked waiter',
    source: extSource('pool.c'),
    kind: 'observable',
    decision: 'Diagrams and stub comments restrict the breaker\'s transitions, limit RECOVERING and say shouldRecover() is polled; the C code allows every transition, sets no limit and never polls; the spec follows C.',
  },
  {
    id: 'CB-3',
    title: 'While INACTIVE, acquire() — on every retry, parked waiters included — throws ServiceUnavailableException("Service is unavailable (circuit breaker is open)"), tryAcquire() returns null, release() works normally',
    source: extSource('tests/pool/041-pool_circuit_breaker_acquire_inactive.phpt'),
    kind: 'observable',
  },
  {
    id: 'CB-4',
    title: 'RECOVERING admits acquire() and tryAcquire() exactly like ACTIVE, without any request limit',
    source: extSource('tests/pool/043-pool_circuit_breaker_recovering.phpt'),
    kind: 'observable',
    decision: 'Diagrams and stub comments restrict the breaker\'s transitions, limit RECOVERING and say shouldRecover() is polled; the C code allows every transition, sets no limit and never polls; the spec follows C.',
  },
  {
    id: 'CB-5',
    title: 'The pool never changes the breaker state on its own: only user code or the strategy calls activate/deactivate/recover',
    source: POOL_PAGE,
    kind: 'observable',
  },
  {
    id: 'CB-6',
    title: 'Each release() reports exactly once to the strategy: reportSuccess($pool), or reportFailure($pool, Exception("Resource validation failed")) when beforeRelease returned false or threw; acquire paths never report',
    source: extSource('tests/pool/052-pool_strategy_report_failure_before_release.phpt'),
    kind: 'observable',
  },
  {
    id: 'CB-7',
    title: 'Exceptions thrown by strategy methods are swallowed and change no pool outcome; setCircuitBreakerStrategy(null) removes the strategy',
    source: extSource('tests/pool/044-pool_circuit_breaker_strategy.phpt'),
    kind: 'observable',
  },
  {
    id: 'CB-8',
    title: 'CircuitBreakerStrategy::shouldRecover() is never invoked by the runtime',
    source: extSource('pool.c'),
    kind: 'observable',
    decision: 'Diagrams and stub comments restrict the breaker\'s transitions, limit RECOVERING and say shouldRecover() is polled; the C code allows every transition, sets no limit and never polls; the spec follows C.',
  },
]);
