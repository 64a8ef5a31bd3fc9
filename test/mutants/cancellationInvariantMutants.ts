/**
 * The mutants of the cancellation-invariant cancellation properties (`cancellationInvariants.props.ts`),
 * each naming the property that must catch it.
 * @module
 */
import type { Mutant } from './mutant.js';
import { mutant as cancelWaitsForWakeup } from './cancelWaitsForWakeup.js';
import { mutant as cancelCascadesUpward } from './cancelCascadesUpward.js';
import { mutant as unstartedRunsAfterCancel } from './unstartedRunsAfterCancel.js';
import { mutant as secondReasonWins } from './secondReasonWins.js';
import { mutant as protectIgnored } from './protectIgnored.js';
import { mutant as protectDropsDeferred } from './protectDropsDeferred.js';
import { mutant as requestedIgnoresDeferred } from './requestedIgnoresDeferred.js';
import { mutant as safeScopeCancels } from './safeScopeCancels.js';
import { mutant as timeoutCancelsTarget } from './timeoutCancelsTarget.js';
import { mutant as cancellationFailsTogether } from './cancellationFailsTogether.js';
import { mutant as scopeFinallyTwice } from './scopeFinallyTwice.js';
import { mutant as ignoredSkipsFinally } from './ignoredSkipsFinally.js';

/** The cancellation-invariant mutants, in property order (termination … finally-once). */
export const cancellationInvariantMutants: Mutant[] = [
  cancelWaitsForWakeup,
  cancelCascadesUpward,
  unstartedRunsAfterCancel,
  secondReasonWins,
  protectIgnored,
  protectDropsDeferred,
  requestedIgnoresDeferred,
  safeScopeCancels,
  timeoutCancelsTarget,
  cancellationFailsTogether,
  scopeFinallyTwice,
  ignoredSkipsFinally,
];
