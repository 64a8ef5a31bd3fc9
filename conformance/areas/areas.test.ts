import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_AREAS } from '../../language/areas.js';
import { allRequirements } from '../../spec/requirements.js';
import { machines } from '../../spec/machines.js';
import { main } from '../cli.js';
import { allProperties } from '../properties/index.js';
import { requiredCapabilities } from '../scenario/validate.js';
import { areaMachines, areaNamed, areaOfCapabilities, areaRequirements, areas, ruleProperties } from './index.js';

describe('the list of areas', () => {
  it('names the areas of the language, in the same order, each with its own part of the language', () => {
    expect(areas.map((a) => a.name)).toEqual(LANGUAGE_AREAS.map((a) => a.capability));
    for (const [k, a] of areas.entries()) expect(a.language, a.name).toBe(LANGUAGE_AREAS[k]);
    for (const a of areas) expect(a.needs.at(-1), a.name).toBe(a.name);
  });

  it('holds every requirement of the catalogue once, in catalogue order', () => {
    expect(areaRequirements.map((r) => r.id)).toEqual(allRequirements.map((r) => r.id));
    expect(areaMachines.map((m) => m.name)).toEqual(machines.map((m) => m.name));
  });

  it('gives every rule property to one area, and every area one acceptance property, last', () => {
    expect(allProperties).toEqual([...ruleProperties, ...allProperties.filter((p) => p.strict)]);
    expect(allProperties.filter((p) => p.strict).map((p) => p.key)).toEqual(areas.map((a) => `STRICT.${a.name}`));
    expect(new Set(allProperties.map((p) => p.key)).size).toBe(allProperties.length);
    const ids = new Set(areaRequirements.map((r) => r.id));
    for (const p of ruleProperties) for (const id of p.requirements) expect(ids.has(id), `${p.key}: ${id}`).toBe(true);
  });

  it('puts a property in the last area whose capability it needs', () => {
    expect(areaOfCapabilities(['core']).name).toBe('core');
    expect(areaOfCapabilities(['core', 'scope']).name).toBe('scope');
    expect(areaOfCapabilities(['pool']).name).toBe('pool');
    expect(areaOfCapabilities(['pool', 'breaker']).name).toBe('breaker');
    expect(areaOfCapabilities([]).name).toBe('core');
    expect(areaNamed('pool')?.name).toBe('pool');
    expect(areaNamed('pdo')).toBeUndefined();
  });

  it("no property's scenarios use an instruction of an area whose capability it does not declare (core aside: the pool libraries run a subset of it)", () => {
    const missing: string[] = [];
    for (const p of allProperties) {
      for (const scenario of fc.sample(p.arbitrary, { numRuns: 30, seed: 11 })) {
        for (const c of requiredCapabilities(scenario)) if (c !== 'core' && !p.capabilities.includes(c)) missing.push(`${p.key} needs ${c}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  }, 120_000);

  it('`areas --json` lists each area with its capability, requirements, instructions and event kinds', async () => {
    let out = '';
    const sink = { write: (s: string) => ((out += s), true) };
    expect(await main(['areas', '--json'], { stdout: sink, stderr: sink })).toBe(0);
    const rows = JSON.parse(out) as { capability: string; requirements: string[]; instructions: string[]; events: string[]; properties: string[] }[];
    expect(rows.map((r) => r.capability)).toEqual(['core', 'scope', 'pool', 'breaker']);
    expect(rows.flatMap((r) => r.requirements)).toEqual(allRequirements.map((r) => r.id));
    expect(rows[2]!.instructions).toContain('pool.acquire');
    expect(rows[3]!.events).toEqual(['report', 'breaker']);
    expect(rows.flatMap((r) => r.properties)).toEqual(ruleProperties.map((p) => p.key));
    out = '';
    expect(await main(['areas'], { stdout: sink, stderr: sink })).toBe(0);
    expect(out).toContain('4 areas');
    expect(out).toMatch(/^scope {2}Async\\Scope and structured cancellation$/m);
  });
});
