package io.tokencache;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link TokenCache}. Each setter checks its argument at once and names it in the
 * exception, so a bad value fails where it is set and leaves the builder as it was.
 *
 * <p>The defaults are the constants {@link TokenCache#DEFAULT_REFRESH_BUFFER},
 * {@link TokenCache#DEFAULT_MAXIMUM_SIZE} and {@link #DEFAULT_SWEEP_INTERVAL}: the Spring Boot
 * properties and the documentation take them from there.
 */
public final class TokenCacheBuilder {

	/** Entries past their expiry are removed this often when no interval is given. */
	public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

	/**
	 * The largest {@link #maximumSize(long)}: bounded so that a typo such as an extra zero fails
	 * fast instead of promising memory.
	 */
	public static final long MAXIMUM_SIZE_LIMIT = Integer.MAX_VALUE;

	private Duration refreshBuffer = TokenCache.DEFAULT_REFRESH_BUFFER;

	private long maximumSize = TokenCache.DEFAULT_MAXIMUM_SIZE;

	private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;

	private Ticker ticker = Ticker.system();

	private boolean customTicker;

	private Clock clock = Clock.systemUTC();

	private @Nullable StatsRecorder statsRecorder;

	TokenCacheBuilder() {
	}

	/**
	 * Sets the refresh buffer for puts and loads that give none.
	 * @param refreshBuffer zero or positive
	 * @return this builder
	 * @throws NullPointerException if {@code refreshBuffer} is {@code null}
	 * @throws IllegalArgumentException if {@code refreshBuffer} is negative
	 */
	public TokenCacheBuilder refreshBuffer(Duration refreshBuffer) {
		this.refreshBuffer = Arguments.checkNotNegative(refreshBuffer, "refreshBuffer");
		return this;
	}

	/**
	 * Sets how many entries the cache holds before it evicts: expired entries first, then those
	 * that expire soonest.
	 * @param maximumSize from 1 to {@link #MAXIMUM_SIZE_LIMIT}
	 * @return this builder
	 * @throws IllegalArgumentException if {@code maximumSize} is out of that range
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
	 * @throws NullPointerException if {@code sweepInterval} is {@code null}
	 * @throws IllegalArgumentException if {@code sweepInterval} is negative
	 */
	public TokenCacheBuilder sweepInterval(Duration sweepInterval) {
		this.sweepInterval = Arguments.checkNotNegative(sweepInterval, "sweepInterval");
		return this;
	}

	/**
	 * Sets the monotonic time source. With the default, the cache reads a clock that a
	 * background thread advances every few milliseconds; with any other ticker it reads the
	 * ticker on every call, so a fake ticker drives expiry exactly in tests.
	 * @param ticker the time source
	 * @return this builder
	 * @throws NullPointerException if {@code ticker} is {@code null}
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
	 * @throws NullPointerException if {@code clock} is {@code null}
	 */
	public TokenCacheBuilder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Sets the recorder that receives the cache's events from the first one on, for example to
	 * time loads in a metrics library. More recorders can be added to the built cache with
	 * {@link TokenCache#addStatsRecorder(StatsRecorder)}; the counters of
	 * {@link TokenCache#counters()} are kept either way.
	 * @param statsRecorder the recorder
	 * @return this builder
	 * @throws NullPointerException if {@code statsRecorder} is {@code null}
	 * @throws IllegalStateException if a recorder was already set on this builder
	 */
	public TokenCacheBuilder statsRecorder(StatsRecorder statsRecorder) {
		Objects.requireNonNull(statsRecorder, "statsRecorder");
		if (this.statsRecorder != null) {
			throw new IllegalStateException("statsRecorder was already set to " + this.statsRecorder);
		}
		this.statsRecorder = statsRecorder;
		return this;
	}

	/**
	 * Builds a cache that is already initialised. Close it to stop its background thread.
	 * @return the cache
	 */
	public TokenCache build() {
		CoarseClock time = this.customTicker ? CoarseClock.direct(this.ticker) : CoarseClock.coarse(this.ticker);
		StatsRecorder[] recorders = (this.statsRecorder != null) ? new StatsRecorder[] { this.statsRecorder }
				: new StatsRecorder[0];
		return new DefaultTokenCache(this.refreshBuffer, (int) this.maximumSize, this.sweepInterval, this.ticker, time,
				this.clock, recorders);
	}

}
