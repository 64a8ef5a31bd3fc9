import { describe, expect, it } from 'vitest';
import { requiredCapabilities, validateScenario } from './validate.js';

const ok = (main: unknown[]) => ({ version: 1, main });

describe('validateScenario', () => {
  it('accepts a scenario using every instruction', () => {
    const scenario = {
      version: 1,
      name: 'everything',
      main: [
        { op: 'trigger.new', id: 't1' },
        { op: 'future.new', id: 'f1' },
        { op: 'event.on', event: 't1', callback: 'cb1', actions: [{ do: 'remove', callback: 'cb1' }, { do: 'fire' }, { do: 'throw', error: { class: 'RuntimeException', message: 'x', previous: { class: 'Error', message: 'y' } } }] },
        { op: 'spawn', id: 'a', priority: 'high', body: [
          { op: 'suspend' }, { op: 'delay', ms: 0 },
          { op: 'await', target: { trigger: 't1' }, timeoutMs: 5 },
          { op: 'await', target: { timer: 3 }, cancellation: { future: 'f1' } },
          { op: 'await', target: { coroutine: 'main' } },
          { op: 'try', body: [{ op: 'throw', error: { class: 'LogicException', message: 'l' } }], catch: [{ class: 'Exception', body: [{ op: 'rethrow' }] }], finally: [{ op: 'log', value: null }] },
          { op: 'return', value: 3 },
        ] },
        { op: 'cancel', target: 'a', reason: 'why' },
        { op: 'cancel', target: 'self' },
        { op: 'trigger.fire', id: 't1', value: true }, { op: 'trigger.close', id: 't1' },
        { op: 'future.complete', id: 'f1', value: 'v' }, { op: 'future.fail', id: 'f1', error: { class: 'Async\\TimeoutException', message: 't' } },
        { op: 'event.off', event: 't1', callback: 'cb1' },
        { op: 'onFinally', target: 'a', handler: 'h1' },
        { op: 'query', target: 'self', what: 'isRunning' },
        { op: 'shutdown' },
      ],
    };
    expect(validateScenario(scenario)).toEqual({ ok: true, scenario });
  });

  it('accepts the empty scenario', () => {
    expect(validateScenario(ok([])).ok).toBe(true);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not an object', 42, /^\/: must be object/],
    ['wrong version', { version: 2, main: [] }, /^\/version: must be 1/],
    ['unknown top-level field', { version: 1, main: [], extra: 1 }, /^\/: unknown field "extra"/],
    ['negative delay', ok([{ op: 'spawn', id: 'a', body: [{ op: 'delay', ms: -1 }] }]), /^\/main\/0\/body\/0\/ms: must be an integer >= 0/],
    ['fractional timeout', ok([{ op: 'await', target: { timer: 1 }, timeoutMs: 1.5 }]), /^\/main\/0\/timeoutMs: must be integer/],
    ['unknown op', ok([{ op: 'log', value: 1 }, { op: 'sleep' }]), /^\/main\/1\/op: unknown op "sleep"; allowed: spawn, suspend, delay, await,/],
    ['missing op', ok([{ id: 'x' }]), /^\/main\/0\/op: unknown op missing; allowed: spawn/],
    ['unknown callback action', ok([{ op: 'trigger.new', id: 't' }, { op: 'event.on', event: 't', callback: 'c', actions: [{ do: 'zap' }] }]), /^\/main\/1\/actions\/0\/do: unknown do "zap"; allowed: remove, fire, throw/],
    ['missing field', ok([{ op: 'log' }]), /^\/main\/0: missing required field "value"/],
    ['extra field on an instruction', ok([{ op: 'suspend', ms: 1 }]), /^\/main\/0: unknown field "ms"/],
    ['await target with two keys', ok([{ op: 'await', target: { timer: 1, trigger: 't' } }]), /^\/main\/0\/target: must have exactly one key/],
    ['empty id', ok([{ op: 'trigger.new', id: '' }]), /^\/main\/0\/id: must be a non-empty string/],
    ['unknown error class', ok([{ op: 'throw', error: { class: 'Oops', message: '' } }]), /^\/main\/0\/error\/class: must be one of "Throwable"/],
    ['bad query', ok([{ op: 'query', target: 'self', what: 'isHappy' }]), /^\/main\/0\/what: must be one of/],
    ['duplicate coroutine id', ok([{ op: 'spawn', id: 'a', body: [] }, { op: 'spawn', id: 'b', body: [{ op: 'spawn', id: 'a', body: [] }] }]), /^\/main\/1\/body\/0\/id: duplicate coroutine id "a" \(first declared at \/main\/0\/id\)/],
    ['duplicate event id', ok([{ op: 'trigger.new', id: 'e' }, { op: 'future.new', id: 'e' }]), /^\/main\/1\/id: duplicate event id "e" \(trigger declared at \/main\/0\/id\)/],
    ['duplicate callback', ok([{ op: 'trigger.new', id: 't' }, { op: 'event.on', event: 't', callback: 'c' }, { op: 'event.on', event: 't', callback: 'c' }]), /^\/main\/2\/callback: duplicate callback "c"/],
    ['reserved id main', ok([{ op: 'spawn', id: 'main', body: [] }]), /^\/main\/0\/id: "main" is a reserved id/],
    ['reserved id finally:', ok([{ op: 'trigger.new', id: 'finally:x' }]), /^\/main\/0\/id: "finally:x" is a reserved id/],
    ['reserved id self', ok([{ op: 'spawn', id: 'self', body: [] }]), /^\/main\/0\/id: "self" is a reserved id/],
    ['undeclared coroutine', ok([{ op: 'await', target: { coroutine: 'ghost' } }]), /^\/main\/0\/target\/coroutine: "ghost" is not a declared coroutine/],
    ['undeclared cancel target', ok([{ op: 'spawn', id: 'a', body: [{ op: 'cancel', target: 'b' }] }]), /^\/main\/0\/body\/0\/target: "b" is not a declared coroutine/],
    ['future used as trigger', ok([{ op: 'future.new', id: 'f' }, { op: 'trigger.fire', id: 'f' }]), /^\/main\/1\/id: "f" is a future, not a trigger/],
    ['event.on on a coroutine', ok([{ op: 'spawn', id: 'a', body: [] }, { op: 'event.on', event: 'a', callback: 'c' }]), /^\/main\/1\/event: "a" is not a declared trigger or future/],
    ['undeclared token', ok([{ op: 'await', target: { timer: 1 }, cancellation: { future: 'nope' } }]), /^\/main\/0\/cancellation\/future: "nope" is not a declared future/],
    ['rethrow outside catch', ok([{ op: 'try', body: [{ op: 'rethrow' }], finally: [] }]), /^\/main\/0\/body\/0: "rethrow" is only allowed inside a catch body/],
    ['rethrow in a coroutine spawned from a catch body', ok([{ op: 'try', body: [], catch: [{ class: 'Throwable', body: [{ op: 'spawn', id: 'a', body: [{ op: 'rethrow' }] }] }] }]), /^\/main\/0\/catch\/0\/body\/0\/body\/0: "rethrow" is only allowed inside a catch body/],
    ['timeout and token together', ok([{ op: 'trigger.new', id: 't' }, { op: 'await', target: { timer: 1 }, timeoutMs: 2, cancellation: { trigger: 't' } }]), /^\/main\/1: an await takes at most one of "timeoutMs" and "cancellation"/],
  ];
  for (const [what, input, message] of invalid) {
    it(`rejects ${what}, naming the path`, () => {
      const r = validateScenario(input);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.some((e) => message.test(e)), r.errors.join('\n')).toBe(true);
    });
  }

  it('reports one error, not one per variant, for one bad instruction', () => {
    const r = validateScenario(ok([{ op: 'bogus', x: 1 }]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(1);
  });
});

describe('requiredCapabilities', () => {
  it('names the capability of the area of every instruction, nested ones included, in capability order', () => {
    expect(requiredCapabilities(ok([]) as never)).toEqual([]);
    expect(requiredCapabilities(ok([{ op: 'suspend' }, { op: 'protect', body: [] }]) as never)).toEqual(['core']);
    expect(requiredCapabilities(ok([
      { op: 'pool.new', id: 'p' },
      { op: 'spawn', id: 'a', body: [{ op: 'try', body: [], catch: [{ class: 'Throwable', body: [{ op: 'pool.recover', pool: 'p' }] }], finally: [{ op: 'scope.new', id: 's' }] }] },
    ]) as never)).toEqual(['core', 'scope', 'pool', 'breaker']);
  });
});
