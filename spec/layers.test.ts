import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every non-test `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The import graph of `language/` and `spec/` (type imports included), as repository-relative paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sources(join(root, 'language')), ...sources(join(root, 'spec'))]) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)]
      .map((m) => relative(root, normalize(join(dirname(file), m[1].replace(/\.js$/, '.ts')))));
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** The files on an import cycle, if any (depth-first search with an on-stack set). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (v: string): void => {
    state.set(v, 'open');
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (state.get(w) === 'open') found.push(stack.slice(stack.indexOf(w)));
      else if (!state.has(w)) visit(w);
    }
    stack.pop();
    state.set(v, 'done');
  };
  for (const v of graph.keys()) if (!state.has(v)) visit(v);
  return found;
}

describe('the layers of the spec', () => {
  const graph = importGraph();

  it('language/ imports nothing outside language/', () => {
    for (const [file, targets] of graph) if (file.startsWith('language/')) expect(targets.filter((t) => !t.startsWith('language/')), file).toEqual([]);
  });

  it('the primitive machines never import up into the system model', () => {
    for (const [file, targets] of graph) {
      if (file.startsWith('spec/system/') || !/^spec\/[a-zA-Z]+\//.test(file)) continue;
      expect(targets.filter((t) => t.startsWith('spec/system/')), file).toEqual([]);
    }
  });

  it('spec/ and language/ have no import cycle', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });
});
