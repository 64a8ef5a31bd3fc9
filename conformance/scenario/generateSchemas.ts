/**
 * Writes the published JSON Schemas, `scenario.schema.json` and
 * `trace.schema.json`, beside this module from `language/schema.ts`.
 *
 * @remarks Run with `npm run schemas` after changing an area's tables; a
 * test fails while a published file is not current. Both files ship in the
 * package (`trueasync-conformance/scenario.schema.json`,
 * `trueasync-conformance/trace.schema.json`) for implementers in other
 * languages.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { scenarioSchema, traceSchema } from '../../language/schema.js';

/** Every published schema: file name (beside this module) → its text. */
export function schemaFiles(): Map<string, string> {
  const text = (schema: object): string => `${JSON.stringify(schema, null, 2)}\n`;
  return new Map([
    ['scenario.schema.json', text(scenarioSchema)],
    ['trace.schema.json', text(traceSchema)],
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, text] of schemaFiles()) writeFileSync(new URL(name, import.meta.url), text);
  console.log(`schemas: ${[...schemaFiles().keys()].join(', ')}`);
}
