/**
 * Every mutant of the reference runtime: one deliberately broken runtime per
 * requirement, each replacing one seam of one area module (or of the
 * kernel) — `createReferenceRuntime({ seams: mutant.seams })`. The conformance suite must catch every one of them.
 * @module
 */
import type { Mutant } from './mutant.js';
import { mutant as swapRemoval } from './swapRemoval.js';
import { mutant as nestedNotify } from './nestedNotify.js';
import { mutant as passContinuesAfterThrow } from './passContinuesAfterThrow.js';
import { mutant as fireAfterClose } from './fireAfterClose.js';
import { mutant as noReplayValue } from './noReplayValue.js';
import { mutant as closedTriggerSuspends } from './closedTriggerSuspends.js';
import { mutant as doubleEnqueue } from './doubleEnqueue.js';
import { mutant as staleSubscriptions } from './staleSubscriptions.js';
import { mutant as resultBeatsError } from './resultBeatsError.js';
import { mutant as lastResultWins } from './lastResultWins.js';
import { mutant as lastCancellationWins } from './lastCancellationWins.js';
import { mutant as pendingErrorKept } from './pendingErrorKept.js';
import { mutant as bareTimeout } from './bareTimeout.js';
import { mutant as eagerSpawn } from './eagerSpawn.js';
import { mutant as cancelAfterCompletion } from './cancelAfterCompletion.js';
import { mutant as cancellationOverridesThrow } from './cancellationOverridesThrow.js';
import { mutant as finallyBeforeCompletion } from './finallyBeforeCompletion.js';
import { mutant as cancelledWhileRunning } from './cancelledWhileRunning.js';
import { mutant as finallyReversed } from './finallyReversed.js';
import { mutant as finallyOutsideScope } from './finallyOutsideScope.js';
import { mutant as lifoQueue } from './lifoQueue.js';
import { mutant as priorityIgnored } from './priorityIgnored.js';
import { mutant as slowReturn } from './slowReturn.js';
import { mutant as suspendAdvancesClock } from './suspendAdvancesClock.js';
import { mutant as noDeadlockDetection } from './noDeadlockDetection.js';
import { mutant as shutdownSparesUnstarted } from './shutdownSparesUnstarted.js';
import { mutant as stopAfterMain } from './stopAfterMain.js';
import { mutant as ignoreTimers } from './ignoreTimers.js';
import { mutant as loudCancellation } from './loudCancellation.js';
import { mutant as growWithoutUnwrap } from './growWithoutUnwrap.js';
import { mutant as closedTokenLosesError } from './closedTokenLosesError.js';

import { cancellationInvariantMutants } from './cancellationInvariantMutants.js';
import { scopeMutants } from './scopeMutants.js';
import { cancellationMutants } from './cancellationMutants.js';
import { poolMutants } from './poolMutants.js';
import { breakerMutants } from './breakerMutants.js';
import { mutant as tokenFailureHandled } from './tokenFailureHandled.js';

export type { Mutant } from './mutant.js';

/** All mutants, in requirement order. */
export const mutants: Mutant[] = [
  swapRemoval,
  nestedNotify,
  passContinuesAfterThrow,
  fireAfterClose,
  noReplayValue,
  closedTriggerSuspends,
  doubleEnqueue,
  staleSubscriptions,
  resultBeatsError,
  lastResultWins,
  lastCancellationWins,
  pendingErrorKept,
  bareTimeout,
  eagerSpawn,
  cancelAfterCompletion,
  cancellationOverridesThrow,
  finallyBeforeCompletion,
  cancelledWhileRunning,
  finallyReversed,
  finallyOutsideScope,
  lifoQueue,
  priorityIgnored,
  slowReturn,
  suspendAdvancesClock,
  noDeadlockDetection,
  shutdownSparesUnstarted,
  stopAfterMain,
  ignoreTimers,
  loudCancellation,
  ...scopeMutants,
  ...cancellationMutants,
  ...cancellationInvariantMutants,
  ...poolMutants,
  ...breakerMutants,
  tokenFailureHandled,
  growWithoutUnwrap,
  closedTokenLosesError,
];
