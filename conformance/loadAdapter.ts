/**
 * Loading the adapter named on the command line.
 *
 * @remarks `reference` is the bundled reference runtime, `tarn` and
 * `generic-pool` the bundled adapters of those pool libraries
 * (`conformance/adapters/`); anything else is a module path (relative to the
 * working directory) whose default export is an {@link Adapter} or a
 * (possibly async) function returning one. A `.js`/`.mjs`/`.cjs` module is
 * imported by Node itself; a TypeScript module (`.ts`, `.mts`, `.cts`) is
 * loaded through tsx's `tsImport` — imported only then, so tsx is an optional
 * peer dependency, needed only by implementers whose adapter is TypeScript.
 * `tsImport` is scoped to that one import (no global loader hook) and honours
 * the adapter's own `package.json` module type and `tsconfig.json`.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Adapter, Capability } from './adapter.js';
import { CAPABILITIES as LANGUAGE_CAPABILITIES } from '../language/areas.js';
import { isExternalAdapterSpec } from './adapters/externalSpec.js';
import { errorMessage } from './harness/execute.js';
import { validateExpectations } from './harness/expectations.js';

/** Capabilities an adapter may declare: the areas' (`language/areas.ts`), then the planned ones. */
export const CAPABILITIES: readonly Capability[] = LANGUAGE_CAPABILITIES;

/** Adapter names `--adapter` accepts besides a module path, and the bundled module each one loads. */
export const BUILTIN_ADAPTERS: Readonly<Record<string, string>> = {
  tarn: './adapters/tarn/adapter.js',
  'generic-pool': './adapters/generic-pool/adapter.js',
};

/** A failure to load an adapter; its message is one line. */
export class AdapterLoadError extends Error {
  /** Always `AdapterLoadError`. */
  override name = 'AdapterLoadError';
}

/**
 * Check that `x` has the shape of an {@link Adapter}.
 *
 * @param x - a candidate.
 * @param where - how to name it in the message.
 * @throws AdapterLoadError naming the first bad field.
 */
export function assertAdapter(x: unknown, where: string): asserts x is Adapter {
  const bad = (why: string): never => {
    throw new AdapterLoadError(`adapter ${where}: ${why}`);
  };
  if (typeof x !== 'object' || x === null) bad(`the default export is not an adapter object (got ${x === null ? 'null' : typeof x})`);
  const a = x as Record<string, unknown>;
  if (typeof a.name !== 'string' || a.name === '') bad('"name" must be a non-empty string');
  if (!Array.isArray(a.capabilities)) bad('"capabilities" must be an array');
  for (const cap of a.capabilities as unknown[]) {
    if (!CAPABILITIES.includes(cap as Capability)) bad(`unknown capability ${JSON.stringify(cap)} (known: ${CAPABILITIES.join(', ')})`);
  }
  if (typeof a.execute !== 'function') bad('"execute" must be a function');
  if (a.close !== undefined && typeof a.close !== 'function') bad('"close" must be a function when present');
  if (a.unsupported !== undefined && typeof a.unsupported !== 'function') bad('"unsupported" must be a function when present');
  if (a.expectations !== undefined) {
    const v = validateExpectations(a.expectations);
    if (!v.ok) bad(`"expectations" is invalid: ${v.errors[0]}`);
  }
}

/** File extensions loaded through tsx rather than by Node itself. */
export const TYPESCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.tsx'];

/** Whether `path` names a TypeScript module (loaded through tsx). */
export function isTypeScriptPath(path: string): boolean {
  return TYPESCRIPT_EXTENSIONS.some((ext) => path.endsWith(ext));
}

type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

async function loadTsImport(what: string): Promise<TsImport> {
  try {
    const api = (await import('tsx/esm/api')) as { tsImport: TsImport };
    return api.tsImport;
  } catch (e) {
    throw new AdapterLoadError(
      `cannot load adapter ${what}: a TypeScript adapter needs tsx (npm install --save-dev tsx), or compile it to .js first (${errorMessage(e)})`,
    );
  }
}

async function importModule(url: string, what: string): Promise<Record<string, unknown>> {
  try {
    if (url.startsWith('file:') && isTypeScriptPath(new URL(url).pathname)) {
      const tsImport = await loadTsImport(what);
      return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    }
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof AdapterLoadError) throw e;
    throw new AdapterLoadError(`cannot load adapter ${what}: ${errorMessage(e)}`);
  }
}

/**
 * The adapter of a module compiled to CommonJS (a `.ts` file in a package
 * without `"type": "module"`, or a transpiled `.js`): `import()` gives its
 * `module.exports`, whose `default` is the ES module's default export.
 */
function unwrapCommonJs(exported: unknown): unknown {
  if (typeof exported !== 'object' || exported === null) return exported;
  const m = exported as { __esModule?: unknown; default?: unknown };
  return m.__esModule === true && m.default !== undefined ? m.default : exported;
}

async function fromExport(exported: unknown, what: string): Promise<Adapter> {
  let candidate = exported;
  if (typeof exported === 'function') {
    try {
      candidate = await (exported as () => unknown)();
    } catch (e) {
      throw new AdapterLoadError(`adapter ${what}: its factory threw: ${errorMessage(e)}`);
    }
  }
  assertAdapter(candidate, what);
  return candidate;
}

/**
 * Load the adapter named by `spec`.
 *
 * @param spec - `reference`, `tarn`, `generic-pool`, `stdio:CMD`, `php`, or a module path.
 * @param cwd - directory a relative path is resolved against.
 * @throws AdapterLoadError with a one-line message.
 */
export async function loadAdapter(spec: string, cwd: string = process.cwd()): Promise<Adapter> {
  if (isExternalAdapterSpec(spec)) {
    // Runtimes outside this process: the stdio protocol and the PHP adapter (conformance/adapters/stdio/load.ts).
    const external = (await importModule(new URL('./adapters/stdio/load.js', import.meta.url).href, spec)) as typeof import('./adapters/stdio/load.js');
    try {
      return await external.loadExternalAdapter(spec, {}, cwd);
    } catch (e) {
      throw new AdapterLoadError(errorMessage(e).replace(/^ExternalAdapterError: /, ''));
    }
  }
  if (spec === 'reference') {
    const mod = await importModule(new URL('../reference/adapter.js', import.meta.url).href, 'reference');
    if (mod.referenceAdapter === undefined) throw new AdapterLoadError('adapter reference: reference/adapter does not export referenceAdapter');
    return fromExport(mod.referenceAdapter, 'reference');
  }
  const builtin = BUILTIN_ADAPTERS[spec];
  if (builtin !== undefined && !existsSync(resolve(cwd, spec))) {
    const mod = await importModule(new URL(builtin, import.meta.url).href, spec);
    return fromExport(mod.default, spec);
  }
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new AdapterLoadError(`adapter ${spec}: no such file (${path}); use "reference", ${Object.keys(BUILTIN_ADAPTERS).map((n) => `"${n}"`).join(', ')} or a module path`);
  const mod = await importModule(pathToFileURL(path).href, spec);
  if (mod.default === undefined) throw new AdapterLoadError(`adapter ${spec}: the module has no default export`);
  return fromExport(unwrapCommonJs(mod.default), spec);
}
