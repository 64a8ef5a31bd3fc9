/**
 * Colour handling of the human output: picocolors' own detection, overridable
 * by `--color` / `--no-color`.
 * @module
 */
import pc from 'picocolors';

/** The colour functions of picocolors (identity functions when colour is off). */
export type Colors = ReturnType<typeof pc.createColors>;

/** Somewhere text is written: `process.stdout`, or a test's capture. */
export interface Output {
  /** Write a chunk of text. */
  write(text: string): unknown;
  /** Whether it is a terminal (progress animates only on terminals). */
  isTTY?: boolean;
}

/**
 * Whether to colour output written to `stream`.
 *
 * @param stream - where the text goes.
 * @param force - `true` for `--color`, `false` for `--no-color`; absent: detect.
 * @returns `force` when given; for the process's own stdout or stderr,
 *   picocolors' `isColorSupported` (off with `NO_COLOR` or `--no-color`; on
 *   with `FORCE_COLOR`, `--color`, `CI`, or a terminal whose `TERM` is not
 *   `dumb`); for any other stream (a test's capture), no colour.
 */
export function useColor(stream: Output, force?: boolean): boolean {
  if (force !== undefined) return force;
  if (stream === process.stdout || stream === process.stderr) return pc.isColorSupported;
  return false;
}

/** Colour functions for `stream` (see {@link useColor}). */
export function colorsFor(stream: Output, force?: boolean): Colors {
  return pc.createColors(useColor(stream, force));
}
