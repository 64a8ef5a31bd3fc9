/**
 * The scope area: `Async\Scope` and structured cancellation — capability
 * `scope`.
 *
 * @remarks The cancellation module (CAN) is this area's: most of its
 * properties need only `core` (cancelling a coroutine), and each property
 * declares what it needs, so they run for a core-only adapter too.
 * @module
 */
import { scope as language } from '../../language/scope.js';
import { requirements as scope } from '../../spec/scope/requirements.js';
import { requirements as cancellation } from '../../spec/cancellation/requirements.js';
import { machine as scopeMachine } from '../../spec/scope/machine.js';
import { machine as cancellationMachine } from '../../spec/cancellation/machine.js';
import { parts as scopeLifecycleParts } from '../../spec/scope/lifecycle.js';
import { scopeForestScenario } from '../arbitraries/scopeForest.js';
import { lifecycleScenario, scopeWaitScenario } from '../arbitraries/scopeScenarios.js';
import { scopeProperties } from '../properties/scope.props.js';
import { cancellationProperties } from '../properties/cancellation.props.js';
import { cancellationInvariantProperties } from '../properties/cancellationInvariants.props.js';
import { finallyOrderProperties } from '../properties/finallyOrder.props.js';
import type { Area } from './area.js';

/** The scope area (SCP, CAN). */
export const scopeArea: Area = {
  name: 'scope',
  summary: 'Async\\Scope and structured cancellation',
  language,
  requirements: [scope, cancellation],
  machines: [scopeMachine, ...scopeLifecycleParts, cancellationMachine],
  properties: [...scopeProperties, ...cancellationProperties, ...cancellationInvariantProperties, ...finallyOrderProperties],
  scenarios: [scopeForestScenario(), lifecycleScenario(), scopeWaitScenario({ zombies: true })],
  needs: ['core', 'scope'],
};
