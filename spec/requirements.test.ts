import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRequirements } from './requirements.js';

/** The number of requirements per prefix: IDs are never renumbered, so each prefix runs 1..n without a gap. */
const PREFIXES: Record<string, number> = { EVT: 16, WAK: 9, COR: 12, SCH: 13, SCP: 20, CAN: 12, POOL: 15, CB: 8 };

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every text file of the project that a test, a run or the docs build reads (sources, docs, scripts, config). */
function projectFiles(dir = root): string[] {
  const skip = new Set(['node_modules', '.git', 'reports', 'api', 'site', 'dist', 'coverage']);
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...projectFiles(path));
    else if (/\.(ts|mts|mjs|js|json|md|php|sh)$/.test(name) || name === 'run') out.push(path);
  }
  return out;
}

describe('requirement catalogue', () => {
  it('IDs are unique and each prefix runs 1..n without a gap', () => {
    const ids = allRequirements.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const expected = Object.entries(PREFIXES).flatMap(([p, n]) => Array.from({ length: n }, (_, i) => `${p}-${i + 1}`));
    expect(ids).toEqual(expected);
  });

  it('every entry has a rule, a kind and a TrueAsync docs or php-async source URL', () => {
    for (const r of allRequirements) {
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(['observable', 'spec-only'], r.id).toContain(r.kind);
      expect(r.source, r.id).toMatch(/^https:\/\/(true-async\.github\.io\/en\/|github\.com\/true-async\/php-async\/blob\/main\/)/);
    }
  });

  it('every spec-only entry has a reason; observable ones have none', () => {
    for (const r of allRequirements) {
      if (r.kind === 'spec-only') expect(r.reason?.trim().length ?? 0, r.id).toBeGreaterThan(20);
      else expect(r.reason, r.id).toBeUndefined();
    }
  });

  it('every decision is stated in the catalogue\'s own words, not as a pointer into another document', () => {
    const decided = allRequirements.filter((r) => r.decision !== undefined);
    expect(decided.length).toBeGreaterThan(0);
    for (const r of decided) {
      expect(r.decision!.length, r.id).toBeGreaterThan(60);
      expect(r.decision, r.id).toMatch(/\bspec\b/);
      expect(r.decision, r.id).not.toMatch(/§|#\d/);
    }
  });

  it('no rule, reason or decision refers to a section number of an outside document', () => {
    for (const r of allRequirements) {
      for (const text of [r.title, r.reason ?? '', r.decision ?? '']) expect(text, r.id).not.toMatch(/§\s*\d/);
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

describe('the project stands alone', () => {
  it('no file of the project reads or points to the design folder beside the repository', () => {
    const needles = [['..', 'shared'].join('/'), ['shared', 'design'].join('/'), ['SEMANTICS', 'md'].join('.')];
    const offending = projectFiles().filter((f) => {
      const text = readFileSync(f, 'utf8');
      return needles.some((n) => text.includes(n));
    });
    expect(offending.map((f) => f.slice(root.length))).toEqual([]);
  });
});
