/**
 * Arbitraries of the data inside scenarios: values, errors, small numbers.
 * @module
 */
import * as fc from 'fast-check';
import type { ErrorClass, ErrorValue, Value } from '../../spec/system/scenario.js';

/** A JSON value a scenario carries (results, fire values, logs). */
export const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 9 }),
  fc.constantFrom('x', 'y', 'z'),
  fc.boolean(),
);

/** A non-null value (so a delivered result differs from the `null` of a plain wake-up). */
export const nonNullValueArb: fc.Arbitrary<Value> = fc.oneof(fc.integer({ min: 1, max: 99 }), fc.constantFrom('x', 'y', 'z'));

/** Error classes of ordinary (non-cancellation) exceptions. */
export const plainErrorClasses: readonly ErrorClass[] = ['RuntimeException', 'LogicException', 'Exception', 'Error', 'Async\\AsyncException'];

/** An ordinary exception (never a cancellation). */
export const plainErrorArb: fc.Arbitrary<ErrorValue> = fc.record({
  class: fc.constantFrom(...plainErrorClasses),
  message: fc.constantFrom('boom', 'e1', 'e2'),
});

/** A cancellation thrown by hand. */
export const cancellationErrorArb: fc.Arbitrary<ErrorValue> = fc.record({
  class: fc.constant<ErrorClass>('Async\\AsyncCancellation'),
  message: fc.constantFrom('manual', 'stop'),
});

/** Any error a scenario throws: mostly ordinary, sometimes a cancellation, sometimes chained. */
export const errorArb: fc.Arbitrary<ErrorValue> = fc.oneof(
  { arbitrary: plainErrorArb, weight: 6 },
  { arbitrary: cancellationErrorArb, weight: 1 },
  { arbitrary: fc.tuple(plainErrorArb, plainErrorArb).map(([e, p]) => ({ ...e, previous: p })), weight: 1 },
);

/** A virtual delay in milliseconds (1..20: never zero, so a timer wake-up always advances the clock). */
export const msArb: fc.Arbitrary<number> = fc.integer({ min: 1, max: 20 });

/** A cancellation reason. */
export const reasonArb: fc.Arbitrary<string | undefined> = fc.option(fc.constantFrom('r1', 'r2', 'r3'), { nil: undefined });
