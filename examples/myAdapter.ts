/**
 * A minimal adapter: the shape every runtime under test plugs in with.
 *
 * @remarks Here `execute` delegates to the embedded reference runtime so the
 * example runs as it is; an adapter for your runtime runs `scenario` on it
 * (in-process, or by starting a process) and returns the trace it observed.
 * Used by the README and checked by `test/examples.test.ts`.
 * @module
 */
import type { Adapter } from 'trueasync-conformance/adapter';
import { ReferenceRuntime } from 'trueasync-conformance/reference';

const adapter: Adapter = {
  name: 'my-runtime',
  capabilities: ['core'],
  async execute(scenario) {
    // Run the scenario on a fresh runtime and return its trace (never throw).
    return new ReferenceRuntime().run(scenario);
  },
};

export default adapter;
