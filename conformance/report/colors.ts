/**
 * Colour handling of the human output (NO_COLOR and non-TTY aware).
 * @module
 */
import pc from 'picocolors';

/** The colour functions of picocolors (identity functions when colour is off). */
export type Colors = ReturnType<typeof pc.createColors>;

/** Somewhere text is written: `process.stdout`, or a test's capture. */
export interface Output {
  /** Write a chunk of text. */
  write(text: string): unknown;
  /** Whether it is a terminal (colour is used only on terminals). */
  isTTY?: boolean;
}

/**
 * Whether to colour output written to `stream`: never with `NO_COLOR`,
 * always with `FORCE_COLOR` (other than `0`), else only on a TTY.
 */
export function useColor(stream: Output, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Colour functions for `stream`. */
export function colorsFor(stream: Output, env: NodeJS.ProcessEnv = process.env): Colors {
  return pc.createColors(useColor(stream, env));
}
