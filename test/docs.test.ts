import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../docs/generateRequirements.js';
import { allRequirements } from '../spec/requirements.js';

describe('generated docs', () => {
  it('docs/requirements.md and docs/diagrams are up to date (run `npm run docs`)', () => {
    for (const [path, text] of generatedDocs()) {
      expect(readFileSync(new URL(`../docs/${path}`, import.meta.url), 'utf8'), path).toBe(text);
    }
  });

  it('the catalogue lists every requirement ID once', () => {
    const text = generatedDocs().get('requirements.md')!;
    for (const r of allRequirements) expect(text.split(`\n| ${r.id} |`).length - 1, r.id).toBe(1);
  });
});
