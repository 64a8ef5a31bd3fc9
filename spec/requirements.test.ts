import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRequirements } from './requirements.js';

/** The design digest, read from the shared design folder next to the repository. */
const digest = readFileSync(new URL('../../shared/design/SEMANTICS.md', import.meta.url), 'utf8');

/** Every invariant ID defined (`* **XYZ-n**`) in the digest sections `## 1.` to `## 4.`. */
function digestIds(): string[] {
  const start = digest.indexOf('\n## 1.');
  const end = digest.indexOf('\n## 5.');
  const section = digest.slice(start, end);
  return [...section.matchAll(/^\* \*\*((?:EVT|WAK|COR|SCH)-\d+)\*\*/gm)].map((m) => m[1]);
}

describe('requirement catalogue', () => {
  it('IDs are unique', () => {
    const ids = allRequirements.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every ID of digest §1–4 is present', () => {
    const ids = digestIds();
    expect(ids.length).toBe(16 + 9 + 12 + 13);
    const present = new Set(allRequirements.map((r) => r.id));
    expect(ids.filter((id) => !present.has(id))).toEqual([]);
  });

  it('every spec-only entry has a reason; observable ones have none', () => {
    for (const r of allRequirements) {
      if (r.kind === 'spec-only') expect(r.reason?.trim().length ?? 0, r.id).toBeGreaterThan(20);
      else expect(r.reason, r.id).toBeUndefined();
    }
  });

  it('every entry has a title and a TrueAsync docs or php-async source URL', () => {
    for (const r of allRequirements) {
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.source, r.id).toMatch(/^https:\/\/(true-async\.github\.io\/en\/|github\.com\/true-async\/php-async\/blob\/main\/)/);
    }
  });

  it('the observable set is exactly the one the conformance properties are written for', () => {
    const observable = allRequirements.filter((r) => r.kind === 'observable').map((r) => r.id);
    expect(observable).toEqual([
      'EVT-6', 'EVT-8', 'EVT-9', 'EVT-11', 'EVT-12', 'EVT-13',
      'WAK-1', 'WAK-2', 'WAK-3', 'WAK-4', 'WAK-5', 'WAK-8',
      'COR-1', 'COR-3', 'COR-4', 'COR-5', 'COR-6', 'COR-7',
      'SCH-1', 'SCH-2', 'SCH-5', 'SCH-6', 'SCH-8', 'SCH-9', 'SCH-10', 'SCH-12', 'SCH-13',
      ...Array.from({ length: 20 }, (_, i) => `SCP-${i + 1}`).filter((id) => id !== 'SCP-17'),
      ...Array.from({ length: 12 }, (_, i) => `CAN-${i + 1}`),
      ...Array.from({ length: 12 }, (_, i) => `POOL-${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `CB-${i + 1}`),
    ]);
  });
});
