/**
 * The pool area: `Async\Pool` — acquire, release, close, the factory,
 * destructor and hooks — capability `pool`.
 * @module
 */
import { pool as language } from '../../language/pool.js';
import { requirements as pool } from '../../spec/pool/requirements.js';
import { parts as poolParts } from '../../spec/pool/machine.js';
import { handoffScenario, prewarmScenario, workloadScenario } from '../arbitraries/poolScenarios.js';
import { poolProperties } from '../properties/pool.props.js';
import type { Area } from './area.js';

/** The pool area (POOL). */
export const poolArea: Area = {
  name: 'pool',
  summary: 'Async\\Pool: acquire, release, close, the factory, destructor and hooks',
  language,
  requirements: [pool],
  machines: [...poolParts],
  properties: [...poolProperties],
  scenarios: [workloadScenario(), prewarmScenario(), handoffScenario()],
  needs: ['core', 'pool'],
};
