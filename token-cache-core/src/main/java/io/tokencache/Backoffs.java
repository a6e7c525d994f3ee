package io.tokencache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Per key, how long to wait after a failed load before the loader is called again: the
 * {@code n}-th failure in a row waits {@code min(max, initial * 2^(n-1))}, jittered down by up to
 * half so that instances that failed together do not retry together, or the wait that a
 * {@link RetryAfter} failure asks for if that is longer. A success, a put, an invalidation or a
 * clear forgets a key's failures.
 *
 * <p>Only keys whose last load failed have an entry, so the map is empty while the identity
 * provider is healthy, and an entry is dropped by the sweep once its wait is long over.
 */
final class Backoffs {

	private final ConcurrentHashMap<String, Failure> failures = new ConcurrentHashMap<>();

	private final long initialNanos;

	private final long maxNanos;

	Backoffs(Duration initial, Duration max) {
		this.initialNanos = Arguments.saturatedNanos(initial);
		this.maxNanos = Arguments.saturatedNanos(max);
	}

	/**
	 * The last failure of the key, if its wait is not over at {@code now}.
	 * @return the failure, or {@code null} if the loader may be called
	 */
	@Nullable Failure waiting(String key, long now) {
		Failure failure = this.failures.get(key);
		return (failure != null && now < failure.retryAt()) ? failure : null;
	}

	/**
	 * Records a failed load that ended at {@code now}; when backoff is off, only a failure that
	 * asks for a wait is recorded.
	 */
	void failed(String key, Exception cause, long now) {
		long asked = askedNanos(cause);
		if (this.initialNanos == 0 && asked == 0) {
			return;
		}
		this.failures.compute(key, (k, previous) -> {
			int count = (previous != null) ? previous.count() + 1 : 1;
			long delay = (this.initialNanos != 0) ? delayNanos(count) : 0;
			return new Failure(cause, count, Arguments.saturatedAdd(now, Math.max(delay, asked)));
		});
	}

	/** The wait a {@link RetryAfter} failure asks for, or 0. */
	private static long askedNanos(Exception cause) {
		if (!(cause instanceof RetryAfter retryAfter)) {
			return 0;
		}
		Duration asked = retryAfter.retryAfter();
		return (asked != null && !asked.isNegative()) ? Arguments.saturatedNanos(asked) : 0;
	}

	/** The wait after the {@code count}-th failure in a row, jittered into its upper half. */
	long delayNanos(int count) {
		long delay = this.maxNanos;
		if (count - 1 < Long.numberOfLeadingZeros(this.initialNanos) - 1) {
			delay = Math.min(this.maxNanos, this.initialNanos << (count - 1));
		}
		return delay - (long) (delay / 2 * ThreadLocalRandom.current().nextDouble());
	}

	void reset(String key) {
		this.failures.remove(key);
	}

	void clear() {
		this.failures.clear();
	}

	/**
	 * Forgets keys whose wait ended more than the maximum wait ago, so that memory stays bounded.
	 * A longer wait asked by {@link RetryAfter} is kept until it is over, and then as long again
	 * as the maximum.
	 */
	void removeStale(long now) {
		this.failures.values().removeIf((failure) -> now - failure.retryAt() > this.maxNanos);
	}

	/**
	 * The last failure of a key.
	 * @param cause what the loader threw
	 * @param count failures in a row
	 * @param retryAt the cache time from which the loader may be called again
	 */
	record Failure(Exception cause, int count, long retryAt) {

	}

}
