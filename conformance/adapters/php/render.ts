/**
 * Scenario → PHP: renders a scenario as a readable script against the
 * TrueAsync API (`Async\spawn`, `suspend`, `delay`, `await`, `cancel`,
 * `Async\Scope`, `protect`, `Async\Pool`, the circuit breaker), instrumented
 * with `trace()` calls that print the trace as JSON lines.
 *
 * @remarks
 * The spelling follows php-async's stubs and `.phpt` tests
 * (`async.stub.php`, `coroutine.stub.php`, `scope.stub.php`,
 * `pool.stub.php`, `future.stub.php`). The script prints the events a PHP
 * program can observe itself; events only the runtime sees (`deadlock`,
 * `exit`, a `shutdown` started by the scheduler, the `failed` of a coroutine
 * cancelled before it started, a pool waiter's suspension) come from the
 * runtime's own tracing (the test shim has it) or, for `exit`, from the
 * process's outcome (see `parse.ts`). Instructions with no PHP spelling make
 * the scenario unsupported ({@link unsupportedByPhp}).
 * @module
 */
import type {
  AwaitInstruction, ErrorValue, HookSpec, Instruction, PoolNewInstruction, Program, Scenario, StrategySpec, TokenTarget, Value,
} from '../../adapter.js';
import { CORE_PRELUDE, POOL_PRELUDE, SCOPE_PRELUDE } from './prelude.js';

/** Why each instruction (or option) cannot be rendered. */
const NO_SPELLING: Readonly<Record<string, string>> = {
  'trigger.new': 'triggers are internal events of the C runtime, with no PHP API',
  'trigger.fire': 'triggers are internal events of the C runtime, with no PHP API',
  'trigger.close': 'triggers are internal events of the C runtime, with no PHP API',
  'event.on': 'user callbacks on an event vector are a C-level API',
  'event.off': 'user callbacks on an event vector are a C-level API',
};

function walk(program: Program, visit: (i: Instruction) => void): void {
  for (const i of program) {
    visit(i);
    if (i.op === 'spawn' || i.op === 'protect') walk(i.body, visit);
    if (i.op === 'try') {
      walk(i.body, visit);
      for (const c of i.catch ?? []) walk(c.body, visit);
      if (i.finally) walk(i.finally, visit);
    }
  }
}

/**
 * Why `scenario` cannot be rendered as PHP, or `undefined` when it can.
 *
 * @returns the distinct reasons joined with `; `.
 */
export function unsupportedByPhp(scenario: Scenario): string | undefined {
  const reasons = new Set<string>();
  walk(scenario.main, (i) => {
    const why = NO_SPELLING[i.op];
    if (why !== undefined) reasons.add(`${i.op}: ${why}`);
    if (i.op === 'spawn' && i.priority === 'high') reasons.add('spawn priority "high": the scheduler\'s high-priority insertion is internal (SCH-2)');
    if (i.op === 'await') {
      if ('trigger' in i.target) reasons.add('await a trigger: triggers have no PHP API');
      if ('timer' in i.target) reasons.add('await a bare timer: Async\\timeout() is a cancellation token, not an awaitable that resolves');
      if (i.cancellation && 'trigger' in i.cancellation) reasons.add('a trigger as cancellation token: triggers have no PHP API');
    }
    if (i.op === 'scope.awaitCompletion' && i.cancellation && 'trigger' in i.cancellation) reasons.add('a trigger as cancellation token: triggers have no PHP API');
  });
  return reasons.size === 0 ? undefined : [...reasons].join('; ');
}

/** The error thrown by {@link renderScript} for an unsupported scenario. */
export class UnrenderableScenarioError extends Error {
  /** Always `UnrenderableScenarioError`. */
  override name = 'UnrenderableScenarioError';
}

type Kind = 'coroutine' | 'future' | 'scope' | 'pool';

/** A PHP literal of a scenario value. */
export function phpValue(v: Value | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : JSON.stringify(v);
  return phpString(v);
}

/** A single-quoted PHP string literal. */
export function phpString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `new Class('message', 0, new Previous(…))`. */
export function phpError(e: ErrorValue): string {
  return `new ${e.class}(${phpString(e.message)}${e.previous ? `, 0, ${phpError(e.previous)}` : ''})`;
}

function phpArray(items: readonly (string | number)[]): string {
  return `[${items.map((x) => (typeof x === 'number' ? String(x) : phpString(x))).join(', ')}]`;
}

function data(fields: Record<string, string>): string {
  const parts = Object.entries(fields).map(([k, v]) => `${phpString(k)} => ${v}`);
  return parts.length === 0 ? '' : `, [${parts.join(', ')}]`;
}

/** The control-flow ops, whose labels are not echoed. */
const CONTROL_FLOW: ReadonlySet<string> = new Set(['try', 'throw', 'rethrow', 'return']);

class Renderer {
  readonly kinds = new Map<string, Kind>();
  readonly used = new Set<Kind | 'futureState'>();
  readonly poolIds: string[] = [];
  /** Whether some instruction has a `label`: only then does the script set the current label before each instruction. */
  labelled = false;

  constructor(readonly scenario: Scenario) {
    walk(scenario.main, (i) => {
      if (i.label !== undefined) this.labelled = true;
      if (i.op === 'spawn') this.declare(i.id, 'coroutine');
      if (i.op === 'future.new') this.declare(i.id, 'future');
      if (i.op === 'scope.new' || i.op === 'scope.inherit') this.declare(i.id, 'scope');
      if (i.op === 'pool.new') {
        this.declare(i.id, 'pool');
        this.poolIds.push(i.id);
      }
    });
  }

  private declare(id: string, kind: Kind): void {
    this.kinds.set(id, kind);
    this.used.add(kind);
    if (kind === 'future') this.used.add('futureState');
  }

  /** `use (&$coroutine, …)` of every closure. */
  uses(): string {
    const order: Array<Kind | 'futureState'> = ['coroutine', 'future', 'futureState', 'scope', 'pool'];
    const vars = order.filter((k) => this.used.has(k)).map((k) => `&$${k}`);
    return vars.length === 0 ? '' : ` use (${vars.join(', ')})`;
  }

  /** A protect closure also shares the coroutine's held resources. */
  protectUses(): string {
    const uses = this.uses();
    if (!this.used.has('pool')) return uses;
    return uses === '' ? ' use (&$held)' : uses.replace(/\)$/, ', &$held)');
  }

  ref(id: string): string {
    if (id === 'main') return 'main_coroutine()';
    const kind = this.kinds.get(id);
    if (kind === undefined) throw new UnrenderableScenarioError(`undeclared reference ${JSON.stringify(id)}`);
    return `$${kind}[${phpString(id)}]`;
  }

  target(actor: string, id: string): { expr: string; id: string } {
    return id === 'self' ? { expr: 'Async\\current_coroutine()', id: actor } : { expr: this.ref(id), id };
  }

  token(t: TokenTarget | undefined, timeoutMs: number | undefined): string | undefined {
    if (timeoutMs !== undefined) return `Async\\timeout(${timeoutMs})`;
    if (t === undefined) return undefined;
    if ('coroutine' in t) return this.ref(t.coroutine);
    if ('future' in t) return this.ref(t.future);
    throw new UnrenderableScenarioError('a trigger as cancellation token');
  }

  /** The lines of a program, indented by `pad`. `catchVar` is the innermost catch variable (for `rethrow`). */
  program(program: Program, actor: string, pad: string, catchVar: string | undefined, depth: number): string[] {
    const out: string[] = [];
    for (const i of program) {
      // Trace semantics "Labels": a coroutine's events carry the label of the instruction it last started, control flow aside.
      if (this.labelled && !CONTROL_FLOW.has(i.op)) out.push(`${pad}label(${phpString(actor)}, ${i.label === undefined ? 'null' : phpString(i.label)});`);
      out.push(...this.instruction(i, actor, pad, catchVar, depth));
    }
    return out;
  }

  heldInit(program: Program, pad: string): string[] {
    let uses = false;
    const scan = (p: Program): void => {
      for (const i of p) {
        if (i.op.startsWith('pool.acquire') || i.op === 'pool.tryAcquire' || i.op === 'pool.release') uses = true;
        if (i.op === 'try') {
          scan(i.body);
          for (const c of i.catch ?? []) scan(c.body);
          if (i.finally) scan(i.finally);
        }
        if (i.op === 'protect') scan(i.body);
      }
    };
    scan(program);
    const perPool = this.poolIds.map((p) => `${phpString(p)} => []`).join(', ');
    return uses ? [`${pad}$held = [${perPool}]; // the resources this coroutine holds, oldest first`] : [];
  }

  body(program: Program, actor: string, pad: string): string[] {
    return [...this.heldInit(program, pad), ...this.program(program, actor, pad, undefined, 0)];
  }

  instruction(i: Instruction, actor: string, pad: string, catchVar: string | undefined, depth: number): string[] {
    const a = phpString(actor);
    const t = (kind: string, fields: Record<string, string> = {}): string => `${pad}trace(${a}, ${phpString(kind)}${data(fields)});`;
    switch (i.op) {
      case 'spawn': {
        const where = i.scope !== undefined ? `${this.ref(i.scope)}->spawn` : 'spawn';
        const inner = this.body(i.body, i.id, `${pad}    `);
        return [
          `${pad}${this.ref(i.id)} = ${where}(function ()${this.uses()} {`,
          `${pad}    started(${phpString(i.id)});`,
          ...inner,
          `${pad}});`,
          `${pad}trace_outcome(${phpString(i.id)}, ${this.ref(i.id)});`,
          t('spawned', { coroutine: phpString(i.id) }),
        ];
      }
      case 'suspend':
        return [`${pad}suspended(${a}, 'queue', fn() => suspend());`];
      case 'delay':
        return [`${pad}suspended(${a}, 'timer', fn() => delay(${i.ms}));`];
      case 'await':
        return [this.awaitLine(i, actor, pad)];
      case 'cancel': {
        const target = this.target(actor, i.target);
        const reason = i.reason ?? 'Coroutine cancelled';
        const self = actor === 'main' && target.id === 'main';
        const error = self
          ? `stored_cancellation(new AsyncCancellation(${phpString(reason)}))`
          : i.reason === undefined ? '' : `new AsyncCancellation(${phpString(i.reason)})`;
        return [t('cancel', { target: phpString(target.id), reason: phpString(reason) }), `${pad}${target.expr}->cancel(${error});`];
      }
      case 'throw':
        return [`${pad}throw ${phpError(i.error)};`];
      case 'try': {
        const out = [`${pad}try {`, ...this.program(i.body, actor, `${pad}    `, catchVar, depth)];
        const v = depth === 0 ? '$e' : `$e${depth + 1}`;
        for (const c of i.catch ?? []) {
          out.push(`${pad}} catch (${c.class} ${v}) {`);
          out.push(`${pad}    trace(${a}, 'caught', ['error' => error_data(${v})]);`);
          out.push(...this.program(c.body, actor, `${pad}    `, v, depth + 1));
        }
        if (i.finally) {
          out.push(`${pad}} finally {`);
          out.push(...this.program(i.finally, actor, `${pad}    `, catchVar, depth + 1));
        }
        if (!i.catch?.length && !i.finally) out.push(`${pad}} finally {`);
        out.push(`${pad}}`);
        return out;
      }
      case 'rethrow':
        if (catchVar === undefined) throw new UnrenderableScenarioError('rethrow outside a catch clause');
        return [`${pad}throw ${catchVar};`];
      case 'return':
        return [`${pad}return ${phpValue(i.value)};`];
      case 'log':
        return [t('log', { value: phpValue(i.value) })];
      case 'future.new':
        return [
          `${pad}$futureState[${phpString(i.id)}] = new Async\\FutureState();`,
          `${pad}${this.ref(i.id)} = new Async\\Future($futureState[${phpString(i.id)}]);`,
        ];
      case 'future.complete':
      case 'future.fail': {
        const state = `$futureState[${phpString(i.id)}]`;
        const settle = i.op === 'future.complete'
          ? [`${pad}    trace(${a}, 'settle', ['event' => ${phpString(i.id)}, 'value' => ${phpValue(i.value)}]);`, `${pad}    ${state}->complete(${phpValue(i.value)});`]
          : [`${pad}    $error = ${phpError(i.error)};`, `${pad}    trace(${a}, 'settle', ['event' => ${phpString(i.id)}, 'error' => error_data($error)]);`, `${pad}    ${state}->error($error);`];
        return [`${pad}if (!${state}->isCompleted()) {`, ...settle, `${pad}}`];
      }
      case 'onFinally': {
        const target = this.target(actor, i.target);
        const done = this.kinds.get(target.id) === 'scope' ? `${target.expr}->isFinished()` : `${target.expr}->isCompleted()`;
        const ev = (who: string): string => `trace(${who}, 'finally', ['target' => ${phpString(target.id)}, 'handler' => ${phpString(i.handler)}])`;
        return [
          `${pad}if (${done}) {`,
          `${pad}    ${ev(a)};`,
          `${pad}} else {`,
          `${pad}    ${target.expr}->finally(fn() => ${ev(phpString(`finally:${target.id}`))});`,
          `${pad}}`,
        ];
      }
      case 'query': {
        const target = this.target(actor, i.target);
        let value: string;
        if (i.what === 'getException') value = `error_data(${target.expr}->getException())`;
        else if (i.what === 'getState') value = `${target.expr}->getState()->name`;
        else value = `${target.expr}->${i.what}()`;
        return [t('query', { target: phpString(target.id), what: phpString(i.what), value })];
      }
      case 'shutdown':
        return [`${pad}traced_shutdown(${a});`];
      case 'scope.new':
        return [`${pad}${this.ref(i.id)} = new Async\\Scope();`];
      case 'scope.inherit':
        return [`${pad}${this.ref(i.id)} = Async\\Scope::inherit(${i.parent === undefined ? '' : this.ref(i.parent)});`];
      case 'scope.asNotSafely':
      case 'scope.allowZombies':
        return [`${pad}${this.ref(i.scope)}->${i.op.slice('scope.'.length)}();`];
      case 'scope.cancel': {
        const reason = i.reason ?? 'Scope was cancelled';
        return [
          t('scopeCancel', { scope: phpString(i.scope), how: "'cancel'", reason: phpString(reason) }),
          `${pad}${this.ref(i.scope)}->cancel(${i.reason === undefined ? '' : `new AsyncCancellation(${phpString(i.reason)})`});`,
        ];
      }
      case 'scope.dispose':
      case 'scope.disposeSafely': {
        const how = i.op.slice('scope.'.length);
        return [
          t('scopeCancel', { scope: phpString(i.scope), how: phpString(how), reason: "'Scope was cancelled'" }),
          `${pad}${this.ref(i.scope)}->${how}();`,
        ];
      }
      case 'scope.disposeAfterTimeout':
        return [`${pad}${this.ref(i.scope)}->disposeAfterTimeout(${i.ms});`];
      case 'scope.awaitCompletion': {
        const token = this.token(i.cancellation, i.timeoutMs) ?? 'Async\\timeout(0)';
        return [`${pad}traced_scope_wait(${a}, ${phpString(i.scope)}, ${this.ref(i.scope)}, fn() => ${this.ref(i.scope)}->awaitCompletion(${token}));`];
      }
      case 'scope.awaitAfterCancellation': {
        const token = i.timeoutMs === undefined ? '' : `null, Async\\timeout(${i.timeoutMs})`;
        return [`${pad}traced_scope_wait(${a}, ${phpString(i.scope)}, ${this.ref(i.scope)}, fn() => ${this.ref(i.scope)}->awaitAfterCancellation(${token}));`];
      }
      case 'scope.setExceptionHandler':
      case 'scope.setChildScopeExceptionHandler':
        return [`${pad}${this.ref(i.scope)}->${i.op.slice('scope.'.length)}(scope_handler(${phpString(i.scope)}, ${phpString(i.handler)}, ${i.action === 'rethrow'}));`];
      case 'protect':
        return [
          `${pad}Async\\protect(function ()${this.protectUses()} {`,
          ...this.program(i.body, actor, `${pad}    `, catchVar, depth),
          `${pad}});`,
        ];
      case 'pool.new':
        return this.poolNew(i, pad);
      case 'pool.acquire':
      case 'pool.tryAcquire': {
        const p = phpString(i.pool);
        const call = i.op === 'pool.acquire' ? `acquire(${i.timeoutMs ?? ''})` : 'tryAcquire()';
        const keep = i.op === 'pool.acquire'
          ? [`${pad}$held[${p}][] = $resource;`]
          : [`${pad}if ($resource !== null) {`, `${pad}    $held[${p}][] = $resource;`, `${pad}}`];
        return [
          t('acquire', { pool: p, try: i.op === 'pool.tryAcquire' ? 'true' : 'false' }),
          `${pad}$resource = ${this.ref(i.pool)}->${call};`,
          ...keep,
          t('acquired', { pool: p, resource: '$resource' }),
        ];
      }
      case 'pool.release': {
        const p = phpString(i.pool);
        return [
          `${pad}$resource = array_shift($held[${p}]) ?? throw new Error(${phpString(`Nothing to release to '${i.pool}'`)});`,
          t('release', { pool: p, resource: '$resource' }),
          `${pad}${this.ref(i.pool)}->release($resource);`,
        ];
      }
      case 'pool.close':
        return [`${pad}if (!${this.ref(i.pool)}->isClosed()) {`, `${pad}    trace(${a}, 'poolClose', ['pool' => ${phpString(i.pool)}]);`, `${pad}    ${this.ref(i.pool)}->close();`, `${pad}}`];
      case 'pool.activate':
      case 'pool.deactivate':
      case 'pool.recover': {
        const state = { 'pool.activate': 'ACTIVE', 'pool.deactivate': 'INACTIVE', 'pool.recover': 'RECOVERING' }[i.op];
        return [`${pad}${this.ref(i.pool)}->${i.op.slice('pool.'.length)}();`, t('breaker', { pool: phpString(i.pool), state: phpString(state) })];
      }
      case 'pool.setStrategy':
        return [`${pad}${this.ref(i.pool)}->setCircuitBreakerStrategy(${i.strategy === null ? 'null' : this.strategy(i.pool, i.strategy)});`];
      default:
        throw new UnrenderableScenarioError(`${i.op}: ${NO_SPELLING[i.op] ?? 'no PHP spelling'}`);
    }
  }

  awaitLine(i: AwaitInstruction, actor: string, pad: string): string {
    let target: string;
    let on: string;
    if ('coroutine' in i.target) {
      target = this.target(actor, i.target.coroutine).expr;
      on = `coroutine:${i.target.coroutine === 'self' ? actor : i.target.coroutine}`;
    } else if ('future' in i.target) {
      target = this.ref(i.target.future);
      on = `future:${i.target.future}`;
    } else throw new UnrenderableScenarioError('await of a trigger or a bare timer');
    const token = this.token(i.cancellation, i.timeoutMs);
    return `${pad}traced_await(${phpString(actor)}, ${phpString(on)}, ${target}${token === undefined ? '' : `, ${token}`});`;
  }

  hook(pool: string, name: string, h: HookSpec): string {
    const args = [phpString(pool), phpString(name)];
    const rest = [phpArray(h.falseOn ?? []), phpArray(h.falseFor ?? []), String(h.throws ?? false), String(h.delayMs ?? 0)];
    while (rest.length > 0 && ['[]', 'false', '0'].includes(rest[rest.length - 1]!)) rest.pop();
    return `pool_hook(${[...args, ...rest].join(', ')})`;
  }

  poolNew(i: PoolNewInstruction, pad: string): string[] {
    const p = phpString(i.id);
    const factoryArgs = [p, ...(i.factory?.failOn?.length || i.factory?.delayMs ? [phpArray(i.factory?.failOn ?? [])] : []), ...(i.factory?.delayMs ? [String(i.factory.delayMs)] : [])];
    const args = [`factory: pool_factory(${factoryArgs.join(', ')})`];
    if (i.destructor) args.push(`destructor: pool_destructor(${p}${i.destructor.throwFor?.length ? `, ${phpArray(i.destructor.throwFor)}` : ''})`);
    if (i.healthcheck) args.push(`healthcheck: ${this.hook(i.id, 'healthcheck', { ...i.healthcheck, delayMs: 0 })}`);
    if (i.beforeAcquire) args.push(`beforeAcquire: ${this.hook(i.id, 'beforeAcquire', i.beforeAcquire)}`);
    if (i.beforeRelease) args.push(`beforeRelease: ${this.hook(i.id, 'beforeRelease', i.beforeRelease)}`);
    if (i.min !== undefined) args.push(`min: ${i.min}`);
    if (i.max !== undefined) args.push(`max: ${i.max}`);
    if (i.healthcheckIntervalMs) args.push(`healthcheckInterval: ${i.healthcheckIntervalMs}`);
    return [`${pad}${this.ref(i.id)} = new Async\\Pool(`, ...args.map((x) => `${pad}    ${x},`), `${pad});`];
  }

  strategy(pool: string, s: StrategySpec): string {
    const args = [phpString(pool), this.ref(pool)];
    if (s.deactivateAfter !== undefined) args.push(`deactivateAfter: ${s.deactivateAfter}`);
    if (s.activateOnSuccess) args.push('activateOnSuccess: true');
    if (s.throwOn?.length) args.push(`throwOn: ${phpArray(s.throwOn)}`);
    return `breaker_strategy(${args.join(', ')})`;
  }
}

/**
 * Render `scenario` as a PHP script that prints its trace as JSON lines.
 *
 * @param scenario - a validated scenario.
 * @returns the script (starting with `<?php`).
 * @throws UnrenderableScenarioError when {@link unsupportedByPhp} has a reason.
 */
export function renderScript(scenario: Scenario): string {
  const why = unsupportedByPhp(scenario);
  if (why !== undefined) throw new UnrenderableScenarioError(why);
  const r = new Renderer(scenario);
  const main = r.body(scenario.main, 'main', '    ');
  const vars: string[] = [];
  if (r.used.has('coroutine')) vars.push('$coroutine = [];   // scenario id => Async\\Coroutine');
  if (r.used.has('future')) vars.push('$future = [];      // scenario id => Async\\Future', '$futureState = []; // scenario id => Async\\FutureState');
  if (r.used.has('scope')) vars.push('$scope = [];       // scenario id => Async\\Scope');
  if (r.used.has('pool')) vars.push('$pool = [];        // scenario id => Async\\Pool');
  const title = scenario.name !== undefined ? `Scenario "${scenario.name.replace(/\n/g, ' ')}", rendered` : 'A scenario rendered';
  return [
    '<?php',
    `// ${title} by trueasync-conformance.`,
    '// Every trace() call prints one event of the conformance trace as a JSON line',
    '// (docs/guides/trace-semantics.md); the rest is the scenario in plain TrueAsync.',
    '',
    'use Async\\AsyncCancellation;',
    'use function Async\\delay;',
    'use function Async\\spawn;',
    'use function Async\\suspend;',
    '',
    CORE_PRELUDE.trimEnd(),
    ...(r.used.has('scope') ? [SCOPE_PRELUDE.trimEnd()] : []),
    ...(r.used.has('pool') ? [POOL_PRELUDE.trimEnd()] : []),
    '',
    ...vars,
    ...(vars.length > 0 ? [''] : []),
    `run_main(function ()${r.uses()} {`,
    ...main,
    '});',
    '',
  ].join('\n');
}
