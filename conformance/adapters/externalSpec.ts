/**
 * Which `--adapter` values name a runtime outside the suite's process.
 *
 * @remarks A module with no imports, so the CLI and the loader can ask
 * without loading the stdio client (start-up stays fast).
 * @module
 */

/**
 * Whether `spec` names an external adapter: `stdio:CMD` (any runtime speaking
 * the stdio protocol, `docs/guides/stdio-protocol.md`) or `php` (TrueAsync
 * scripts run by a PHP binary). Such an adapter already runs in a process of
 * its own, so the CLI never wraps it in a worker.
 */
export function isExternalAdapterSpec(spec: string): boolean {
  return spec.startsWith('stdio:') || spec === 'php';
}
