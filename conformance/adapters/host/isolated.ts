/**
 * Loading a CommonJS package with its timer globals replaced, without
 * touching the process's globals.
 *
 * @remarks The pool libraries call `setTimeout`, `setInterval`, `Date.now()`
 * (and `require('timers')`) directly. To run them on a virtual clock, every
 * file of the package is compiled once into a function whose parameters
 * shadow those globals; each {@link instantiate} call then evaluates the
 * package's module graph afresh with the functions it is given. Nothing
 * global is patched, so the harness's own wall-clock timers and concurrent
 * runs are unaffected.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { compileFunction } from 'node:vm';

/** The globals a library sees instead of the real ones. */
export interface InjectedGlobals {
  /** `setTimeout`. */
  setTimeout: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
  /** `clearTimeout`. */
  clearTimeout: (id: unknown) => void;
  /** `setInterval`. */
  setInterval: (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
  /** `clearInterval`. */
  clearInterval: (id: unknown) => void;
  /** `setImmediate`. */
  setImmediate: (fn: (...args: unknown[]) => void, ...args: unknown[]) => unknown;
  /** `clearImmediate`. */
  clearImmediate: (id: unknown) => void;
  /** `Date` (its `now()` is the virtual clock). */
  Date: DateConstructor;
}

const GLOBAL_NAMES = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date'] as const;
const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', ...GLOBAL_NAMES];

type ModuleFn = (...args: unknown[]) => void;
const compiled = new Map<string, ModuleFn>();
const resolved = new Map<string, string>();
const nodeRequire = createRequire(import.meta.url);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function resolveRelative(from: string, spec: string): string {
  const key = `${from}\u0000${spec}`;
  const known = resolved.get(key);
  if (known !== undefined) return known;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.js`, `${base}/index.js`]) {
    if (isFile(candidate)) {
      resolved.set(key, candidate);
      return candidate;
    }
  }
  throw new Error(`isolated loader: cannot resolve ${spec} from ${from}`);
}

function compile(file: string): ModuleFn {
  let fn = compiled.get(file);
  if (fn === undefined) {
    fn = compileFunction(readFileSync(file, 'utf8'), PARAMS, { filename: file }) as ModuleFn;
    compiled.set(file, fn);
  }
  return fn;
}

/**
 * Evaluate a package's module graph afresh with `globals` in place of the
 * timer globals.
 *
 * @param pkg - the package name (resolved from this project's dependencies).
 * @param globals - the functions the package sees.
 * @returns the package's `module.exports`.
 */
export function instantiate<T>(pkg: string, globals: InjectedGlobals): T {
  let entry = resolved.get(pkg);
  if (entry === undefined) {
    entry = nodeRequire.resolve(pkg);
    resolved.set(pkg, entry);
  }
  const modules = new Map<string, { exports: unknown }>();
  const timers = { ...globals };
  const load = (file: string): unknown => {
    const cached = modules.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    modules.set(file, module);
    const require = (spec: string): unknown => {
      if (spec.startsWith('./') || spec.startsWith('../')) return load(resolveRelative(file, spec));
      if (spec === 'timers' || spec === 'node:timers') return timers;
      return nodeRequire(spec);
    };
    compile(file).call(module.exports, module.exports, require, module, file, dirname(file), ...GLOBAL_NAMES.map((n) => globals[n]));
    return module.exports;
  };
  return load(entry) as T;
}
