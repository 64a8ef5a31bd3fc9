import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, LANGUAGE_AREAS, OPS } from '../../language/index.js';
import { schemaFiles } from './generateSchemas.js';
import { EVENT_FIELDS, traceSchema } from './traceSchema.js';
import { scenarioSchema } from './schema.js';

describe('the published schemas', () => {
  it('the trace schema has one variant per event kind of the vocabulary, each from the area that owns it', () => {
    expect(Object.keys(EVENT_FIELDS).sort()).toEqual([...EVENT_KINDS].sort());
    expect(traceSchema.$defs.event.oneOf.map((v) => (v.properties as { kind: { const: string } }).kind.const)).toEqual([...EVENT_KINDS]);
    expect(LANGUAGE_AREAS.flatMap((a) => Object.keys(a.events))).toEqual([...EVENT_KINDS]);
  });
  it('the scenario schema has one variant per op, area by area', () => {
    expect(scenarioSchema.$defs.instruction.oneOf.map((v) => (v.properties as { op: { const: string } }).op.const)).toEqual([...OPS]);
    expect(new Set(OPS).size).toBe(OPS.length);
    expect(OPS.slice(0, 4)).toEqual(['spawn', 'suspend', 'delay', 'await']);
    expect(OPS).toContain('pool.setStrategy');
  });
  for (const [name, text] of schemaFiles()) {
    it(`${name} is current (regenerate: npm run schemas)`, () => {
      expect(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')).toBe(text);
    });
  }
  it('the trace schema compiles in strict mode and accepts a conforming trace', () => {
    const check = new Ajv({ discriminator: true, strict: true, allowUnionTypes: true }).compile(traceSchema);
    expect(check([{ t: 0, actor: 'main', kind: 'started' }, { t: 0, actor: 'scheduler', kind: 'exit', error: { class: 'Exception', message: 'x' } }])).toBe(true);
    expect(check([{ t: 0, actor: 'main', kind: 'query', target: 'p', what: 'count', value: 2 }])).toBe(true);
    expect(check([{ t: 0, actor: 'main', kind: 'query', target: 'p', what: 'countAll', value: 2 }])).toBe(false);
  });
  it('the published scenario schema, read as plain JSON, validates a scenario of every area', () => {
    const published = JSON.parse(readFileSync(new URL('./scenario.schema.json', import.meta.url), 'utf8')) as object;
    const check = new Ajv({ discriminator: true, strict: true, allowUnionTypes: true }).compile(published);
    const main = [
      { op: 'spawn', id: 'a', body: [{ op: 'protect', body: [{ op: 'suspend' }] }] },
      { op: 'scope.new', id: 's' },
      { op: 'pool.new', id: 'p', max: 1, beforeAcquire: { falseOn: [1] } },
      { op: 'pool.setStrategy', pool: 'p', strategy: { deactivateAfter: 2 } },
      { op: 'query', target: 'p', what: 'getState' },
    ];
    expect(check({ version: 1, main })).toBe(true);
    expect(check({ version: 1, main: [{ op: 'pool.new', id: 'p', max: 0 }] })).toBe(false);
    expect(check({ version: 1, main: [{ op: 'query', target: 's', what: 'isHappy' }] })).toBe(false);
  });
});
