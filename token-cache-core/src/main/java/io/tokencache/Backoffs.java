package io.tokencache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Per key, how long to wait after a failed load before the loader is called again: the
 * {@code n}-th failure in a row waits {@code min(max, initial * 2^(n-1))}, jittered down by up to
 * half so that instances that failed together do not retry together. A success, a put, an
 * invalidation or a clear forgets a key's failures.
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

	/** Records a failed load that ended at {@code now}; does nothing when backoff is off. */
	void failed(String key, Exception cause, long now) {
		if (this.initialNanos == 0) {
			return;
		}
		this.failures.compute(key, (k, previous) -> {
			int count = (previous != null) ? previous.count() + 1 : 1;
			return new Failure(cause, count, Arguments.saturatedAdd(now, delayNanos(count)));
		});
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

	/** Forgets keys whose wait ended more than the maximum wait ago, so that memory stays bounded. */
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
