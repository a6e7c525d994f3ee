package io.tokencache.micrometer;

import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheCounters;

/**
 * Binds meters to a {@link TokenCache}: Micrometer's standard cache meters ({@code cache.size},
 * {@code cache.gets}, {@code cache.puts}, {@code cache.evictions}), so that existing cache
 * dashboards show it, and {@code token.cache.loads}, a {@link Timer} of loader calls tagged
 * {@code result=success|failure}.
 *
 * <p>A scrape costs the same however many tokens the cache holds, and blocks no writer: the
 * counters are read from {@link TokenCache#counters()}, and {@code cache.size} from
 * {@link TokenCache#estimatedSize()}, which counts every entry held, including tokens past their
 * refresh point or expiry that the sweep has not removed yet. The exact number of usable tokens
 * needs a scan; the {@code tokencache} endpoint shows it.
 *
 * <p>{@code token.cache.loads} is a real timer, so that Spring Boot's
 * {@code management.metrics.distribution.*} properties (percentiles, histograms, SLOs) and a max
 * apply to it. It is fed by a {@link LoadTimers} recorder that binding adds to the cache with
 * {@link TokenCache#addStatsRecorder}, so every cache gets it, however it was built. It counts
 * the loads from binding on. Hits are never recorded through it: they stay in the cache's
 * per-thread counters, so a hit costs no more with meters bound.
 *
 * <p>Like every {@link CacheMeterBinder}, this holds the cache only weakly. Tags never include a
 * token value or a key.
 */
public final class TokenCacheMetrics extends CacheMeterBinder<TokenCache> {

	static final String LOADS = "token.cache.loads";

	/**
	 * Creates the meters for a cache.
	 * @param cache the cache
	 * @param cacheName the value of the {@code cache} tag, for example its bean name
	 * @param tags further tags for every meter
	 */
	public TokenCacheMetrics(TokenCache cache, String cacheName, Iterable<Tag> tags) {
		super(cache, cacheName, tags);
	}

	@Override
	protected Long size() {
		TokenCache cache = getCache();
		return (cache != null) ? cache.estimatedSize() : 0L;
	}

	@Override
	protected long hitCount() {
		return counter(TokenCacheCounters::hitCount);
	}

	@Override
	protected Long missCount() {
		return counter(TokenCacheCounters::missCount);
	}

	@Override
	protected Long evictionCount() {
		return counter(TokenCacheCounters::evictionCount);
	}

	@Override
	protected long putCount() {
		return counter(TokenCacheCounters::putCount);
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		TokenCache cache = getCache();
		if (cache != null) {
			cache.addStatsRecorder(new LoadTimers(loads(registry, "success"), loads(registry, "failure")));
		}
	}

	private Timer loads(MeterRegistry registry, String result) {
		return Timer.builder(LOADS)
			.tags(getTagsWithCacheName())
			.tag("result", result)
			.description("Calls of the token loader, and the time they took")
			.register(registry);
	}

	private long counter(ToLongFunction<TokenCacheCounters> counter) {
		TokenCache cache = getCache();
		return (cache != null) ? counter.applyAsLong(cache.counters()) : 0;
	}

}
