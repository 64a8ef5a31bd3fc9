/**
 * Counterexample files: one JSON file per failed property, named after the
 * requirement it checks (`reports/counterexamples/POOL-3.json`), replayable
 * with `trueasync-conformance replay FILE`.
 *
 * @remarks A file records what a replay needs without the command line that
 * produced it: the adapter (its name and the `--adapter` value it was loaded
 * from), the run and property seeds, the suite's version, the property (its
 * ID, aspect and title) and the shrunk scenario with both traces. A run
 * removes the files an earlier run wrote — recognised by their `format`
 * field — and nothing else: no other file, and nothing reached through a
 * symbolic link.
 * @module
 */
import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STRICT_PREFIX, type ConformanceResult, type PropertyResult } from '../harness/run.js';
import { SUITE } from '../version.js';

/** The `format` marker of a counterexample file. */
export const COUNTEREXAMPLE_FORMAT = 'trueasync-conformance/counterexample';

/** The content of a counterexample file. */
export interface CounterexampleFile {
  /** Always {@link COUNTEREXAMPLE_FORMAT}: how the suite recognises its own files. */
  format: typeof COUNTEREXAMPLE_FORMAT;
  /** File format version. */
  version: 1;
  /** The suite that wrote it. */
  suite: { name: string; version: string };
  /** The adapter that failed: its name and the `--adapter` value it was loaded from. */
  adapter: { name: string; spec?: string };
  /** Title of the property that failed. */
  property: string;
  /** The property's stable key (`POOL-4.fifo`, `STRICT.core`; {@link PropertyResult.key}), which `replay` looks it up by. */
  key?: string;
  /** The property's requirement ID (`POOL-3`), or `STRICT` for the acceptance properties. */
  id: string;
  /** The aspect of the requirement the property checks, when a requirement has several properties. */
  aspect?: string;
  /** The requirement IDs it covers. */
  requirements: string[];
  /** The run's seed (`run --seed`). */
  runSeed: number;
  /** Scenarios per property of the run. */
  runs: number;
  /** The property's fast-check seed. */
  seed: number;
  /** fast-check's counterexample path. */
  path?: string;
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

/** What the files of one run record besides each property's failure. */
export interface CounterexampleContext {
  /** The `--adapter` value the adapter was loaded from. */
  adapterSpec?: string;
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
 * A property's identity: its typed `id` and optional `aspect` when the
 * property declares them, else its first requirement ID (`STRICT` for the
 * properties that cover no single requirement).
 */
export function propertyIdentity(p: Pick<PropertyResult, 'title' | 'requirements' | 'key'>): { id: string; aspect?: string } {
  if (p.key !== undefined && p.key !== '') {
    const dot = p.key.indexOf('.');
    return dot < 0 ? { id: p.key } : { id: p.key.slice(0, dot), aspect: p.key.slice(dot + 1) };
  }
  const typed = p as { id?: unknown; aspect?: unknown };
  const fallback = p.title.startsWith(STRICT_PREFIX) ? 'STRICT' : (p.requirements[0] ?? 'STRICT');
  const id = typeof typed.id === 'string' && typed.id !== '' ? typed.id : fallback;
  return typeof typed.aspect === 'string' && typed.aspect !== '' ? { id, aspect: typed.aspect } : { id };
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-');

/**
 * Relative paths (`counterexamples/ID[.aspect].json`) of the failed
 * properties' files, keyed by property title; a second failed property with
 * the same identity gets `ID[.aspect].2.json`.
 */
export function counterexamplePaths(properties: readonly PropertyResult[]): Map<string, string> {
  const paths = new Map<string, string>();
  const used = new Set<string>();
  for (const p of properties) {
    if (p.status !== 'fail' || paths.has(p.title)) continue;
    const { id, aspect } = propertyIdentity(p);
    const base = aspect === undefined ? safeName(id) : `${safeName(id)}.${safeName(aspect)}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}.${n}`;
    used.add(name);
    paths.set(p.title, `counterexamples/${name}.json`);
  }
  return paths;
}

/** The file content for one failed property of `result`. */
export function counterexampleFile(p: PropertyResult, result: Pick<ConformanceResult, 'adapter' | 'seed' | 'runsPerProperty'>, ctx: CounterexampleContext = {}): CounterexampleFile {
  const f = p.failure!;
  return {
    format: COUNTEREXAMPLE_FORMAT, version: 1, suite: { ...SUITE },
    adapter: { name: result.adapter, ...(ctx.adapterSpec !== undefined ? { spec: ctx.adapterSpec } : {}) },
    property: p.title, ...(p.key !== undefined ? { key: p.key } : {}), ...propertyIdentity(p), requirements: p.requirements,
    runSeed: result.seed, runs: result.runsPerProperty, seed: f.seed, ...(f.path !== undefined ? { path: f.path } : {}),
    scenario: f.scenario, expected: f.expected, actual: f.actual,
    classification: f.classification, message: f.message,
  };
}

/** Whether `data` is a counterexample file this suite wrote (this format, or the earlier slug-named one). */
export function isSuiteCounterexample(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  if (d.format === COUNTEREXAMPLE_FORMAT) return true;
  return d.version === 1 && typeof d.property === 'string' && 'scenario' in d && 'classification' in d && 'actual' in d;
}

async function removeOwnFiles(sub: string): Promise<void> {
  const entries = await readdir(sub, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue; // symlinks and directories are never touched
    const path = join(sub, entry.name);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      continue;
    }
    if (isSuiteCounterexample(data)) await rm(path, { force: true });
  }
}

/**
 * Write the counterexample files under `dir/counterexamples/`, first removing
 * the files an earlier run wrote there.
 *
 * @throws Error when `dir/counterexamples` is a symbolic link (nothing is
 *   removed or written through it).
 * @returns relative paths keyed by property title.
 */
export async function writeCounterexamples(dir: string, result: ConformanceResult, ctx: CounterexampleContext = {}): Promise<Map<string, string>> {
  const sub = join(dir, 'counterexamples');
  const info = await lstat(sub).catch(() => undefined);
  if (info?.isSymbolicLink()) throw new Error(`${sub} is a symbolic link; counterexample files are never written or removed through one`);
  if (info) await removeOwnFiles(sub);
  const planned = counterexamplePaths(result.properties);
  const paths = new Map<string, string>();
  if (planned.size === 0) return paths;
  await mkdir(sub, { recursive: true });
  for (const p of result.properties) {
    const rel = planned.get(p.title);
    if (!rel || !p.failure) continue;
    const text = `${JSON.stringify(counterexampleFile(p, result, ctx), null, 2)}\n`;
    // `wx`: never overwrite a file the suite did not write (or follow a link planted at that name).
    let target = rel;
    for (let n = 2; ; n++) {
      try {
        await writeFile(join(dir, target), text, { flag: 'wx' });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw e;
        target = rel.replace(/\.json$/, `.${n}.json`);
      }
    }
    paths.set(p.title, target);
  }
  return paths;
}
