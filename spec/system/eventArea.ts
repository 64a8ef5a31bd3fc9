/**
 * The events area of the system model: triggers, futures and user callbacks
 * (`trigger.*`, `future.*`, `event.on`, `event.off`; trace semantics §3).
 * @module
 */
import type { EventOnInstruction, EventOffInstruction } from './scenario.js';
import type { CoroutineState, EventState, Outcome, SystemState } from './state.js';
import { undefinedReference } from './errors.js';
import { addEntry, emit, newEvent, notify, removeUserCallback } from './events.js';
import type { StepOutcome } from './control.js';
import { NEXT, throwing, type SpecArea } from './area.js';

/** Look up an event by kind and id. */
function eventOf(sys: SystemState, kind: 'trigger' | 'future', id: string): EventState | undefined {
  return sys.events.get(`${kind}:${id}`);
}

/** The trigger or future an `event.on` / `event.off` names. */
function callbackTarget(sys: SystemState, instr: EventOnInstruction | EventOffInstruction): EventState | undefined {
  return sys.events.get(`trigger:${instr.event}`) ?? sys.events.get(`future:${instr.event}`);
}

function settleFuture(sys: SystemState, co: CoroutineState, id: string, outcome: Outcome): StepOutcome {
  const ev = eventOf(sys, 'future', id);
  if (!ev) return throwing(undefinedReference(id));
  if (ev.outcome) return NEXT;
  ev.outcome = outcome;
  emit(sys, co.id, outcome.error ? { kind: 'settle', event: id, error: outcome.error } : { kind: 'settle', event: id, value: outcome.value });
  const thrown = notify(sys, ev, co.id, outcome, 'close');
  return thrown ? throwing(thrown) : NEXT;
}

/** The events area. */
export const eventArea = {
  name: 'events',
  execute: {
    'trigger.new': (sys, _co, instr) => {
      sys.events.set(`trigger:${instr.id}`, newEvent(`trigger:${instr.id}`));
      return NEXT;
    },
    'trigger.fire': (sys, co, instr) => {
      const ev = eventOf(sys, 'trigger', instr.id);
      if (!ev) return throwing(undefinedReference(instr.id));
      if (ev.closed) return NEXT;
      const value = instr.value ?? null;
      emit(sys, co.id, { kind: 'fire', event: instr.id, value });
      const thrown = notify(sys, ev, co.id, { value });
      return thrown ? throwing(thrown) : NEXT;
    },
    'trigger.close': (sys, co, instr) => {
      const ev = eventOf(sys, 'trigger', instr.id);
      if (!ev) return throwing(undefinedReference(instr.id));
      if (ev.closed) return NEXT;
      emit(sys, co.id, { kind: 'close', event: instr.id });
      const thrown = notify(sys, ev, co.id, { value: null }, 'close');
      return thrown ? throwing(thrown) : NEXT;
    },
    'future.new': (sys, _co, instr) => {
      sys.events.set(`future:${instr.id}`, newEvent(`future:${instr.id}`));
      return NEXT;
    },
    'future.complete': (sys, co, instr) => settleFuture(sys, co, instr.id, { value: instr.value ?? null }),
    'future.fail': (sys, co, instr) => settleFuture(sys, co, instr.id, { error: instr.error }),
    'event.on': (sys, co, instr) => {
      const ev = callbackTarget(sys, instr);
      if (!ev) return throwing(undefinedReference(instr.event));
      addEntry(ev, { type: 'user', callback: instr.callback, actions: instr.actions ?? [] });
      emit(sys, co.id, { kind: 'on', event: instr.event, callback: instr.callback });
      return NEXT;
    },
    'event.off': (sys, co, instr) => {
      const ev = callbackTarget(sys, instr);
      if (!ev) return throwing(undefinedReference(instr.event));
      removeUserCallback(sys, ev, instr.callback, co.id);
      return NEXT;
    },
  },
} as const satisfies SpecArea<'trigger.new' | 'trigger.fire' | 'trigger.close' | 'future.new' | 'future.complete' | 'future.fail' | 'event.on' | 'event.off'>;
