package io.tokencache;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

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
	 * The refresh-ahead window when none is given: a minute before the refresh point. Long next
	 * to an identity provider's latency, so the new token is in place well before any caller
	 * would wait for it, and the half of the window left after the jittered start still allows
	 * several retries of a failed refresh; short next to a usual lifetime, so a token is not
	 * replaced much earlier than it must be.
	 */
	public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofMinutes(1);

	/**
	 * The load timeout when none is given: 5 seconds, as AWS's {@code CachedSupplier} blocks at
	 * most. Far above a healthy identity provider's latency, and short enough that a hung one
	 * does not hold request threads for long.
	 */
	public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(5);

	/** The wait after a first failed load when none is given: a transient failure is retried soon. */
	public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);

	/**
	 * The longest wait between failed loads when none is given: 30 seconds, as azure-core waits
	 * after a failed refresh, so a failing issuer is called at most about twice a minute per key.
	 */
	public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);

	/**
	 * The largest {@link #maximumSize(long)}: bounded so that a typo such as an extra zero fails
	 * fast instead of promising memory.
	 */
	public static final long MAXIMUM_SIZE_LIMIT = Integer.MAX_VALUE;

	private Duration refreshBuffer = TokenCache.DEFAULT_REFRESH_BUFFER;

	private long maximumSize = TokenCache.DEFAULT_MAXIMUM_SIZE;

	private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;

	private Duration refreshAhead = DEFAULT_REFRESH_AHEAD;

	private Duration loadTimeout = DEFAULT_LOAD_TIMEOUT;

	private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;

	private Duration backoffMax = DEFAULT_BACKOFF_MAX;

	private @Nullable Executor executor;

	/** The custom time source; {@code null} for the JVM's coarse clock. */
	private @Nullable Ticker ticker;

	private Clock clock = Clock.systemUTC();

	private @Nullable StatsRecorder statsRecorder;

	private @Nullable LoadDecorator loadDecorator;

	private @Nullable SharedTier sharedTier;

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
	 * that expire soonest, to within 1.07 s (the resolution of its expiry index, as of Caffeine's
	 * timer wheel). A put into a full cache costs the same at any maximum size.
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
	 * Sets the refresh-ahead window: from a random moment in the first half of the window that
	 * ends at a token's refresh point, {@code get(key, loader)} returns the token at once and
	 * starts one background load for the key. The window is capped at half of each token's usable
	 * lifetime. {@code get(key)} is not affected.
	 * @param refreshAhead zero or positive; zero turns refresh-ahead off
	 * @return this builder
	 * @throws NullPointerException if {@code refreshAhead} is {@code null}
	 * @throws IllegalArgumentException if {@code refreshAhead} is negative
	 */
	public TokenCacheBuilder refreshAhead(Duration refreshAhead) {
		this.refreshAhead = Arguments.checkNotNegative(refreshAhead, "refreshAhead");
		return this;
	}

	/**
	 * Sets how long a caller of {@code get(key, loader)} waits for a load at most, its own or one
	 * it joined. Then it gets the unexpired token if there is one, or a
	 * {@link TokenLoadException} caused by a {@link java.util.concurrent.TimeoutException}. The
	 * loader is not interrupted: the load goes on, later callers join it, and it stores its token
	 * if it succeeds. Measured on the {@linkplain #ticker(Ticker) ticker}.
	 * @param loadTimeout positive; lengths beyond about 292 years mean no limit
	 * @return this builder
	 * @throws NullPointerException if {@code loadTimeout} is {@code null}
	 * @throws IllegalArgumentException if {@code loadTimeout} is not positive
	 */
	public TokenCacheBuilder loadTimeout(Duration loadTimeout) {
		this.loadTimeout = Arguments.checkTtl(loadTimeout, "loadTimeout");
		return this;
	}

	/**
	 * Sets the backoff after failed loads: after the {@code n}-th failure in a row for a key, the
	 * loader is not called for that key for {@code min(max, initial * 2^(n-1))}, less a random
	 * part of up to half. Meanwhile callers get the unexpired token if there is one, or at once a
	 * {@link TokenLoadException} caused by the last failure. A success, {@code put},
	 * {@code invalidate} or {@code clear} ends it for the key.
	 * @param initial the wait after a first failure; zero turns backoff off
	 * @param max the longest wait; at least {@code initial}
	 * @return this builder
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if an argument is negative, or {@code max} is less than
	 * {@code initial}
	 */
	public TokenCacheBuilder backoff(Duration initial, Duration max) {
		Arguments.checkNotNegative(initial, "initial");
		Arguments.checkNotNegative(max, "max");
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("max must be at least initial (" + initial + ") but was " + max);
		}
		this.backoffInitial = initial;
		this.backoffMax = max;
		return this;
	}

	/**
	 * Sets the executor that loads run on, after a miss and ahead of the refresh point. It must
	 * run each task it accepts; if it rejects one, the callers get the unexpired token or a
	 * {@link TokenLoadException}. An executor that runs tasks on the calling thread defeats the
	 * load timeout. The cache does not shut it down. By default each cache has a pool of its own
	 * with no idle thread: it starts a daemon thread per load in progress, lets it end after 10
	 * seconds without work, and is shut down, interrupting its loaders, by {@code close()}.
	 * @param executor the executor
	 * @return this builder
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public TokenCacheBuilder executor(Executor executor) {
		this.executor = Objects.requireNonNull(executor, "executor");
		return this;
	}

	/**
	 * Sets the monotonic time source. With the default, the cache reads a clock that one
	 * background thread, shared by every cache of the JVM, advances every few milliseconds. With
	 * any other ticker the cache has a clock of its own on that ticker, advanced by the same
	 * thread in the same way, so expiry, backoff, refresh-ahead and the load timeout behave as on
	 * the default one (a token stops being served up to 10 ms early, never late).
	 * @param ticker the time source
	 * @return this builder
	 * @throws NullPointerException if {@code ticker} is {@code null}
	 */
	public TokenCacheBuilder ticker(Ticker ticker) {
		this.ticker = Objects.requireNonNull(ticker, "ticker");
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
	 * Sets what each load of {@code get(key, loader)} runs through, for example to observe it
	 * as a tracing span of the request that caused it.
	 * @param loadDecorator the decorator
	 * @return this builder
	 * @throws NullPointerException if {@code loadDecorator} is {@code null}
	 * @throws IllegalStateException if a decorator was already set on this builder
	 */
	public TokenCacheBuilder loadDecorator(LoadDecorator loadDecorator) {
		Objects.requireNonNull(loadDecorator, "loadDecorator");
		if (this.loadDecorator != null) {
			throw new IllegalStateException("loadDecorator was already set to " + this.loadDecorator);
		}
		this.loadDecorator = loadDecorator;
		return this;
	}

	/**
	 * Sets the tier of tokens shared with other processes that every load consults, and that
	 * puts, invalidations and clears go through; see {@link SharedTier}. Hits stay local. The
	 * built cache binds the tier to itself, so a tier serves one cache.
	 * @param sharedTier the tier
	 * @return this builder
	 * @throws NullPointerException if {@code sharedTier} is {@code null}
	 * @throws IllegalStateException if a tier was already set on this builder
	 */
	public TokenCacheBuilder sharedTier(SharedTier sharedTier) {
		Objects.requireNonNull(sharedTier, "sharedTier");
		if (this.sharedTier != null) {
			throw new IllegalStateException("sharedTier was already set to " + this.sharedTier);
		}
		this.sharedTier = sharedTier;
		return this;
	}

	/**
	 * Builds a cache that is already initialised, and binds the shared tier, if one was set, to
	 * it. Close it to stop its background work: the
	 * background thread that every open cache shares ends when the last one is closed.
	 * @return the cache
	 */
	public TokenCache build() {
		LoadDecorator decorator = (this.loadDecorator != null) ? this.loadDecorator
				: (key, loader, refresh) -> loader;
		LoadSettings loading = new LoadSettings(this.refreshAhead, this.loadTimeout, this.backoffInitial,
				this.backoffMax, this.executor, decorator);
		StatsRecorder[] recorders = (this.statsRecorder != null) ? new StatsRecorder[] { this.statsRecorder }
				: new StatsRecorder[0];
		CoarseClock time = (this.ticker != null) ? new CoarseClock(this.ticker) : CoarseClock.system();
		DefaultTokenCache cache = new DefaultTokenCache(this.refreshBuffer, (int) this.maximumSize,
				this.sweepInterval, loading, time, this.clock, recorders, this.sharedTier);
		if (this.sharedTier != null) {
			this.sharedTier.bind(new TierView(cache));
		}
		return cache;
	}

}
