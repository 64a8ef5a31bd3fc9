/**
 * The suite's own name and version (from its `package.json`), stamped into
 * reports, counterexample files and the compatibility matrix.
 * @module
 */
import { createRequire } from 'node:module';

/** The package's name and version. */
export interface SuiteVersion {
  /** `trueasync-conformance`. */
  name: string;
  /** Its semver version (`0.1.0`). */
  version: string;
}

/** The running suite's name and version. */
export const SUITE: SuiteVersion = (() => {
  const pkg = createRequire(import.meta.url)('trueasync-conformance/package.json') as SuiteVersion;
  return { name: pkg.name, version: pkg.version };
})();
