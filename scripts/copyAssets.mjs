// Copies the non-TypeScript files the compiled modules read at run time
// (the pool adapters' expectations.json, the published scenario.schema.json
// and trace.schema.json) from the source tree into dist/,
// at the same relative paths. Part of `npm run build`.
import { cpSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let copied = 0;
for (const top of ['language', 'spec', 'reference', 'conformance']) {
  for (const entry of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const rel = join(entry.parentPath, entry.name).slice(root.length + 1);
    cpSync(join(root, rel), join(root, 'dist', rel));
    copied++;
  }
}
console.log(`build: ${copied} JSON assets copied into dist/`);
