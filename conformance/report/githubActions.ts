/**
 * The GitHub Actions reporter: workflow-command annotations
 * (`::error title=…::…`) on the failing requirements, which GitHub shows on
 * the run's summary page and, with a `file`, on that file.
 *
 * @remarks A `fail` or `unexpected-pass` is an `error`, an `expected-fail` a
 * `notice`. An annotation names the counterexample file when one was
 * written, and carries the classification, the message and the replay
 * command. Property values are escaped as GitHub's toolkit escapes them
 * (`%`, CR, LF; also `:` and `,` in properties).
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 * @module
 */
import type { ConformanceResult, RequirementResult } from '../harness/run.js';

/** What the annotations refer to. */
export interface GithubActionsContext {
  /** The `--out` directory (relative to the repository) the counterexample files are under. */
  outDir?: string;
  /** Relative counterexample file paths keyed by property title. */
  files?: ReadonlyMap<string, string>;
  /** Command prefix of the CLI. @defaultValue `'npx trueasync-conformance'` */
  command?: string;
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(level: 'error' | 'notice', props: Record<string, string | undefined>, message: string): string {
  const list = Object.entries(props).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(v!)}`);
  return `::${level} ${list.join(',')}::${escapeData(message)}`;
}

function fileOf(r: RequirementResult, ctx: GithubActionsContext): string | undefined {
  const rel = r.failure ? ctx.files?.get(r.failure.property) : undefined;
  return rel !== undefined && ctx.outDir !== undefined ? `${ctx.outDir.replace(/\/+$/, '')}/${rel}` : undefined;
}

/** The annotation lines of a run, one per failing, unexpectedly passing or expectedly failing requirement. */
export function githubAnnotations(result: ConformanceResult, ctx: GithubActionsContext = {}): string[] {
  const cmd = ctx.command ?? 'npx trueasync-conformance';
  const lines: string[] = [];
  for (const r of result.requirements) {
    const file = fileOf(r, ctx);
    const replay = file ? `\nreplay: ${cmd} replay ${file}` : '';
    if (r.status === 'fail') {
      const f = r.failure;
      const what = f ? `${f.classification}: ${f.message}` : r.reason ?? 'failed';
      lines.push(annotation('error', { file, title: `${r.id} ${f?.classification ?? 'fail'} (${result.adapter})` }, `${r.id}: ${r.title}\n${what}\nsource: ${r.source}${replay}`));
    } else if (r.status === 'unexpected-pass') {
      lines.push(annotation('error', { title: `${r.id} unexpected pass (${result.adapter})` },
        `${r.id}: listed as a known deviation ("${r.expectation?.observed ?? ''}") but passed ${r.runs} runs; remove or update the expectations entry`));
    } else if (r.status === 'expected-fail') {
      lines.push(annotation('notice', { file, title: `${r.id} expected failure (${result.adapter})` },
        `${r.id}: known deviation: ${r.expectation?.observed ?? ''}\nreason: ${r.expectation?.reason ?? ''}${replay}`));
    }
  }
  return lines;
}
