/**
 * Counterexample files: one JSON file per failed property, replayable with
 * `trueasync-conformance replay FILE`.
 * @module
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConformanceResult, PropertyResult } from '../harness/run.js';

/** The content of a counterexample file. */
export interface CounterexampleFile {
  /** File format version. */
  version: 1;
  /** Title of the property that failed. */
  property: string;
  /** Its stable key (ID and aspect), which `replay` looks it up by. */
  key?: string;
  /** The requirement IDs it covers. */
  requirements: string[];
  /** The property's fast-check seed. */
  seed: number;
  /** The shrunk scenario. */
  scenario: unknown;
  /** The spec's trace. */
  expected: unknown;
  /** The adapter's trace, or `{ error, classification }`. */
  actual: unknown;
  /** Why it failed. */
  classification: string;
  /** One-line description. */
  message: string;
}

/** A file-name-safe slug of a property title. */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug === '' ? 'property' : slug;
}

/**
 * Relative paths (`counterexamples/<slug>.json`) of the failed properties'
 * files, the slug made from the property's key (ID and aspect; its title
 * when it has none), unique even when they collide, keyed by property title.
 */
export function counterexamplePaths(properties: readonly PropertyResult[]): Map<string, string> {
  const paths = new Map<string, string>();
  const used = new Set<string>();
  for (const p of properties) {
    if (p.status !== 'fail' || paths.has(p.title)) continue;
    const slug = slugify(p.key ?? p.title);
    let name = slug;
    for (let n = 2; used.has(name); n++) name = `${slug}-${n}`;
    used.add(name);
    paths.set(p.title, `counterexamples/${name}.json`);
  }
  return paths;
}

/** The file content for one failed property. */
export function counterexampleFile(p: PropertyResult): CounterexampleFile {
  const f = p.failure!;
  return {
    version: 1, property: p.title, ...(p.key !== undefined ? { key: p.key } : {}), requirements: p.requirements, seed: f.seed,
    scenario: f.scenario, expected: f.expected, actual: f.actual,
    classification: f.classification, message: f.message,
  };
}

/**
 * Write the counterexample files under `dir/counterexamples/`, removing the
 * `.json` files a previous run left there.
 *
 * @returns relative paths keyed by property title.
 */
export async function writeCounterexamples(dir: string, result: ConformanceResult): Promise<Map<string, string>> {
  const sub = join(dir, 'counterexamples');
  const old = await readdir(sub).catch(() => [] as string[]);
  await Promise.all(old.filter((f) => f.endsWith('.json')).map((f) => rm(join(sub, f), { force: true })));
  const paths = counterexamplePaths(result.properties);
  if (paths.size === 0) return paths;
  await mkdir(sub, { recursive: true });
  for (const p of result.properties) {
    const rel = paths.get(p.title);
    if (rel && p.failure) await writeFile(join(dir, rel), `${JSON.stringify(counterexampleFile(p), null, 2)}\n`);
  }
  return paths;
}
