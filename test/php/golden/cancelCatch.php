<?php
// Scenario "cancel a waiting coroutine; it catches the cancellation", rendered by trueasync-conformance.
// Every trace() call prints one event of the conformance trace as a JSON line
// (docs/guides/trace-semantics.md); the rest is the scenario in plain TrueAsync.

use Async\AsyncCancellation;
use function Async\delay;
use function Async\spawn;
use function Async\suspend;

// CORE_PRELUDE of conformance/adapters/php/prelude.ts

$coroutine = [];   // scenario id => Async\Coroutine
$future = [];      // scenario id => Async\Future
$futureState = []; // scenario id => Async\FutureState

run_main(function () use (&$coroutine, &$future, &$futureState) {
    $futureState['f'] = new Async\FutureState();
    $future['f'] = new Async\Future($futureState['f']);
    $coroutine['w'] = spawn(function () use (&$coroutine, &$future, &$futureState) {
        started('w');
        try {
            traced_await('w', 'future:f', $future['f']);
        } catch (Async\AsyncCancellation $e) {
            trace('w', 'caught', ['error' => error_data($e)]);
            trace('w', 'log', ['value' => 'cancelled']);
            throw $e;
        } finally {
            trace('w', 'log', ['value' => 'cleanup']);
        }
    });
    trace_outcome('w', $coroutine['w']);
    trace('main', 'spawned', ['coroutine' => 'w']);
    if ($coroutine['w']->isCompleted()) {
        trace('main', 'finally', ['target' => 'w', 'handler' => 'h1']);
    } else {
        $coroutine['w']->finally(fn() => trace('finally:w', 'finally', ['target' => 'w', 'handler' => 'h1']));
    }
    suspended('main', 'queue', fn() => suspend());
    trace('main', 'cancel', ['target' => 'w', 'reason' => 'stop']);
    $coroutine['w']->cancel(new AsyncCancellation('stop'));
    if (!$futureState['f']->isCompleted()) {
        trace('main', 'settle', ['event' => 'f', 'value' => 1]);
        $futureState['f']->complete(1);
    }
    try {
        traced_await('main', 'coroutine:w', $coroutine['w']);
    } catch (Cancellation $e) {
        trace('main', 'caught', ['error' => error_data($e)]);
    }
});
