/**
 * CB-7 mutant: an exception thrown by the strategy propagates out of release().
 * @module
 */
import { ReferenceRuntime, ScenarioThrow, makeError, MESSAGES, type Pool, type ReportKind } from '../../reference/index.js';
import type { Mutant } from './mutant.js';

/** *report* without the pool's try/catch around the strategy. */
class StrategyErrorEscapesRuntime extends ReferenceRuntime {
  protected override report(pool: Pool, what: ReportKind): void {
    const strategy = pool.strategy;
    if (strategy === undefined) return;
    const actor = this.actorId();
    this.emit(actor, { kind: 'report', pool: pool.id, what });
    const spec = strategy.spec;
    if (what === 'failure') {
      strategy.failures++;
      if (spec.deactivateAfter !== undefined && strategy.failures >= spec.deactivateAfter) this.setBreakerState(actor, pool, 'INACTIVE');
    } else if (spec.activateOnSuccess === true) {
      this.setBreakerState(actor, pool, 'ACTIVE');
    }
    if (spec.throwOn?.includes(what)) throw new ScenarioThrow(makeError('RuntimeException', MESSAGES.strategyFailed));
  }
}

/** Strategy exceptions are not swallowed. */
export const mutant: Mutant = {
  name: 'strategyErrorEscapes',
  targets: 'CB-7',
  description: 'an exception thrown by reportSuccess/reportFailure propagates out of release() (and replaces an exception in flight)',
  caughtBy: 'CB-7:',
  Runtime: StrategyErrorEscapesRuntime,
};
