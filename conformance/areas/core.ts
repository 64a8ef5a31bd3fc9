/**
 * The core area: events, wakers, coroutines, the scheduler, virtual time,
 * `protect` — capability `core`.
 * @module
 */
import { core as language } from '../../language/core.js';
import { requirements as event } from '../../spec/event/requirements.js';
import { requirements as waker } from '../../spec/waker/requirements.js';
import { requirements as coroutine } from '../../spec/coroutine/requirements.js';
import { requirements as scheduler } from '../../spec/scheduler/requirements.js';
import { machine as eventMachine } from '../../spec/event/machine.js';
import { machine as wakerMachine } from '../../spec/waker/machine.js';
import { machine as coroutineMachine } from '../../spec/coroutine/machine.js';
import { machine as schedulerMachine } from '../../spec/scheduler/machine.js';
import { coreScenario } from '../arbitraries/coreScenario.js';
import { eventProperties } from '../properties/event.props.js';
import { wakerProperties } from '../properties/waker.props.js';
import { coroutineProperties } from '../properties/coroutine.props.js';
import { schedulerProperties } from '../properties/scheduler.props.js';
import type { Area } from './area.js';

/** The core area (EVT, WAK, COR, SCH). */
export const coreArea: Area = {
  name: 'core',
  summary: 'events, wakers, coroutines, the scheduler, virtual time, protect',
  language,
  requirements: [event, waker, coroutine, scheduler],
  machines: [eventMachine, wakerMachine, coroutineMachine, schedulerMachine],
  properties: [...eventProperties, ...wakerProperties, ...coroutineProperties, ...schedulerProperties],
  scenarios: [coreScenario()],
  needs: ['core'],
};
