<?php
// A small shim of TrueAsync's core API in plain PHP 8.2 on Fibers, so the
// scripts the PHP adapter renders can run here, where no TrueAsync build
// exists. Load it with -d auto_prepend_file=test/php-shim/trueasync.php.
//
// It follows docs/guides/trace-semantics.md §1-§4 (FIFO run queue, virtual
// clock, timers only when the queue is empty, deadlock detection, the cancel
// algorithm, graceful shutdown) and, being the runtime, prints the events only
// a runtime sees (deadlock, exit, the scheduler's shutdown) through the
// script's trace().
// Its known deviations from TrueAsync are in expectations.json beside it.

namespace {
    const TRUEASYNC_SHIM = 'trueasync-shim 0.1 (Fibers)';
    const TRUEASYNC_SHIM_CAPABILITIES = 'core';

    // PHP core's third root of the hierarchy. A user class cannot implement
    // Throwable directly, so here it extends Error: catch (Error) catches it
    // (a deviation, see expectations.json).
    class Cancellation extends \Error {}
}

namespace Async {
    interface Awaitable {}

    interface Completable extends Awaitable
    {
        public function cancel(?AsyncCancellation $cancellation = null): void;
        public function isCompleted(): bool;
        public function isCancelled(): bool;
    }

    class AsyncCancellation extends \Cancellation {}
    class OperationCanceledException extends AsyncCancellation {}
    class AsyncException extends \Exception {}
    class TimeoutException extends \Exception {}
    class DeadlockError extends \Error {}

    /** Something coroutines can wait on: a callback vector of waker subscriptions. */
    abstract class Shim_Event
    {
        /** @var list<array{0: Coroutine, 1: int, 2: bool}> waiter, its wait number, whether this is the cancellation token */
        public array $waiters = [];
        public bool $done = false;
        public mixed $value = null;
        public ?\Throwable $error = null;

        public function notify(): void
        {
            $waiters = $this->waiters;
            $this->waiters = [];
            foreach ($waiters as [$co, $wait, $isToken]) {
                if ($co->status !== Coroutine::WAITING || $co->wait !== $wait) {
                    continue;
                }
                if ($isToken) {
                    $co->resolve(null, new OperationCanceledException('Operation has been cancelled', 0, $this->error));
                } else {
                    $co->resolve($this->value, $this->error);
                }
            }
        }
    }

    final class Coroutine extends Shim_Event implements Completable
    {
        const NO_STATUS = 0, WAITING = 1, QUEUED = 2, IGNORED = 3, RESULT = 4;

        public ?\Fiber $fiber = null;
        public bool $started = false;
        public bool $cancelled = false;
        public int $status = self::QUEUED;
        public int $wait = 0;
        public mixed $pendingValue = null;
        public ?\Throwable $pendingError = null;
        public ?\Throwable $stored = null;
        /** @var list<\Closure> */
        public array $finallyHandlers = [];
        private static int $ids = 0;
        public readonly int $id;

        public function __construct(public ?\Closure $task, public bool $isMain = false)
        {
            $this->id = ++self::$ids;
        }

        public function getId(): int { return $this->id; }
        public function isStarted(): bool { return $this->started; }
        public function isQueued(): bool { return $this->status === self::QUEUED; }
        public function isRunning(): bool { return $this->started && !$this->done; }
        public function isSuspended(): bool { return $this->status < self::RESULT && !$this->done; }
        public function isCancelled(): bool { return $this->cancelled && $this->done; }
        public function isCancellationRequested(): bool { return $this->cancelled && !$this->done; }
        public function isCompleted(): bool { return $this->done; }
        public function getResult(): mixed { return $this->done ? $this->value : null; }
        public function getException(): mixed { return $this->done ? $this->error : null; }

        public function finally(\Closure $callback): void
        {
            if ($this->done) {
                $callback();
                return;
            }
            $this->finallyHandlers[] = $callback;
        }

        /** The cancel algorithm (trace semantics §3.2). */
        public function cancel(?AsyncCancellation $cancellation = null): void
        {
            Shim\Runtime::cancel($this, $cancellation ?? new AsyncCancellation('Coroutine cancelled'));
        }

        /** Wake this coroutine with a value or an error. */
        public function resolve(mixed $value, ?\Throwable $error): void
        {
            $this->pendingValue = $value;
            $this->pendingError = $error;
            $this->wait++;
            $this->status = self::QUEUED;
            Shim\Runtime::$queue[] = $this;
        }
    }

    final class FutureState extends Shim_Event
    {
        public function complete(mixed $result): void
        {
            if ($this->done) {
                throw new \Error('FutureState is already completed');
            }
            $this->done = true;
            $this->value = $result;
            $this->notify();
        }

        public function error(\Throwable $throwable): void
        {
            if ($this->done) {
                throw new \Error('FutureState is already completed');
            }
            $this->done = true;
            $this->error = $throwable;
            $this->notify();
        }

        public function isCompleted(): bool { return $this->done; }
    }

    final class Future implements Completable
    {
        public function __construct(public readonly FutureState $state) {}
        public function isCompleted(): bool { return $this->state->done; }
        public function isCancelled(): bool { return false; }
        public function cancel(?AsyncCancellation $cancellation = null): void {}
    }

    final class Timeout implements Completable
    {
        public function __construct(public readonly int $ms) {}
        public function isCompleted(): bool { return false; }
        public function isCancelled(): bool { return false; }
        public function cancel(?AsyncCancellation $cancellation = null): void {}
    }

    function spawn(callable $task, mixed ...$args): Coroutine
    {
        $co = new Coroutine(fn() => $task(...$args));
        Shim\Runtime::$registry[$co->id] = $co;
        Shim\Runtime::$queue[] = $co;
        return $co;
    }

    function current_coroutine(): Coroutine
    {
        return Shim\Runtime::$current ?? Shim\Runtime::main();
    }

    function suspend(): void
    {
        $co = current_coroutine();
        $co->status = Coroutine::QUEUED;
        Shim\Runtime::$queue[] = $co;
        Shim\Runtime::park($co);
    }

    function delay(int $ms): void
    {
        $co = current_coroutine();
        $co->status = Coroutine::WAITING;
        $wait = $co->wait;
        $waiting = fn() => $co->status === Coroutine::WAITING && $co->wait === $wait;
        Shim\Runtime::arm($ms, fn() => $co->resolve(null, null), $waiting);
        Shim\Runtime::park($co);
    }

    function timeout(int $ms): Timeout
    {
        return new Timeout($ms);
    }

    function await(Completable $awaitable, ?Completable $cancellation = null): mixed
    {
        $target = Shim\Runtime::event($awaitable);
        if ($target->done) {
            if ($target->error !== null) {
                throw $target->error;
            }
            return $target->value;
        }
        $token = $cancellation === null || $cancellation instanceof Timeout ? null : Shim\Runtime::event($cancellation);
        if ($token !== null && $token->done) {
            throw new OperationCanceledException('Operation has been cancelled', 0, $token->error);
        }
        $co = current_coroutine();
        $co->status = Coroutine::WAITING;
        $wait = $co->wait;
        $target->waiters[] = [$co, $wait, false];
        if ($token !== null) {
            $token->waiters[] = [$co, $wait, true];
        }
        if ($cancellation instanceof Timeout) {
            $ms = $cancellation->ms;
            Shim\Runtime::arm(
                $ms,
                fn() => $co->resolve(null, new OperationCanceledException('Operation has been cancelled', 0, new TimeoutException("Timeout occurred after $ms milliseconds"))),
                fn() => $co->status === Coroutine::WAITING && $co->wait === $wait,
            );
        }
        return Shim\Runtime::park($co);
    }

    function graceful_shutdown(?AsyncCancellation $cancellationError = null): void
    {
        Shim\Runtime::shutdown($cancellationError ?? new AsyncCancellation('Graceful shutdown'));
    }

    function protect(\Closure $closure): mixed
    {
        throw new \Error('Async\protect() is not implemented by the shim');
    }
}

namespace Async\Shim {
    use Async\AsyncCancellation;
    use Async\Coroutine;
    use Async\DeadlockError;
    use Async\Shim_Event;

    /** The virtual clock in milliseconds. */
    function now(): int
    {
        return Runtime::$now;
    }

    final class Runtime
    {
        public static int $now = 0;
        /** @var list<Coroutine> */
        public static array $queue = [];
        /** @var array<int, Coroutine> registration order */
        public static array $registry = [];
        /** @var list<array{0: int, 1: int, 2: \Closure}> due, seq, fire */
        public static array $timers = [];
        public static int $seq = 0;
        public static ?Coroutine $current = null;
        public static ?\Throwable $exit = null;
        public static bool $shuttingDown = false;
        private static ?Coroutine $main = null;

        public static function main(): Coroutine
        {
            if (self::$main === null) {
                self::$main = new Coroutine(null, true);
                self::$main->started = true;
                self::$main->status = Coroutine::NO_STATUS;
                self::$registry = [self::$main->id => self::$main] + self::$registry;
            }
            return self::$main;
        }

        public static function trace(string $actor, string $kind, array $data = []): void
        {
            if (function_exists('trace')) {
                \trace($actor, $kind, $data);
            }
        }

        public static function errorData(\Throwable $e): array
        {
            $d = ['class' => get_class($e), 'message' => $e->getMessage()];
            if ($e->getPrevious() !== null) {
                $d['previous'] = self::errorData($e->getPrevious());
            }
            return $d;
        }

        public static function event(object $x): Shim_Event
        {
            if ($x instanceof Coroutine) return $x;
            if ($x instanceof \Async\Future) return $x->state;
            throw new \Error('The shim cannot await a ' . get_class($x));
        }

        /** Arm a timer; it is disarmed as soon as $alive() is false (its waiter was woken otherwise). */
        public static function arm(int $ms, \Closure $fire, \Closure $alive): void
        {
            self::$timers[] = [self::$now + $ms, ++self::$seq, $fire, $alive];
        }

        /** Switch away from $co until it is resumed; returns its value or throws its error. */
        public static function park(Coroutine $co): mixed
        {
            if ($co->isMain) {
                self::loop($co);
            } else {
                \Fiber::suspend();
            }
            self::$current = $co->isMain ? null : $co;
            $co->status = Coroutine::NO_STATUS;
            $value = $co->pendingValue;
            $error = $co->pendingError;
            $co->pendingValue = null;
            $co->pendingError = null;
            if ($error !== null) {
                throw $error;
            }
            return $value;
        }

        /** The scheduler (§4). With $main, returns once main is picked from the queue. */
        public static function loop(?Coroutine $main): void
        {
            for (;;) {
                if (self::$queue !== []) {
                    $co = array_shift(self::$queue);
                    if ($co === $main) {
                        return;
                    }
                    if ($co->status === Coroutine::IGNORED) {
                        self::finish($co, null, $co->pendingError);
                        continue;
                    }
                    self::run($co);
                    continue;
                }
                self::$timers = array_values(array_filter(self::$timers, fn($t) => ($t[3])()));
                if (self::$timers !== []) {
                    usort(self::$timers, fn($a, $b) => [$a[0], $a[1]] <=> [$b[0], $b[1]]);
                    $due = self::$timers[0][0];
                    self::$now = max(self::$now, $due);
                    while (self::$timers !== [] && self::$timers[0][0] === $due) {
                        [, , $fire, $alive] = array_shift(self::$timers);
                        if ($alive()) {
                            $fire();
                        }
                    }
                    continue;
                }
                if (self::$registry !== []) {
                    $n = count(self::$registry);
                    self::trace('scheduler', 'deadlock', ['waiting' => $n]);
                    self::$exit = new DeadlockError("Deadlock detected: no active coroutines, $n coroutines in waiting", 0, self::$exit);
                    $e = new AsyncCancellation('Deadlock detected');
                    foreach (self::$registry as $co) {
                        self::cancel($co, $e, false);
                    }
                    continue;
                }
                return;
            }
        }

        private static function run(Coroutine $co): void
        {
            $previous = self::$current;
            self::$current = $co;
            $co->status = Coroutine::NO_STATUS;
            try {
                if (!$co->started) {
                    $co->started = true;
                    $co->fiber = new \Fiber($co->task);
                    $co->fiber->start();
                } else {
                    $co->fiber->resume();
                }
                if ($co->fiber->isTerminated()) {
                    self::finish($co, $co->fiber->getReturn(), null);
                }
            } catch (\Throwable $e) {
                self::finish($co, null, $e);
            } finally {
                self::$current = $previous;
            }
        }

        /** Finishing a coroutine (§3.5). */
        public static function finish(Coroutine $co, mixed $value, ?\Throwable $error): void
        {
            if ($co->stored !== null) {
                $error = $error === null || $error instanceof \Cancellation ? $co->stored : self::chain($error, $co->stored);
            }
            $co->done = true;
            $co->status = Coroutine::RESULT;
            $co->value = $error === null ? $value : null;
            $co->error = $error;
            $co->notify();
            if ($co->finallyHandlers !== []) {
                $handlers = $co->finallyHandlers;
                $iterator = new Coroutine(function () use ($handlers) {
                    foreach ($handlers as $h) {
                        $h();
                    }
                });
                array_unshift(self::$queue, $iterator);
            }
            unset(self::$registry[$co->id]);
            if ($co->isMain && $error !== null && !($error instanceof \Cancellation)) {
                self::$exit ??= $error;
                if (!self::$shuttingDown) {
                    self::trace('scheduler', 'shutdown');
                    self::shutdown(new AsyncCancellation('Graceful shutdown'));
                }
            }
        }

        /** $e with $last appended at the end of its previous chain (a copy: errors are values). */
        public static function chain(\Throwable $e, \Throwable $last): \Throwable
        {
            $class = get_class($e);
            return new $class($e->getMessage(), 0, $e->getPrevious() === null ? $last : self::chain($e->getPrevious(), $last));
        }

        /** The cancel algorithm (§3.2). */
        public static function cancel(Coroutine $t, \Throwable $e, bool $user = true): void
        {
            if ($t->done) {
                return;
            }
            if ($t === \Async\current_coroutine() && $t->status === Coroutine::NO_STATUS) {
                $t->cancelled = true;
                $t->stored ??= $e;
                return;
            }
            $t->cancelled = true;
            if (!$t->started) {
                $inQueue = in_array($t, self::$queue, true);
                $t->status = Coroutine::IGNORED;
                $t->pendingError ??= $e;
                if (!$inQueue) {
                    self::$queue[] = $t;
                }
                return;
            }
            $old = $t->pendingError;
            if ($old === null) {
                $t->pendingError = $e;
            } elseif (!($old instanceof \Cancellation)) {
                $class = get_class($e);
                $t->pendingError = new $class($e->getMessage(), 0, $old);
            }
            if ($t->status === Coroutine::WAITING) {
                $t->wait++;
                $t->status = Coroutine::QUEUED;
                self::$queue[] = $t;
            }
        }

        public static function shutdown(AsyncCancellation $e): void
        {
            if (self::$shuttingDown) {
                return;
            }
            self::$shuttingDown = true;
            foreach (self::$registry as $co) {
                self::cancel($co, $e, false);
            }
        }

        /** End of the script: main is done; run the loop to the end and print exit. */
        public static function end(?\Throwable $mainError): void
        {
            $main = self::main();
            if (!$main->done) {
                self::finish($main, null, $mainError);
            }
            self::loop(null);
            self::trace('scheduler', 'exit', self::$exit === null ? [] : ['error' => self::errorData(self::$exit)]);
        }
    }

    $mainError = null;
    set_exception_handler(function (\Throwable $e) use (&$mainError) {
        $mainError = $e;
    });
    register_shutdown_function(function () use (&$mainError) {
        Runtime::end($mainError);
    });
}
