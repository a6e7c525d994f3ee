package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

	/** What a wait's deadline completes it with: not a failure of the load, which no load can throw. */
	private static final Throwable EXPIRED = new TimeoutException("load timeout passed");

	private final Duration timeout;

	private final long timeoutNanos;

	/** The cache's clock, on whose source the timeout is a deadline. */
	private final CoarseClock clock;

	private final StaleTokenFallback fallback;

	private final LongAdder timeouts = new LongAdder();

	LoadWaiter(Duration timeout, CoarseClock clock, StaleTokenFallback fallback) {
		this.timeout = timeout;
		this.timeoutNanos = Arguments.saturatedNanos(timeout);
		this.clock = clock;
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
	 * Parks once, until the load is decided or the timeout's deadline on the cache's clock passes.
	 * The deadline is compared with the clock's source, not its published reading, so the
	 * timeout is never early, and at most a tick late; with a fake ticker, the test's move of the
	 * ticker runs it. A timeout too long to represent (about 292 years) means none: the wait is
	 * then untimed.
	 */
	private @Nullable String waitFor(Load load) throws InterruptedException, ExecutionException, TimeoutException {
		if (this.timeoutNanos == Long.MAX_VALUE) {
			return load.get();
		}
		CompletableFuture<@Nullable String> answer = load.copy();
		CoarseClock.Deadline deadline = this.clock.schedule(this.timeoutNanos,
				() -> answer.completeExceptionally(EXPIRED));
		try {
			return answer.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() == EXPIRED) {
				throw new TimeoutException();
			}
			throw ex;
		}
		finally {
			this.clock.cancel(deadline);
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
