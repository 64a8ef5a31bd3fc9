<?php
// Scenario "a scope and a pool (rendered, not run here)", rendered by trueasync-conformance.
// Every trace() call prints one event of the conformance trace as a JSON line
// (docs/guides/trace-semantics.md); the rest is the scenario in plain TrueAsync.

use Async\AsyncCancellation;
use function Async\delay;
use function Async\spawn;
use function Async\suspend;

// CORE_PRELUDE of conformance/adapters/php/prelude.ts
// SCOPE_PRELUDE of conformance/adapters/php/prelude.ts
// POOL_PRELUDE of conformance/adapters/php/prelude.ts

$coroutine = [];   // scenario id => Async\Coroutine
$scope = [];       // scenario id => Async\Scope
$pool = [];        // scenario id => Async\Pool

run_main(function () use (&$coroutine, &$scope, &$pool) {
    $held = ['p' => []]; // the resources this coroutine holds, oldest first
    $scope['s'] = new Async\Scope();
    $coroutine['a'] = $scope['s']->spawn(function () use (&$coroutine, &$scope, &$pool) {
        started('a');
        Async\protect(function () use (&$coroutine, &$scope, &$pool, &$held) {
            suspended('a', 'timer', fn() => delay(2));
        });
    });
    trace_outcome('a', $coroutine['a']);
    trace('main', 'spawned', ['coroutine' => 'a']);
    $scope['s']->setExceptionHandler(scope_handler('s', 'h', false));
    $pool['p'] = new Async\Pool(
        factory: pool_factory('p', [3]),
        destructor: pool_destructor('p'),
        beforeAcquire: pool_hook('p', 'beforeAcquire', [2]),
        max: 2,
    );
    $pool['p']->setCircuitBreakerStrategy(breaker_strategy('p', $pool['p'], deactivateAfter: 2));
    trace('main', 'acquire', ['pool' => 'p', 'try' => false]);
    $resource = $pool['p']->acquire(5);
    $held['p'][] = $resource;
    trace('main', 'acquired', ['pool' => 'p', 'resource' => $resource]);
    $resource = array_shift($held['p']) ?? throw new Error('Nothing to release to \'p\'');
    trace('main', 'release', ['pool' => 'p', 'resource' => $resource]);
    $pool['p']->release($resource);
    trace('main', 'query', ['target' => 'p', 'what' => 'getState', 'value' => $pool['p']->getState()->name]);
    trace('main', 'scopeCancel', ['scope' => 's', 'how' => 'cancel', 'reason' => 'done']);
    $scope['s']->cancel(new AsyncCancellation('done'));
    traced_scope_wait('main', 's', $scope['s'], fn() => $scope['s']->awaitCompletion(Async\timeout(10)));
    if (!$pool['p']->isClosed()) {
        trace('main', 'poolClose', ['pool' => 'p']);
        $pool['p']->close();
    }
});
