package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Calls loaders for a cache, and counts and times what they do for its statistics. A loader
 * fails by throwing, or by returning {@code null}; an {@link AccessToken} it could not build
 * has already failed by throwing.
 */
final class LoaderCalls {

	/** The loads running on this thread, innermost first: more than one only with a direct executor. */
	private static final ThreadLocal<@Nullable Running> running = new ThreadLocal<>();

	private final Ticker ticker;

	private final LongAdder successes = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final LongAdder successNanos = new LongAdder();

	private final LongAdder failureNanos = new LongAdder();

	LoaderCalls(Ticker ticker) {
		this.ticker = ticker;
	}

	/**
	 * Calls the loader.
	 * @throws Exception what the loader threw, or an {@link IllegalStateException} if it returned
	 * {@code null}; if it was interrupted, the interrupt flag is set again
	 */
	AccessToken call(String key, TokenLoader loader) throws Exception {
		Running outer = running.get();
		running.set(new Running(this, key, outer));
		try {
			return timedCall(key, loader);
		}
		finally {
			running.set(outer);
		}
	}

	/**
	 * Fails fast if this thread is running this cache's loader for the key: a caller that
	 * waited for that load would wait for itself.
	 * @throws IllegalStateException naming the key
	 */
	void checkNotLoading(String key) {
		for (Running load = running.get(); load != null; load = load.outer()) {
			if (load.calls() == this && load.key().equals(key)) {
				throw new IllegalStateException("The TokenLoader for key '" + key
						+ "' called get(key, loader) for the same key: it would wait for its own load");
			}
		}
	}

	private AccessToken timedCall(String key, TokenLoader loader) throws Exception {
		long start = this.ticker.read();
		try {
			AccessToken token = loader.load(key);
			if (token == null) {
				throw new IllegalStateException("TokenLoader returned null");
			}
			this.successNanos.add(this.ticker.read() - start);
			this.successes.increment();
			return token;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.failureNanos.add(this.ticker.read() - start);
			this.failures.increment();
			throw ex;
		}
	}

	long successCount() {
		return this.successes.sum();
	}

	long failureCount() {
		return this.failures.sum();
	}

	Duration successTime() {
		return Duration.ofNanos(this.successNanos.sum());
	}

	Duration failureTime() {
		return Duration.ofNanos(this.failureNanos.sum());
	}

	/** A load running on a thread; a linked list because with a direct executor loads can nest. */
	private record Running(LoaderCalls calls, String key, @Nullable Running outer) {

	}

}
