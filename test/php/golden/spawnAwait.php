<?php
// Scenario "spawn, suspend and await a result", rendered by trueasync-conformance.
// Every trace() call prints one event of the conformance trace as a JSON line
// (docs/guides/trace-semantics.md); the rest is the scenario in plain TrueAsync.

use Async\AsyncCancellation;
use function Async\delay;
use function Async\spawn;
use function Async\suspend;

/** Print one trace event as a JSON line: {"t":…,"actor":…,"kind":…, data…}. */
function trace(string $actor, string $kind, array $data = []): void
{
    ksort($data);
    echo json_encode(['t' => trace_time(), 'actor' => $actor, 'kind' => $kind] + $data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
}

/** Milliseconds since the script started (the test shim's virtual clock when it is loaded). */
function trace_time(): int
{
    static $start = null;
    if (function_exists('Async\Shim\now')) {
        return Async\Shim\now();
    }
    $start ??= hrtime(true);
    return intdiv(hrtime(true) - $start, 1_000_000);
}

/** An exception as trace data: {class, message, previous?}. */
function error_data(?Throwable $e): ?array
{
    if ($e === null) {
        return null;
    }
    $data = ['class' => get_class($e), 'message' => $e->getMessage()];
    if ($e->getPrevious() !== null) {
        $data['previous'] = error_data($e->getPrevious());
    }
    return $data;
}

/** Scenario ids of the running coroutines. */
function actor_names(): WeakMap
{
    static $names = null;
    return $names ??= new WeakMap();
}

/** The scenario id of the current coroutine. */
function actor(): string
{
    return actor_names()[Async\current_coroutine()] ?? 'scheduler';
}

/** The main coroutine (set once by run_main). */
function main_coroutine(?Async\Coroutine $set = null): Async\Coroutine
{
    static $main = null;
    return $main = $set ?? $main;
}

/**
 * The cancellation main stored by cancelling itself (or by starting the
 * graceful shutdown): the first one wins, and it decides main's outcome.
 */
function stored_cancellation(?Throwable $set = null): ?Throwable
{
    static $stored = null;
    return $stored ??= $set;
}

/** Async\graceful_shutdown(), traced; only the first call starts it. */
function traced_shutdown(string $actor): void
{
    static $started = false;
    if ($started) {
        return;
    }
    $started = true;
    trace($actor, 'shutdown');
    if ($actor === 'main') {
        stored_cancellation(new AsyncCancellation('Graceful shutdown'));
    }
    Async\graceful_shutdown();
}

/** $error as trace data with $last appended at the end of its previous chain. */
function error_chained(array $error, array $last): array
{
    $error['previous'] = isset($error['previous']) ? error_chained($error['previous'], $last) : $last;
    return $error;
}

/** Run the main program, tracing its start and its outcome (a stored self-cancellation decides it). */
function run_main(Closure $body): void
{
    actor_names()[main_coroutine(Async\current_coroutine())] = 'main';
    trace('main', 'started');
    try {
        $value = $body();
    } catch (Throwable $e) {
        $stored = stored_cancellation();
        $error = match (true) {
            $stored === null => error_data($e),
            $e instanceof Cancellation => error_data($stored),
            default => error_chained(error_data($e), error_data($stored)),
        };
        trace('main', 'failed', ['error' => $error]);
        throw $e;
    }
    $stored = stored_cancellation();
    if ($stored !== null) {
        trace('main', 'failed', ['error' => error_data($stored)]);
    } else {
        trace('main', 'completed', ['value' => $value]);
    }
}

/** First statement of a coroutine body: name the running coroutine $id and trace its start. */
function started(string $id): void
{
    actor_names()[Async\current_coroutine()] = $id;
    trace($id, 'started');
}

/**
 * Trace the outcome of $coroutine (completed or failed) once the runtime has
 * decided it: from a finally handler registered right after spawn(), so it
 * runs before any other and also for a coroutine cancelled before it started.
 */
function trace_outcome(string $id, Async\Coroutine $coroutine): void
{
    $coroutine->finally(function () use ($id, $coroutine) {
        $error = $coroutine->getException();
        if ($error !== null) {
            trace($id, 'failed', ['error' => error_data($error)]);
        } else {
            trace($id, 'completed', ['value' => $coroutine->getResult()]);
        }
    });
}

/** Suspend through $wait, tracing suspended {on} and resumed (with the error it throws, if any). */
function suspended(string $actor, string $on, Closure $wait): mixed
{
    trace($actor, 'suspended', ['on' => $on]);
    try {
        $value = $wait();
    } catch (Throwable $e) {
        trace($actor, 'resumed', ['error' => error_data($e)]);
        throw $e;
    }
    trace($actor, 'resumed');
    return $value;
}

/** Async\await($target, $cancellation), traced: no suspension when the target or the token is already done. */
function traced_await(string $actor, string $on, Async\Completable $target, ?Async\Completable $cancellation = null): mixed
{
    if ($target->isCompleted() || ($cancellation !== null && $cancellation->isCompleted())) {
        $value = Async\await($target, $cancellation);
    } else {
        $value = suspended($actor, $on, fn() => Async\await($target, $cancellation));
    }
    trace($actor, 'awaited', ['value' => $value]);
    return $value;
}

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
