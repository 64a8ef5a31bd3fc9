/**
 * Sharding a conformance run over CI jobs (`run --shard i/n`) and merging the
 * shard reports back into one (`merge-reports`).
 *
 * @remarks Assignment: the selected properties are sorted by their key
 * ({@link ConformanceProperty.key}, e.g. `POOL-4.fifo`, `STRICT.core`) in
 * code-unit order and dealt round-robin: the k-th key (from 0) goes to shard
 * `k mod n + 1`. This depends only on the set of selected keys, never on the
 * order of the suite's list, and keeps the shards within one property of each
 * other even for a small `--only` selection (a hash of the key mod n can leave
 * a shard empty). Each property's fast-check seed is derived from the run
 * seed and its key ({@link propertySeed}), so a property gives the same
 * result in whichever shard it runs.
 *
 * A shard's `report.json` carries a `shard` section ({@link ShardSection}):
 * its index and count, the selection, the expectations it was judged
 * against, and its full property results. {@link mergeShards} rebuilds one
 * {@link ConformanceResult} from them with the same aggregation as an
 * unsharded run ({@link requirementResults}).
 * @module
 */
import type { Expectations } from '../adapter.js';
import type { Requirement } from '../../spec/kernel/requirement.js';
import type { ConformanceProperty } from './property.js';
import { requirementResults, type ConformanceResult, type PropertyResult, type RequirementResult } from './run.js';

/** One shard of a run: `index` of `count`, 1-based. */
export interface Shard {
  /** 1-based shard number. */
  index: number;
  /** Number of shards. */
  count: number;
}

/** The reason of a requirement whose properties all run in other shards. */
export const IN_ANOTHER_SHARD = 'in another shard';

/**
 * Parse a `--shard` value `i/n` (1 ≤ i ≤ n).
 *
 * @throws Error naming the bad value when it is not `i/n` with 1 ≤ i ≤ n.
 */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m) throw new Error(`--shard must be i/n, e.g. 1/3 (got ${JSON.stringify(value)})`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || !Number.isSafeInteger(count)) throw new Error(`--shard ${value}: the shard count must be at least 1`);
  if (index < 1 || index > count) throw new Error(`--shard ${value}: the shard number must be between 1 and ${count}`);
  return { index, count };
}

/**
 * The properties of `selected` that shard `shard` runs, in their given order
 * (see the module remarks for the assignment).
 */
export function shardProperties<P extends Pick<ConformanceProperty, 'key'>>(selected: readonly P[], shard: Shard): P[] {
  const keys = selected.map((p) => p.key).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mine = new Set(keys.filter((_, k) => k % shard.count === shard.index - 1));
  return selected.filter((p) => mine.has(p.key));
}

/**
 * Mark the requirements a shard did not check because every property
 * covering them runs in another shard: `n/a` with reason
 * {@link IN_ANOTHER_SHARD} instead of "no property checks this requirement".
 *
 * @param requirements - the shard's requirement results.
 * @param selected - every property the whole (unsharded) run selects.
 */
export function markOtherShards(requirements: readonly RequirementResult[], selected: readonly Pick<ConformanceProperty, 'requirements'>[], shard: Shard): RequirementResult[] {
  const covered = new Set(selected.flatMap((p) => p.requirements));
  return requirements.map((r) =>
    r.status === 'fail' && r.properties.length === 0 && r.failure === undefined && covered.has(r.id)
      ? { id: r.id, title: r.title, source: r.source, kind: r.kind, status: 'n/a', runs: 0, reason: `${IN_ANOTHER_SHARD} (this is shard ${shard.index}/${shard.count})`, properties: [] }
      : r,
  );
}

/** The `shard` section of a shard's `report.json`: what {@link mergeShards} needs. */
export interface ShardSection extends Shard {
  /** The `--adapter` value. */
  adapterSpec?: string;
  /** The `--only` selection, or `null` for all. */
  only: string[] | null;
  /** Whether the `STRICT:` properties were selected. */
  strict: boolean;
  /** The expectations the run was judged against. */
  expectations: Expectations;
  /** The shard's property results, complete (counterexamples included). */
  properties: PropertyResult[];
  /** Set when the shard run was stopped early (`--max-duration`, SIGINT). */
  stopped?: ConformanceResult['stopped'];
}

/** The `shard` section of a shard run's report. */
export function shardSection(shard: Shard, result: ConformanceResult, run: { adapterSpec?: string; only?: readonly string[]; strict: boolean; expectations: Expectations }): ShardSection {
  return {
    index: shard.index, count: shard.count,
    ...(run.adapterSpec !== undefined ? { adapterSpec: run.adapterSpec } : {}),
    only: run.only ? [...run.only] : null, strict: run.strict, expectations: run.expectations,
    properties: result.properties,
    ...(result.stopped ? { stopped: result.stopped } : {}),
  };
}

/** What {@link mergeShards} reads of one shard's `report.json`. */
export interface ShardReport {
  /** Where it was read from (for error messages). */
  file: string;
  /** The adapter's name. */
  adapter: string;
  /** The run seed. */
  seed: number;
  /** Scenarios per property. */
  runsPerProperty: number;
  /** The suite that wrote it. */
  suite?: { name?: string; version?: string };
  /** Its shard section. */
  shard: ShardSection;
  /** Set when the shard run was stopped early. */
  stopped?: ConformanceResult['stopped'];
}

/** Thrown by {@link readShardReport} and {@link mergeShards} for reports that cannot be merged. */
export class MergeError extends Error {
  override name = 'MergeError';
}

/** Check the shape of a parsed shard `report.json`. @throws MergeError naming the file and the field. */
export function readShardReport(file: string, data: unknown): ShardReport {
  const r = data as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new MergeError(`${file}: not a report.json object`);
  const s = r.shard as Record<string, unknown> | undefined;
  if (s === undefined) throw new MergeError(`${file}: not a shard report (no "shard" field; was it written by run --shard i/n?)`);
  if (typeof s !== 'object' || s === null || !Number.isSafeInteger(s.index) || !Number.isSafeInteger(s.count) || !Array.isArray(s.properties)) {
    throw new MergeError(`${file}: malformed "shard" field (needs index, count and properties)`);
  }
  if (typeof r.adapter !== 'string' || typeof r.seed !== 'number' || typeof r.runsPerProperty !== 'number') {
    throw new MergeError(`${file}: malformed report (needs adapter, seed and runsPerProperty)`);
  }
  return {
    file, adapter: r.adapter, seed: r.seed, runsPerProperty: r.runsPerProperty, shard: s as unknown as ShardSection,
    ...(typeof r.suite === 'object' && r.suite !== null ? { suite: r.suite as ShardReport['suite'] } : {}),
    ...(s.stopped !== undefined ? { stopped: s.stopped as ConformanceResult['stopped'] } : {}),
  };
}

/**
 * Merge the shard reports of one run into the result of the unsharded run.
 *
 * @param shards - one report per shard, any order.
 * @param suite - the properties of the suite (fixes the order of the merged properties).
 * @param requirements - the catalogue.
 * @throws MergeError when the shards disagree (adapter, seed, runs, shard count, selection, suite version),
 *   when one is missing or given twice, or when a property is unknown to this suite.
 */
export function mergeShards(shards: readonly ShardReport[], suite: readonly ConformanceProperty[], requirements: readonly Requirement[]): ConformanceResult & { adapterSpec?: string } {
  if (shards.length === 0) throw new MergeError('no shard reports given');
  const first = shards[0]!;
  const same = (what: string, get: (s: ShardReport) => unknown): void => {
    const want = JSON.stringify(get(first));
    const other = shards.find((s) => JSON.stringify(get(s)) !== want);
    if (other) throw new MergeError(`shard reports of different runs: ${what} is ${JSON.stringify(get(first))} in ${first.file} but ${JSON.stringify(get(other))} in ${other.file}`);
  };
  same('the adapter', (s) => s.adapter);
  same('--adapter', (s) => s.shard.adapterSpec ?? null);
  same('the seed', (s) => s.seed);
  same('--runs', (s) => s.runsPerProperty);
  same('the shard count', (s) => s.shard.count);
  same('--only', (s) => s.shard.only);
  same('--strict', (s) => s.shard.strict);
  same('the expectations', (s) => s.shard.expectations);
  same('the suite version', (s) => s.suite?.version ?? null);
  const count = first.shard.count;
  const byIndex = new Map<number, ShardReport>();
  for (const s of shards) {
    const dup = byIndex.get(s.shard.index);
    if (dup) throw new MergeError(`shard ${s.shard.index}/${count} given twice: ${dup.file} and ${s.file}`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new MergeError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} (got ${shards.length} of ${count})`);
  const order = new Map<string, number>();
  suite.forEach((p, i) => {
    order.set(`key:${p.key}`, i);
    order.set(`title:${p.title}`, i);
  });
  const position = (p: PropertyResult, file: string): number => {
    const i = (p.key !== undefined ? order.get(`key:${p.key}`) : undefined) ?? order.get(`title:${p.title}`);
    if (i === undefined) throw new MergeError(`${file}: property ${JSON.stringify(p.key ?? p.title)} is not in this suite (merge with the suite version that ran the shards)`);
    return i;
  };
  const placed: { at: number; p: PropertyResult }[] = [];
  const seen = new Set<number>();
  for (const s of shards) {
    for (const p of s.shard.properties) {
      const at = position(p, s.file);
      if (seen.has(at)) throw new MergeError(`${s.file}: property ${JSON.stringify(p.key ?? p.title)} is in two shards`);
      seen.add(at);
      placed.push({ at, p });
    }
  }
  const properties = placed.sort((a, b) => a.at - b.at).map((x) => x.p);
  const only = first.shard.only ?? undefined;
  const expectations = first.shard.expectations;
  let merged = requirementResults(requirements, properties, only, expectations);
  const stoppedShards = shards.filter((s) => s.stopped !== undefined);
  let stopped: ConformanceResult['stopped'];
  if (stoppedShards.length > 0) {
    const reason = [...new Set(stoppedShards.map((s) => s.stopped!.reason))].join('; ');
    const unchecked = new Set(properties.filter((p) => p.notChecked).flatMap((p) => p.requirements));
    merged = merged.map((r) =>
      unchecked.has(r.id) && r.status !== 'fail'
        ? { id: r.id, title: r.title, source: r.source, kind: r.kind, status: 'n/a', runs: r.runs, properties: r.properties, reason: `not checked: ${reason}` }
        : r,
    );
    stopped = { reason, checked: properties.filter((p) => !p.notChecked).length, selected: properties.length };
  }
  const unknown = Object.keys(expectations).filter((id) => !requirements.some((r) => r.id === id));
  return {
    adapter: first.adapter, seed: first.seed, runsPerProperty: first.runsPerProperty, requirements: merged, properties,
    ...(unknown.length > 0 ? { unknownExpectations: unknown } : {}),
    ...(stopped ? { stopped } : {}),
    ...(first.shard.adapterSpec !== undefined ? { adapterSpec: first.shard.adapterSpec } : {}),
  };
}
