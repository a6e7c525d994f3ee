package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

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

	/**
	 * The keys this cache is loading on this thread, innermost first: more than one only with a
	 * direct executor. One per cache rather than one for the JVM, so that a lookup walks only its
	 * own cache's loads, and a load that a thread abandoned without unwinding (as Lincheck's model
	 * checker abandons the runs it explores, on threads it reuses) cannot lengthen the walk of
	 * any other cache.
	 */
	private final ThreadLocal<@Nullable Running> running = new ThreadLocal<>();

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
		Running outer = this.running.get();
		this.running.set(new Running(key, outer));
		try {
			return timedCall(key, loader);
		}
		finally {
			if (outer != null) {
				this.running.set(outer);
			}
			else {
				this.running.remove();
			}
		}
	}

	/**
	 * Fails fast if this thread is running this cache's loader for the key: a caller that
	 * waited for that load would wait for itself.
	 * @throws IllegalStateException naming the key
	 */
	void checkNotLoading(String key) {
		for (Running load = this.running.get(); load != null; load = load.outer()) {
			if (load.key().equals(key)) {
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

	/** A load running on a thread; a linked list because with a direct executor loads can nest. */
	private record Running(String key, @Nullable Running outer) {

	}

}
