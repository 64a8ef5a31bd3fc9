/**
 * Which requirements an event of the trace is attributed to: the IDs of the
 * transitions of the primitive machines (`spec/<primitive>/machine.ts`) whose
 * effect the event makes observable.
 *
 * @remarks Every event the system model emits carries such a list
 * (`emit(…, by)`); where an emission site does not name its own, the event's
 * {@link claims} apply. The same table attributes an observed event that the
 * model did not allow: the transitions that would have produced an event like
 * it are the requirements it claims to satisfy.
 * @module
 */
import type { RequirementId } from '../requirements.js';
import type { TraceEvent } from './trace.js';

/** The requirement IDs of one emitted event. */
export type Attribution = readonly RequirementId[];

/**
 * The requirement IDs an event claims, by kind and data: the transitions that
 * produce such an event.
 *
 * - `started` — the scheduler picks a queued coroutine (COR-1 `pick`, SCH-1);
 * - `spawned` — `spawn` registers and enqueues (COR-1 `spawn`);
 * - `suspended` — a waker parks (WAK-1 `park`; SCH-6 for `suspend()`, the pool's waiter queue POOL-4);
 * - `resumed` — a waker delivers one outcome (WAK-1; with an error, the cancellation or timeout: CAN-2, WAK-8);
 * - `awaited` — replay of a stored outcome or the delivered value (EVT-12, SCH-5);
 * - `completed` / `failed` — `finish` (COR-5; a failure with a cancellation: CAN-7);
 * - `caught` — a catch clause runs (CAN-10; for a cancellation CAN-1);
 * - `cancel` — `cancel` (CAN-2); `scopeCancel` — the cascade (SCP-4; the timer: SCP-11);
 * - `fire` / `close` / `settle` / `on` / `off` / `callback` — the notify pass (EVT-6; close EVT-11);
 * - `warning` — a nested notify (EVT-8) or an await of a closed event (EVT-13);
 * - `query` — the predicates (COR-6, SCP-9, POOL-2);
 * - `handler` — the scope exception handlers (SCP-14);
 * - `finally` — finally handlers (COR-7, SCP-16);
 * - pool events — their pool transitions (POOL-3, POOL-7, POOL-8, POOL-10, POOL-12, CB-2, CB-6);
 * - `shutdown` (SCH-9), `deadlock` (SCH-8), `exit` (SCH-12).
 */
export function claims(event: TraceEvent): Attribution {
  switch (event.kind) {
    case 'started': return ['COR-1', 'SCH-1'];
    case 'spawned': return ['COR-1'];
    case 'suspended':
      if (event.on === 'queue') return ['SCH-6', 'WAK-1'];
      if (event.on.startsWith('pool:')) return ['POOL-4', 'WAK-1'];
      if (event.on.startsWith('scope:')) return ['SCP-13', 'WAK-1'];
      return ['WAK-1'];
    case 'resumed': return event.error ? ['CAN-2', 'WAK-8', 'WAK-1'] : ['WAK-1', 'WAK-4'];
    case 'awaited': return ['EVT-12', 'SCH-5'];
    case 'completed': return ['COR-5'];
    case 'failed': return ['COR-5', 'CAN-7'];
    case 'caught': return ['CAN-10', 'CAN-1'];
    case 'cancel': return ['CAN-2'];
    case 'log': return ['SCH-1'];
    case 'fire': case 'settle': case 'on': case 'off': case 'callback': return ['EVT-6'];
    case 'close': return ['EVT-11'];
    case 'warning': return ['EVT-8', 'EVT-13'];
    case 'query': return ['COR-6', 'SCP-9', 'POOL-2'];
    case 'scopeCancel': return event.how === 'timeout' ? ['SCP-11'] : ['SCP-4', 'SCP-10'];
    case 'handler': return ['SCP-14'];
    case 'acquire': return ['POOL-4'];
    case 'acquired': return event.resource === null ? ['CB-3', 'POOL-10'] : ['POOL-3'];
    case 'release': return ['POOL-8', 'CB-6'];
    case 'created': return ['POOL-3', 'POOL-2'];
    case 'destroyed': return ['POOL-10', 'POOL-8', 'POOL-7'];
    case 'hook':
      if (event.hook === 'beforeAcquire') return ['POOL-7'];
      return event.hook === 'beforeRelease' ? ['POOL-8'] : ['POOL-12'];
    case 'report': return ['CB-6'];
    case 'breaker': return ['CB-2'];
    case 'poolClose': return ['POOL-10'];
    case 'finally': return ['COR-7', 'SCP-16'];
    case 'shutdown': return ['SCH-9'];
    case 'deadlock': return ['SCH-8'];
    case 'exit': return event.error ? ['SCH-8', 'SCH-12'] : ['SCH-12'];
  }
}
