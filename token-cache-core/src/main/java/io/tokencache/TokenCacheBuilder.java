package io.tokencache;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link TokenCache}. Each setter checks its argument at once and names it in the
 * exception, so a bad value fails where it is set.
 */
public final class TokenCacheBuilder {

	/** Entries past their expiry are removed this often when no interval is given. */
	public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

	/** Bounded so that a typo such as an extra zero fails fast instead of promising memory. */
	static final long MAXIMUM_SIZE_LIMIT = Integer.MAX_VALUE;

	private Duration refreshBuffer = TokenCache.DEFAULT_REFRESH_BUFFER;

	private long maximumSize = TokenCache.DEFAULT_MAXIMUM_SIZE;

	private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;

	private Ticker ticker = Ticker.system();

	private boolean customTicker;

	private Clock clock = Clock.systemUTC();

	TokenCacheBuilder() {
	}

	/**
	 * Sets the refresh buffer for puts and loads that give none.
	 * @param refreshBuffer zero or positive
	 * @return this builder
	 */
	public TokenCacheBuilder refreshBuffer(Duration refreshBuffer) {
		this.refreshBuffer = Arguments.checkNotNegative(refreshBuffer, "refreshBuffer");
		return this;
	}

	/**
	 * Sets how many entries the cache holds before it evicts: expired entries first, then those
	 * that expire soonest.
	 * @param maximumSize from 1 to {@link Integer#MAX_VALUE}
	 * @return this builder
	 */
	public TokenCacheBuilder maximumSize(long maximumSize) {
		if (maximumSize < 1 || maximumSize > MAXIMUM_SIZE_LIMIT) {
			throw new IllegalArgumentException(
					"maximumSize must be between 1 and " + MAXIMUM_SIZE_LIMIT + " but was " + maximumSize);
		}
		this.maximumSize = maximumSize;
		return this;
	}

	/**
	 * Sets how often a background task removes entries past their expiry.
	 * @param sweepInterval positive, or zero for no periodic sweep (entries are then removed
	 * only when the cache is full)
	 * @return this builder
	 */
	public TokenCacheBuilder sweepInterval(Duration sweepInterval) {
		this.sweepInterval = Arguments.checkNotNegative(sweepInterval, "sweepInterval");
		return this;
	}

	/**
	 * Sets the monotonic time source. With the default, the cache reads a clock that one
	 * background thread, shared by every cache of the JVM, advances every few milliseconds; with
	 * any other ticker it reads the ticker on every call, so a fake ticker drives expiry exactly
	 * in tests.
	 * @param ticker the time source
	 * @return this builder
	 */
	public TokenCacheBuilder ticker(Ticker ticker) {
		this.ticker = Objects.requireNonNull(ticker, "ticker");
		this.customTicker = true;
		return this;
	}

	/**
	 * Sets the wall clock used only to report instants in {@link TokenEntryInfo}.
	 * @param clock the wall clock
	 * @return this builder
	 */
	public TokenCacheBuilder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Builds a cache that is already initialised. Close it to stop its background work: the
	 * background thread that every open cache shares ends when the last one is closed.
	 * @return the cache
	 */
	public TokenCache build() {
		return new DefaultTokenCache(this.refreshBuffer, (int) this.maximumSize, this.sweepInterval, this.ticker,
				this.customTicker, this.clock);
	}

}
