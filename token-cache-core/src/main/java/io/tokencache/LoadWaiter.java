package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Waits for a {@link Load} on behalf of one caller, for at most the load timeout, and turns its
 * outcome into the caller's answer. A caller that times out gets the stale token or a
 * {@link TokenLoadException}, and is counted; the load itself goes on, and stores its token if
 * it succeeds.
 */
final class LoadWaiter {

	/** How often a wait for a load reads a custom ticker again; see {@link #waitFor(Load)}. */
	static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Duration timeout;

	private final long timeoutNanos;

	/** The raw ticker, not the cache's coarse clock, so that the timeout is exact. */
	private final Ticker ticker;

	/** Whether {@link #ticker} is a custom one, read on every call; see {@link #waitFor(Load)}. */
	private final boolean direct;

	private final StaleTokenFallback fallback;

	private final LongAdder timeouts = new LongAdder();

	LoadWaiter(Duration timeout, Ticker ticker, boolean direct, StaleTokenFallback fallback) {
		this.timeout = timeout;
		this.timeoutNanos = Arguments.saturatedNanos(timeout);
		this.ticker = ticker;
		this.direct = direct;
		this.fallback = fallback;
	}

	/**
	 * Waits, for at most the load timeout, for a load.
	 * @param joined whether the load's outcome was decided after this caller asked
	 * @return its token, or {@code null} if this caller must look again: the load was decided
	 * before this caller asked, or it found a cached token instead of loading
	 */
	@Nullable String await(String key, Load running, boolean joined) {
		try {
			String token = waitFor(running);
			return joined ? token : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TokenLoadException("Interrupted while waiting for the token of key '" + key + "'", ex);
		}
		catch (TimeoutException ex) {
			this.timeouts.increment();
			return this.fallback.staleOrThrow(key,
					new TimeoutException("The token load for key '" + key + "' took longer than " + this.timeout
							+ "; it goes on, and stores its token if it succeeds"),
					"Timed out waiting for the token of key '" + key + "'", Level.DEBUG);
		}
		catch (ExecutionException ex) {
			if (!joined) {
				return null;
			}
			throw failure(key, ex.getCause());
		}
	}

	/** What a waiter of a failed load throws: an {@link Error} as it is, a failure as a {@link TokenLoadException}. */
	private static TokenLoadException failure(String key, @Nullable Throwable cause) {
		if (cause instanceof Error error) {
			throw error;
		}
		if (cause instanceof TokenLoadException failed) {
			// A new exception per waiter, so each has its own stack trace, around the same cause.
			return new TokenLoadException(failed.getMessage(), failed.getCause());
		}
		return new TokenLoadException("Failed to load a token for key '" + key + "'", cause);
	}

	/**
	 * Waits on the raw ticker, not the coarse clock, so that the timeout is exact. With a custom
	 * ticker (in tests, a fake one) the wait wakes every {@link #POLL_NANOS} to read it again, so
	 * that the test's time, not the real one, decides when the timeout passes. A timeout too long
	 * to represent (about 292 years) means none: the wait is then untimed.
	 */
	private @Nullable String waitFor(Load load) throws InterruptedException, ExecutionException, TimeoutException {
		if (this.timeoutNanos == Long.MAX_VALUE) {
			return load.get();
		}
		long start = this.ticker.read();
		while (true) {
			long remaining = this.timeoutNanos - (this.ticker.read() - start);
			if (remaining <= 0) {
				throw new TimeoutException();
			}
			try {
				return load.get(this.direct ? Math.min(remaining, POLL_NANOS) : remaining, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				// Read the ticker again.
			}
		}
	}

	Duration timeout() {
		return this.timeout;
	}

	/** Callers whose wait timed out. */
	long timeoutCount() {
		return this.timeouts.sum();
	}

}
