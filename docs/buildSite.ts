/**
 * The last step of `npm run docs`: completes the site typedoc wrote into
 * `docs/api/` with what it does not copy itself — Mermaid's browser bundle,
 * which `docs/site/diagrams.js` (typedoc's `customJs`) loads to render the
 * state diagrams — so the site works offline.
 * @module
 */
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const site = fileURLToPath(new URL('./api/', import.meta.url));
const mermaid = join(dirname(createRequire(import.meta.url).resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
if (!existsSync(join(site, 'index.html'))) {
  console.error('docs: docs/api/index.html is missing; run typedoc first');
  process.exit(1);
}
copyFileSync(mermaid, join(site, 'assets', 'mermaid.min.js'));
console.log(`docs: site in ${site} (open index.html), Mermaid copied for the diagrams`);
