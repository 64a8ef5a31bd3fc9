/**
 * Validation of scenario language v1: the JSON Schema, then the rules a
 * schema cannot express.
 *
 * @remarks Every message starts with the JSON path of the bad field
 * (`/main/2/body/0/ms: must be an integer >= 0`), so an author of a
 * hand-written scenario finds it at once.
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { AwaitTarget, Capability, Instruction, Program, Scenario, TokenTarget } from '../../language/index.js';
import { CAPABILITIES, OP_CAPABILITY } from '../../language/areas.js';
import { forEachInstruction } from '../../language/walk.js';
import { OPS, POOL_QUERIES, QUERIES, SCOPE_QUERIES, scenarioSchema } from './schema.js';

/** The verdict of {@link validateScenario}. */
export type ScenarioValidation = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Ids no coroutine, trigger or future may take (actor names of the trace and `self`). */
export const RESERVED_IDS: readonly string[] = ['main', 'scheduler', 'self'];

const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true });
const schemaCheck = ajv.compile(scenarioSchema);

function quote(x: unknown): string {
  return JSON.stringify(x);
}

/** One ajv error as `<path>: <readable message>`. */
function formatError(e: ErrorObject): string {
  const path = e.instancePath === '' ? '/' : e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'discriminator': {
      const tag = String(p.tag);
      const allowed = tag === 'op' ? OPS.join(', ') : 'remove, fire, throw';
      const got = p.tagValue === undefined ? 'missing' : quote(p.tagValue);
      return `${path}/${tag}: unknown ${tag} ${got}; allowed: ${allowed}`;
    }
    case 'additionalProperties':
      return `${path}: unknown field ${quote(p.additionalProperty)}`;
    case 'required':
      return `${path}: missing required field ${quote(p.missingProperty)}`;
    case 'const':
      return `${path}: must be ${quote(p.allowedValue)}`;
    case 'enum':
      return `${path}: must be one of ${(p.allowedValues as unknown[]).map(quote).join(', ')}`;
    case 'minimum':
      return `${path}: must be an integer >= ${String(p.limit)}`;
    case 'minProperties':
    case 'maxProperties':
      return `${path}: must have exactly one key`;
    case 'minLength':
      return `${path}: must be a non-empty string`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

/** Drop errors implied by another one (ajv reports `type` and `minimum` together, etc.). */
function dedupe(messages: string[]): string[] {
  return [...new Set(messages)];
}

/** A declaration found by the semantic walk. */
interface Declaration {
  kind: 'coroutine' | 'trigger' | 'future';
  path: string;
}

/** Everything the semantic walk collects before checking references. */
interface Collected {
  coroutines: Map<string, string>;
  scopes: Map<string, string>;
  pools: Map<string, string>;
  events: Map<string, Declaration>;
  callbacks: Map<string, string>;
  errors: string[];
}

function isReserved(id: string): boolean {
  return RESERVED_IDS.includes(id) || id.startsWith('finally:');
}

/** First pass: declarations (spawn, trigger.new, future.new, event.on) and their uniqueness. */
function collect(program: Program, path: string, out: Collected): void {
  program.forEach((instr, i) => {
    const at = `${path}/${i}`;
    switch (instr.op) {
      case 'spawn':
        if (isReserved(instr.id)) out.errors.push(`${at}/id: ${quote(instr.id)} is a reserved id`);
        else if (out.coroutines.has(instr.id)) {
          out.errors.push(`${at}/id: duplicate coroutine id ${quote(instr.id)} (first declared at ${out.coroutines.get(instr.id)})`);
        } else if (out.scopes.has(instr.id)) {
          out.errors.push(`${at}/id: ${quote(instr.id)} is already a scope id (declared at ${out.scopes.get(instr.id)})`);
        } else out.coroutines.set(instr.id, `${at}/id`);
        collect(instr.body, `${at}/body`, out);
        break;
      case 'scope.new':
      case 'scope.inherit':
        if (isReserved(instr.id)) out.errors.push(`${at}/id: ${quote(instr.id)} is a reserved id`);
        else if (out.scopes.has(instr.id)) {
          out.errors.push(`${at}/id: duplicate scope id ${quote(instr.id)} (first declared at ${out.scopes.get(instr.id)})`);
        } else if (out.coroutines.has(instr.id)) {
          out.errors.push(`${at}/id: ${quote(instr.id)} is already a coroutine id (declared at ${out.coroutines.get(instr.id)})`);
        } else out.scopes.set(instr.id, `${at}/id`);
        break;
      case 'protect':
        collect(instr.body, `${at}/body`, out);
        break;
      case 'pool.new':
        if (isReserved(instr.id)) out.errors.push(`${at}/id: ${quote(instr.id)} is a reserved id`);
        else if (out.pools.has(instr.id) || out.scopes.has(instr.id) || out.coroutines.has(instr.id)) {
          out.errors.push(`${at}/id: duplicate id ${quote(instr.id)} (pools, scopes and coroutines share one namespace)`);
        } else out.pools.set(instr.id, `${at}/id`);
        if ((instr.min ?? 0) > (instr.max ?? 10)) {
          out.errors.push(`${at}/min: must be <= max (${String(instr.min)} > ${String(instr.max ?? 10)})`);
        }
        break;
      case 'trigger.new':
      case 'future.new': {
        const kind = instr.op === 'trigger.new' ? 'trigger' : 'future';
        const prev = out.events.get(instr.id);
        if (isReserved(instr.id)) out.errors.push(`${at}/id: ${quote(instr.id)} is a reserved id`);
        else if (prev) {
          out.errors.push(`${at}/id: duplicate event id ${quote(instr.id)} (${prev.kind} declared at ${prev.path})`);
        } else out.events.set(instr.id, { kind, path: `${at}/id` });
        break;
      }
      case 'event.on': {
        const key = `${instr.event}\u0000${instr.callback}`;
        if (out.callbacks.has(key)) {
          out.errors.push(
            `${at}/callback: duplicate callback ${quote(instr.callback)} on event ${quote(instr.event)} (first at ${out.callbacks.get(key)})`,
          );
        } else out.callbacks.set(key, `${at}/callback`);
        break;
      }
      case 'try':
        collect(instr.body, `${at}/body`, out);
        instr.catch?.forEach((c, k) => collect(c.body, `${at}/catch/${k}/body`, out));
        if (instr.finally) collect(instr.finally, `${at}/finally`, out);
        break;
      default:
        break;
    }
  });
}

/** Second pass: references, `rethrow` and `return` placement, token rules. */
function checkReferences(program: Program, path: string, inCatch: boolean, decl: Collected, inProtect = false): void {
  const errors = decl.errors;
  const scope = (id: string, at: string): void => {
    if (!decl.scopes.has(id)) errors.push(`${at}: ${quote(id)} is not a declared scope`);
  };
  const coroutine = (id: string, at: string, selfOk: boolean): void => {
    if (id === 'main' || (selfOk && id === 'self') || decl.coroutines.has(id)) return;
    errors.push(`${at}: ${quote(id)} is not a declared coroutine`);
  };
  const event = (id: string, kinds: Array<Declaration['kind']>, at: string): void => {
    const d = decl.events.get(id);
    if (d && kinds.includes(d.kind)) return;
    const what = kinds.join(' or ');
    errors.push(d ? `${at}: ${quote(id)} is a ${d.kind}, not a ${what}` : `${at}: ${quote(id)} is not a declared ${what}`);
  };
  const awaitable = (t: AwaitTarget | TokenTarget, at: string): void => {
    if ('coroutine' in t) coroutine(t.coroutine, `${at}/coroutine`, false);
    else if ('future' in t) event(t.future, ['future'], `${at}/future`);
    else if ('trigger' in t) event(t.trigger, ['trigger'], `${at}/trigger`);
  };
  program.forEach((instr: Instruction, i) => {
    const at = `${path}/${i}`;
    switch (instr.op) {
      case 'spawn':
        if (instr.scope !== undefined) scope(instr.scope, `${at}/scope`);
        checkReferences(instr.body, `${at}/body`, false, decl);
        break;
      case 'scope.inherit':
        if (instr.parent !== undefined) scope(instr.parent, `${at}/parent`);
        break;
      case 'scope.asNotSafely':
      case 'scope.allowZombies':
      case 'scope.cancel':
      case 'scope.dispose':
      case 'scope.disposeSafely':
      case 'scope.disposeAfterTimeout':
      case 'scope.awaitAfterCancellation':
      case 'scope.setExceptionHandler':
      case 'scope.setChildScopeExceptionHandler':
        scope(instr.scope, `${at}/scope`);
        break;
      case 'scope.awaitCompletion':
        scope(instr.scope, `${at}/scope`);
        if (instr.cancellation) awaitable(instr.cancellation, `${at}/cancellation`);
        if ((instr.cancellation === undefined) === (instr.timeoutMs === undefined)) {
          errors.push(`${at}: scope.awaitCompletion takes exactly one of "timeoutMs" and "cancellation" (the token is mandatory)`);
        }
        break;
      case 'protect':
        checkReferences(instr.body, `${at}/body`, false, decl, true);
        break;
      case 'pool.acquire':
      case 'pool.tryAcquire':
      case 'pool.release':
      case 'pool.close':
      case 'pool.activate':
      case 'pool.deactivate':
      case 'pool.recover':
      case 'pool.setStrategy':
        if (!decl.pools.has(instr.pool)) errors.push(`${at}/pool: ${quote(instr.pool)} is not a declared pool`);
        if (instr.op === 'pool.tryAcquire' && 'timeoutMs' in instr) errors.push(`${at}: tryAcquire takes no timeoutMs`);
        break;
      case 'return':
        if (inProtect) errors.push(`${at}: "return" is not allowed inside a protect body (a closure's return is not the coroutine's)`);
        break;
      case 'await':
        awaitable(instr.target, `${at}/target`);
        if (instr.cancellation) awaitable(instr.cancellation, `${at}/cancellation`);
        if (instr.cancellation && instr.timeoutMs !== undefined) {
          errors.push(`${at}: an await takes at most one of "timeoutMs" and "cancellation"`);
        }
        break;
      case 'cancel':
        coroutine(instr.target, `${at}/target`, true);
        break;
      case 'onFinally':
        if (!decl.scopes.has(instr.target)) coroutine(instr.target, `${at}/target`, true);
        break;
      case 'query':
        if (decl.pools.has(instr.target)) {
          if (!(POOL_QUERIES as readonly string[]).includes(instr.what)) {
            errors.push(`${at}/what: a pool answers only ${POOL_QUERIES.join(', ')}, not ${quote(instr.what)}`);
          }
        } else if (decl.scopes.has(instr.target)) {
          if (!(SCOPE_QUERIES as readonly string[]).includes(instr.what)) {
            errors.push(`${at}/what: a scope answers only ${SCOPE_QUERIES.join(', ')}, not ${quote(instr.what)}`);
          }
        } else {
          coroutine(instr.target, `${at}/target`, true);
          if (!(QUERIES as readonly string[]).includes(instr.what)) {
            errors.push(`${at}/what: ${quote(instr.what)} is not a coroutine method`);
          }
        }
        break;
      case 'trigger.fire':
      case 'trigger.close':
        event(instr.id, ['trigger'], `${at}/id`);
        break;
      case 'future.complete':
      case 'future.fail':
        event(instr.id, ['future'], `${at}/id`);
        break;
      case 'event.on':
      case 'event.off':
        event(instr.event, ['trigger', 'future'], `${at}/event`);
        break;
      case 'rethrow':
        if (!inCatch) errors.push(`${at}: "rethrow" is only allowed inside a catch body`);
        break;
      case 'try':
        checkReferences(instr.body, `${at}/body`, inCatch, decl, inProtect);
        instr.catch?.forEach((c, k) => checkReferences(c.body, `${at}/catch/${k}/body`, true, decl, inProtect));
        if (instr.finally) checkReferences(instr.finally, `${at}/finally`, inCatch, decl, inProtect);
        break;
      default:
        break;
    }
  });
}

/**
 * Validate a scenario of language v1.
 *
 * @remarks Checks the JSON Schema ({@link scenarioSchema}) and then: unique
 * coroutine ids; unique event ids (triggers and futures share one namespace,
 * as `event.on` names either); unique callback ids per event; reserved ids
 * (`main`, `scheduler`, `self`, `finally:*`); references to coroutines,
 * triggers and futures declared somewhere in the scenario (and of the right
 * kind); `rethrow` only inside a catch body; at most one of `timeoutMs` and
 * `cancellation` per `await`; scope ids unique and distinct from coroutine
 * ids, references to declared scopes, scope queries limited to scope
 * methods, exactly one token per `scope.awaitCompletion`, no `return` inside
 * a `protect` body and no `rethrow` there that would leave it; pool ids
 * unique (with scopes and coroutines), `min <= max`, references to declared
 * pools, pool queries limited to pool methods.
 * @param x - anything (parsed JSON).
 * @returns the scenario, or every problem found, each starting with its JSON path.
 */
export function validateScenario(x: unknown): ScenarioValidation {
  if (!schemaCheck(x)) {
    return { ok: false, errors: dedupe((schemaCheck.errors ?? []).map(formatError)) };
  }
  const scenario = x as unknown as Scenario;
  const decl: Collected = { coroutines: new Map(), scopes: new Map(), pools: new Map(), events: new Map(), callbacks: new Map(), errors: [] };
  collect(scenario.main, '/main', decl);
  checkReferences(scenario.main, '/main', false, decl);
  if (decl.errors.length > 0) return { ok: false, errors: decl.errors };
  return { ok: true, scenario };
}

/**
 * The capabilities a scenario's instructions need: the capability of the
 * area each instruction belongs to (`language/areas.ts`), in the order of
 * {@link CAPABILITIES}.
 *
 * @remarks Per instruction, not per option: a `query` is `core` whatever
 * it asks, and what an adapter supports within a capability it declares
 * (`tryAcquire` on a pool library) is its own `unsupported`.
 * @param scenario - a valid scenario.
 */
export function requiredCapabilities(scenario: Scenario): Capability[] {
  const needed = new Set<Capability>();
  forEachInstruction(scenario.main, (i) => needed.add(OP_CAPABILITY[i.op]));
  return CAPABILITIES.filter((c) => needed.has(c));
}
