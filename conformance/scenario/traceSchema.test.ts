import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../spec/system/trace.js';
import { EVENT_FIELDS, traceSchema } from './traceSchema.js';

describe('the trace schema', () => {
  it('has one variant per event kind of the vocabulary', () => {
    expect(Object.keys(EVENT_FIELDS).sort()).toEqual([...EVENT_KINDS].sort());
  });
  it('is published as trace.schema.json, unchanged (regenerate: npx tsx -e "import(\'./conformance/scenario/traceSchema.ts\').then(m => require(\'fs\').writeFileSync(\'conformance/scenario/trace.schema.json\', JSON.stringify(m.traceSchema, null, 2) + \'\\n\'))")', () => {
    const published = JSON.parse(readFileSync(new URL('./trace.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(published).toEqual(JSON.parse(JSON.stringify(traceSchema)));
  });
  it('compiles in strict mode and accepts a conforming trace', () => {
    const check = new Ajv({ discriminator: true, strict: true, allowUnionTypes: true }).compile(traceSchema);
    expect(check([{ t: 0, actor: 'main', kind: 'started' }, { t: 0, actor: 'scheduler', kind: 'exit', error: { class: 'Exception', message: 'x' } }])).toBe(true);
    expect(check([{ t: 0, actor: 'main', kind: 'query', target: 'p', what: 'count', value: 2 }])).toBe(true);
  });
});
