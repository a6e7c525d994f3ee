package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls loaders for a cache, and counts and times what they do for its statistics. A loader
 * fails by throwing, or by returning {@code null}; an {@link AccessToken} it could not build
 * has already failed by throwing.
 */
final class LoaderCalls {

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

}
