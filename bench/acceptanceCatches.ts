/**
 * How many mutants acceptance alone catches: each mutant of `test/mutants/`
 * against the four acceptance properties (`STRICT.<area>`, 100 generated
 * scenarios each, seed 1 — the settings of the suite's own mutant test), and,
 * for a mutant with a witness scenario, whether acceptance rejects its trace
 * of that scenario (the oracle catches it once a scenario reaches the bug).
 *
 * Run with `npx tsx bench/acceptanceCatches.ts`; prints one line per mutant
 * and a summary (`caught`, `missed`, and of the missed how many acceptance
 * rejects on their witness).
 * @module
 */
import { mutants } from '../test/mutants/index.js';
import { witnesses } from '../test/mutants/witnesses.js';
import { acceptanceProperties } from '../conformance/properties/acceptance.props.js';
import { checkProperty } from '../conformance/harness/run.js';
import { createReferenceAdapter } from '../reference/adapter.js';
import { createReferenceRuntime } from '../reference/runtime.js';
import { accepts } from '../spec/system/accepts.js';
import { expectedTrace } from '../spec/system/interpret.js';

let caught = 0;
const missed: string[] = [];
let missedButWitnessRejected = 0;
for (const m of mutants) {
  const adapter = createReferenceAdapter({ seams: m.seams, name: m.name });
  let by: string | undefined;
  let attributed: string[] = [];
  for (const p of acceptanceProperties) {
    const r = await checkProperty(p, { adapter, expectedTrace, runs: 100, seed: 1, timeoutMs: 5000 });
    if (r.status === 'fail' && r.failure?.classification === 'violation') {
      by = p.key;
      attributed = r.failure.requirements ?? [];
      break;
    }
  }
  const witness = witnesses[m.name];
  let onWitness = 'no witness';
  if (witness) {
    const scenario = { version: 1 as const, main: witness };
    onWitness = accepts(scenario, createReferenceRuntime({ seams: m.seams }).run(scenario)).accepted ? 'witness accepted' : 'witness rejected';
  }
  if (by) {
    caught++;
    console.log(`caught  ${m.targets.padEnd(7)} ${m.name.padEnd(28)} by ${by.padEnd(14)} attributed ${attributed.join(',')}${attributed.includes(m.targets) ? ' (incl. target)' : ''}`);
  } else {
    missed.push(m.name);
    if (onWitness === 'witness rejected') missedButWitnessRejected++;
    console.log(`MISSED  ${m.targets.padEnd(7)} ${m.name.padEnd(28)} ${onWitness}`);
  }
}
console.log(`\n${caught} of ${mutants.length} mutants caught by acceptance alone; ${missed.length} missed, of which ${missedButWitnessRejected} are rejected on their witness scenario`);
