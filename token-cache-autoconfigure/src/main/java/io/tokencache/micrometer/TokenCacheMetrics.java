package io.tokencache.micrometer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheStats;
import io.tokencache.TokenEntryInfo;

/**
 * Binds meters to a {@link TokenCache}: Micrometer's standard cache meters ({@code cache.size},
 * {@code cache.gets}, {@code cache.puts}, {@code cache.evictions}), so that existing cache
 * dashboards show it, and two token-specific ones:
 * <ul>
 * <li>{@code token.cache.loads}, a function timer of loader calls tagged
 * {@code result=success|failure};</li>
 * <li>{@code token.cache.next.refresh}, a gauge of the seconds until the soonest usable token
 * reaches its refresh point, or {@code NaN} when there is none;</li>
 * <li>{@code token.cache.refreshes}, {@code token.cache.load.timeouts} and
 * {@code token.cache.backoffs}, function counters of background refreshes started, callers
 * released by the load timeout, and callers answered without a loader call during a backoff.</li>
 * </ul>
 *
 * <p>Every meter reads {@link TokenCache#stats()} or {@link TokenCache#entries()} when it is
 * published, never on the cache's own path, so a hit costs no more with meters bound. Like
 * every {@link CacheMeterBinder}, this holds the cache only weakly. Tags never include a token
 * value or a key.
 */
public final class TokenCacheMetrics extends CacheMeterBinder<TokenCache> {

	private static final String LOADS = "token.cache.loads";

	private static final String NEXT_REFRESH = "token.cache.next.refresh";

	private static final String REFRESHES = "token.cache.refreshes";

	private static final String LOAD_TIMEOUTS = "token.cache.load.timeouts";

	private static final String BACKOFFS = "token.cache.backoffs";

	private final Clock clock;

	/**
	 * Creates the meters for a cache built with the default wall clock.
	 * @param cache the cache
	 * @param cacheName the value of the {@code cache} tag, for example its bean name
	 * @param tags further tags for every meter
	 */
	public TokenCacheMetrics(TokenCache cache, String cacheName, Iterable<Tag> tags) {
		this(cache, cacheName, tags, Clock.systemUTC());
	}

	/**
	 * Creates the meters for a cache built with its own wall clock.
	 * @param cache the cache
	 * @param cacheName the value of the {@code cache} tag, for example its bean name
	 * @param tags further tags for every meter
	 * @param clock the wall clock given to {@code TokenCacheBuilder.clock}: the refresh gauge
	 * compares the instants the cache reports with it
	 */
	public TokenCacheMetrics(TokenCache cache, String cacheName, Iterable<Tag> tags, Clock clock) {
		super(cache, cacheName, tags);
		this.clock = clock;
	}

	@Override
	protected Long size() {
		return (long) stats(TokenCacheStats::size);
	}

	@Override
	protected long hitCount() {
		return stats(TokenCacheStats::hitCount);
	}

	@Override
	protected Long missCount() {
		return stats(TokenCacheStats::missCount);
	}

	@Override
	protected Long evictionCount() {
		return stats(TokenCacheStats::evictionCount);
	}

	@Override
	protected long putCount() {
		return stats(TokenCacheStats::putCount);
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		TokenCache cache = getCache();
		if (cache == null) {
			return;
		}
		bindLoads(registry, cache, "success", TokenCacheStats::loadSuccessCount, TokenCacheStats::totalLoadSuccessTime);
		bindLoads(registry, cache, "failure", TokenCacheStats::loadFailureCount, TokenCacheStats::totalLoadFailureTime);
		bindCounter(registry, cache, REFRESHES, TokenCacheStats::refreshCount,
				"Background loads started ahead of a token's refresh point");
		bindCounter(registry, cache, LOAD_TIMEOUTS, TokenCacheStats::loadTimeoutCount,
				"Callers that stopped waiting for a token load at the load timeout");
		bindCounter(registry, cache, BACKOFFS, TokenCacheStats::backoffCount,
				"Callers answered without a loader call because their key was backing off after a failure");
		Gauge.builder(NEXT_REFRESH, cache, this::secondsUntilNextRefresh)
			.tags(getTagsWithCacheName())
			.baseUnit("seconds")
			.description("Time until the soonest usable token reaches its refresh point (NaN if the cache is empty)")
			.register(registry);
	}

	private void bindCounter(MeterRegistry registry, TokenCache cache, String name,
			ToLongFunction<TokenCacheStats> count, String description) {
		FunctionCounter.builder(name, cache, (c) -> count.applyAsLong(c.stats()))
			.tags(getTagsWithCacheName())
			.description(description)
			.register(registry);
	}

	private void bindLoads(MeterRegistry registry, TokenCache cache, String result,
			ToLongFunction<TokenCacheStats> count, Function<TokenCacheStats, Duration> totalTime) {
		FunctionTimer
			.builder(LOADS, cache, (c) -> count.applyAsLong(c.stats()), (c) -> totalTime.apply(c.stats()).toNanos(),
					TimeUnit.NANOSECONDS)
			.tags(getTagsWithCacheName())
			.tag("result", result)
			.description("Calls of the token loader, and the time they took")
			.register(registry);
	}

	/**
	 * Reads the clock after the entries: their instants are computed from the cache's clock at
	 * that moment, so a clock read earlier would add the time {@code entries()} took to the gauge.
	 */
	private double secondsUntilNextRefresh(TokenCache cache) {
		Optional<Instant> soonest = cache.entries().stream().map(TokenEntryInfo::refreshAt).min(Comparator.naturalOrder());
		Instant now = this.clock.instant();
		return soonest.map((refreshAt) -> seconds(Duration.between(now, refreshAt))).orElse(Double.NaN);
	}

	/** Exact to the nanosecond, and without the overflow of toNanos() for tokens that never expire. */
	private static double seconds(Duration duration) {
		return Math.max(0, duration.getSeconds() + duration.getNano() / 1e9);
	}

	private long stats(ToLongFunction<TokenCacheStats> counter) {
		TokenCache cache = getCache();
		return (cache != null) ? counter.applyAsLong(cache.stats()) : 0;
	}

}
