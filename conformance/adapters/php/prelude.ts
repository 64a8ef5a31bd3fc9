/**
 * The PHP helper functions every rendered script starts with: they print the
 * trace as JSON lines (`trace()`) and wrap the few points where an event
 * belongs around a TrueAsync call (a coroutine's start and end, a
 * suspension, an `await`).
 *
 * @remarks Kept in one place so that a rendered script and its `.phpt` are
 * self-contained. The pool helpers are added only to scripts that use a pool.
 * @module
 */

/** Helpers every script needs. */
export const CORE_PRELUDE = String.raw`/** Print one trace event as a JSON line: {"t":…,"actor":…,"kind":…, data…}, with the actor's current label. */
function trace(string $actor, string $kind, array $data = []): void
{
    $label = current_label($actor);
    if ($label !== null) $data['label'] = $label;
    ksort($data);
    echo json_encode(['t' => trace_time(), 'actor' => $actor, 'kind' => $kind] + $data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
}

/** The label of the instruction a coroutine last started (null: none); with $set, replace it. */
function current_label(string $actor, bool $set = false, ?string $label = null): ?string
{
    static $labels = [];
    if ($set) {
        if ($label === null) unset($labels[$actor]);
        else $labels[$actor] = $label;
    }
    return $labels[$actor] ?? null;
}

/** Set the label of the instruction the coroutine starts now (trace semantics, "Labels"). */
function label(string $actor, ?string $label): void
{
    current_label($actor, true, $label);
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
`;

/** Helpers of scripts that use a scope. */
export const SCOPE_PRELUDE = String.raw`
/** $scope->awaitCompletion()/awaitAfterCancellation() through $wait, traced like an await. */
function traced_scope_wait(string $actor, string $id, Async\Scope $scope, Closure $wait): void
{
    if ($scope->isFinished() || $scope->isClosed()) {
        $wait();
    } else {
        suspended($actor, "scope:$id", $wait);
    }
    trace($actor, 'awaited', ['value' => null]);
}

/** A scope exception handler that traces its call, then swallows or rethrows the error. */
function scope_handler(string $id, string $handler, bool $rethrow): Closure
{
    return function (Async\Scope $scope, Async\Coroutine $coroutine, Throwable $e) use ($id, $handler, $rethrow): void {
        $failed = actor_names()[$coroutine] ?? 'scheduler';
        trace($failed, 'handler', ['scope' => $id, 'handler' => $handler, 'coroutine' => $failed, 'error' => error_data($e)]);
        if ($rethrow) {
            throw $e;
        }
    };
}
`;

/** Helpers of scripts that use a pool. */
export const POOL_PRELUDE = String.raw`
/** The pool's factory: resources are named r1, r2, … after the call that created them. */
function pool_factory(string $pool, array $failOn = [], int $delayMs = 0): Closure
{
    $calls = 0;
    return function () use ($pool, $failOn, $delayMs, &$calls): string {
        $call = ++$calls;
        if ($delayMs > 0) {
            suspended(actor(), 'timer', fn() => Async\delay($delayMs));
        }
        if (in_array($call, $failOn, true)) {
            throw new RuntimeException('factory failed');
        }
        trace(actor(), 'created', ['pool' => $pool, 'resource' => "r$call"]);
        return "r$call";
    };
}

/** The pool's destructor. */
function pool_destructor(string $pool, array $throwFor = []): Closure
{
    return function (string $resource) use ($pool, $throwFor): void {
        trace(actor(), 'destroyed', ['pool' => $pool, 'resource' => $resource]);
        if (in_array($resource, $throwFor, true)) {
            throw new RuntimeException('destructor failed');
        }
    };
}

/** A pool hook (healthcheck, beforeAcquire, beforeRelease) answering false on some calls or resources. */
function pool_hook(string $pool, string $hook, array $falseOn = [], array $falseFor = [], bool $throws = false, int $delayMs = 0): Closure
{
    $calls = 0;
    return function (string $resource) use ($pool, $hook, $falseOn, $falseFor, $throws, $delayMs, &$calls): bool {
        $call = ++$calls;
        if ($delayMs > 0) {
            suspended(actor(), 'timer', fn() => Async\delay($delayMs));
        }
        $ok = !in_array($call, $falseOn, true) && !in_array($resource, $falseFor, true);
        trace(actor(), 'hook', ['pool' => $pool, 'hook' => $hook, 'resource' => $resource, 'ok' => $ok]);
        if (!$ok && $throws) {
            throw new RuntimeException('hook failed');
        }
        return $ok;
    };
}

/** A circuit-breaker strategy that traces every report and acts on the pool. */
function breaker_strategy(string $pool, Async\Pool $target, ?int $deactivateAfter = null, bool $activateOnSuccess = false, array $throwOn = []): Async\CircuitBreakerStrategy
{
    return new class($pool, $target, $deactivateAfter, $activateOnSuccess, $throwOn) implements Async\CircuitBreakerStrategy {
        private int $failures = 0;

        public function __construct(
            private string $pool,
            private Async\Pool $target,
            private ?int $deactivateAfter,
            private bool $activateOnSuccess,
            private array $throwOn,
        ) {}

        public function reportSuccess(mixed $source): void
        {
            trace(actor(), 'report', ['pool' => $this->pool, 'what' => 'success']);
            if ($this->activateOnSuccess) {
                $this->target->activate();
                trace(actor(), 'breaker', ['pool' => $this->pool, 'state' => 'ACTIVE']);
            }
            if (in_array('success', $this->throwOn, true)) {
                throw new RuntimeException('strategy failed');
            }
        }

        public function reportFailure(mixed $source, Throwable $error): void
        {
            trace(actor(), 'report', ['pool' => $this->pool, 'what' => 'failure']);
            if ($this->deactivateAfter !== null && ++$this->failures >= $this->deactivateAfter) {
                $this->target->deactivate();
                trace(actor(), 'breaker', ['pool' => $this->pool, 'state' => 'INACTIVE']);
            }
            if (in_array('failure', $this->throwOn, true)) {
                throw new RuntimeException('strategy failed');
            }
        }

        public function shouldRecover(): bool
        {
            return false;
        }
    };
}
`;
