package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls loaders for a cache, and counts and times what they do for its statistics. A loader
 * fails by throwing, or by returning {@code null}; an {@link AccessToken} it could not build
 * has already failed by throwing.
 *
 * <p>It also reports each call to the {@link StatsRecorder}s: the one given to the builder, and
 * those added later. They are held in an array that is replaced on every addition, so that a
 * load reads them with one volatile read and no lock; additions are rare.
 */
final class LoaderCalls {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	private final Ticker ticker;

	private volatile StatsRecorder[] recorders;

	private final LongAdder successes = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final LongAdder successNanos = new LongAdder();

	private final LongAdder failureNanos = new LongAdder();

	LoaderCalls(Ticker ticker, StatsRecorder[] recorders) {
		this.ticker = ticker;
		this.recorders = recorders.clone();
	}

	synchronized void addRecorder(StatsRecorder recorder) {
		Objects.requireNonNull(recorder, "recorder");
		if (Arrays.asList(this.recorders).contains(recorder)) {
			return;
		}
		StatsRecorder[] more = Arrays.copyOf(this.recorders, this.recorders.length + 1);
		more[more.length - 1] = recorder;
		this.recorders = more;
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
			long nanos = this.ticker.read() - start;
			this.successNanos.add(nanos);
			this.successes.increment();
			report(nanos, true);
			return token;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			long nanos = this.ticker.read() - start;
			this.failureNanos.add(nanos);
			this.failures.increment();
			report(nanos, false);
			throw ex;
		}
	}

	private void report(long nanos, boolean success) {
		for (StatsRecorder recorder : this.recorders) {
			try {
				if (success) {
					recorder.recordLoadSuccess(nanos);
				}
				else {
					recorder.recordLoadFailure(nanos);
				}
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, () -> "StatsRecorder " + recorder.getClass().getName() + " failed", ex);
			}
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
