<?php
// Scenario "main fails: the exit exception", rendered by trueasync-conformance.
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
        suspended('a', 'queue', fn() => suspend());
        trace('a', 'log', ['value' => 'never after shutdown']);
    });
    trace_outcome('a', $coroutine['a']);
    trace('main', 'spawned', ['coroutine' => 'a']);
    throw new RuntimeException('boom', 0, new LogicException('cause'));
});
