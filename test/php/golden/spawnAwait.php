<?php
// Scenario "spawn, suspend and await a result", rendered by trueasync-conformance.
// Every trace() call prints one event of the conformance trace as a JSON line
// (docs/guides/trace-semantics.md); the rest is the scenario in plain TrueAsync.

use Async\AsyncCancellation;
use function Async\delay;
use function Async\spawn;
use function Async\suspend;

// CORE_PRELUDE of conformance/adapters/php/prelude.ts

$coroutine = [];   // scenario id => Async\Coroutine

run_main(function () use (&$coroutine) {
    $coroutine['a'] = spawn(function () use (&$coroutine) {
        started('a');
        trace('a', 'log', ['value' => 'a1']);
        suspended('a', 'queue', fn() => suspend());
        trace('a', 'log', ['value' => 'a2']);
        return 7;
    });
    trace_outcome('a', $coroutine['a']);
    trace('main', 'spawned', ['coroutine' => 'a']);
    $coroutine['b'] = spawn(function () use (&$coroutine) {
        started('b');
        suspended('b', 'timer', fn() => delay(5));
        trace('b', 'log', ['value' => 'b']);
    });
    trace_outcome('b', $coroutine['b']);
    trace('main', 'spawned', ['coroutine' => 'b']);
    traced_await('main', 'coroutine:a', $coroutine['a']);
    traced_await('main', 'coroutine:b', $coroutine['b'], Async\timeout(10));
    trace('main', 'query', ['target' => 'a', 'what' => 'getResult', 'value' => $coroutine['a']->getResult()]);
});
