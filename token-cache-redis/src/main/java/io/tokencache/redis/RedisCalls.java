package io.tokencache.redis;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Waits for each Redis operation until a deadline of its own. The operation is a command of the
 * client's reactive API, so it runs on the client's own I/O threads and no thread of the tier
 * waits for it: only the caller does, in {@link Mono#block(Duration)}, which cancels the command
 * at the deadline. The client's command timeout ({@code spring.data.redis.timeout}) defaults to a
 * minute, and Lettuce queues commands while it reconnects, so the tier cannot rely on it alone.
 */
final class RedisCalls {

	private final Duration timeout;

	RedisCalls(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Runs an operation and waits for its result until the tier's timeout.
	 * @param operation the command, not yet subscribed to
	 * @param <T> its result type
	 * @return its result, or {@code null} if it completed without one
	 * @throws RedisUnavailableException if it failed, timed out, or the wait was interrupted
	 */
	<T> @Nullable T call(Mono<T> operation) {
		return call(operation, this.timeout);
	}

	/**
	 * Runs an operation with a deadline of its own, at least the tier's timeout, such as the
	 * first one, which connects.
	 * @see #call(Mono)
	 */
	<T> @Nullable T call(Mono<T> operation, Duration timeout) {
		Duration deadline = (timeout.compareTo(this.timeout) > 0) ? timeout : this.timeout;
		try {
			return operation.block(deadline);
		}
		catch (RuntimeException ex) {
			if (isTimeout(ex)) {
				throw new RedisUnavailableException("no answer within " + deadline, ex);
			}
			if (Thread.currentThread().isInterrupted() || ex.getCause() instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				throw new RedisUnavailableException("interrupted while waiting for Redis", ex);
			}
			throw new RedisUnavailableException("the operation failed", ex);
		}
	}

	/**
	 * Returns an operation that fails with {@link RedisUnavailableException} at the tier's
	 * timeout, for a caller that must not wait for it, such as the heartbeat.
	 */
	<T> Mono<T> async(Mono<T> operation) {
		return operation.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof RedisUnavailableException),
					(ex) -> new RedisUnavailableException("no answer within " + this.timeout + ", or failed", ex));
	}

	/** Mono.block's way of saying that the deadline passed, after it cancelled the command. */
	private static boolean isTimeout(RuntimeException ex) {
		return ex instanceof IllegalStateException && ex.getMessage() != null
				&& ex.getMessage().startsWith("Timeout on blocking read");
	}

}
