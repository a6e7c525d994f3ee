package io.tokencache.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs each Redis operation with a deadline of its own. The client's own command timeout
 * ({@code spring.data.redis.timeout}) defaults to a minute, and Lettuce queues commands while it
 * reconnects, so a caller cannot rely on it: the operation runs on a small pool and the caller
 * stops waiting at the deadline. The pool is bounded, so that a Redis that hangs costs at most
 * {@value #MAXIMUM_THREADS} blocked threads; beyond that an operation fails at once.
 */
final class RedisCalls implements AutoCloseable {

	static final int MAXIMUM_THREADS = 16;

	private static final AtomicInteger pools = new AtomicInteger();

	private final long timeoutNanos;

	private final ThreadPoolExecutor executor;

	RedisCalls(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
		int pool = pools.incrementAndGet();
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(0, MAXIMUM_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "token-cache-redis-" + pool + "-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/**
	 * Runs an operation.
	 * @param operation what to run on Redis
	 * @param <T> its result type
	 * @return its result
	 * @throws RedisUnavailableException if it failed, timed out, or could not start
	 */
	<T> T call(Supplier<T> operation) {
		return call(operation, this.timeoutNanos);
	}

	/**
	 * Runs an operation with a deadline of its own, such as the first one, which connects.
	 * @see #call(Supplier)
	 */
	<T> T call(Supplier<T> operation, Duration timeout) {
		return call(operation, Math.max(this.timeoutNanos, timeout.toNanos()));
	}

	private <T> T call(Supplier<T> operation, long timeoutNanos) {
		Future<T> future;
		try {
			future = this.executor.submit(operation::get);
		}
		catch (RejectedExecutionException ex) {
			throw new RedisUnavailableException("too many Redis operations in flight, or the tier is closed", ex);
		}
		try {
			return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new RedisUnavailableException("no answer within " + Duration.ofNanos(timeoutNanos), ex);
		}
		catch (ExecutionException ex) {
			throw new RedisUnavailableException("the operation failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new RedisUnavailableException("interrupted while waiting for Redis", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
