/**
 * The live progress display of a long run on a terminal: an `ora` spinner
 * whose text is the property being checked (`[12/80] SCH-3 …`), cleared when
 * the run ends. Off a terminal (CI logs, pipes) the human reporter prints one
 * line per property instead.
 * @module
 */
import type { Output } from './colors.js';

/** A progress display: started once, updated per property, stopped at the end. */
export interface Progress {
  /** Show that property `index` of `total` (`label`) is being checked. */
  update(index: number, total: number, label: string): void;
  /** Print a line that stays (above the spinner). */
  log(text: string): void;
  /** Remove the display. */
  stop(): void;
}

/**
 * A spinner on `stream` (a terminal).
 *
 * @param stream - the process's stdout or stderr.
 * @param color - whether the spinner may use colour.
 */
export async function createSpinner(stream: NodeJS.WriteStream, color: boolean): Promise<Progress> {
  const { default: ora } = await import('ora');
  const spinner = ora({ stream, color: color ? 'cyan' : false, discardStdin: false, isEnabled: true }).start('starting');
  return {
    update(index, total, label) {
      spinner.text = `[${index + 1}/${total}] ${label}`;
    },
    log(text) {
      spinner.clear();
      stream.write(text);
      spinner.render();
    },
    stop() {
      spinner.stop();
    },
  };
}
