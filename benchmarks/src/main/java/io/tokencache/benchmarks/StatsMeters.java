package io.tokencache.benchmarks;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheStats;

/**
 * Binds a cache's statistics as Micrometer meters the way a binder would: function counters
 * that read {@link TokenCache#stats()} when the registry is scraped. The benchmarks bind them to
 * show that meters cost the hit path nothing. The project's own binder lives elsewhere; this
 * module stays independent of it.
 */
final class StatsMeters {

	private StatsMeters() {
	}

	static void bind(TokenCache cache, MeterRegistry registry) {
		counter(registry, cache, "hit", TokenCacheStats::hitCount);
		counter(registry, cache, "miss", TokenCacheStats::missCount);
		Gauge.builder("token.cache.size", cache, (c) -> c.stats().size()).register(registry);
	}

	private static void counter(MeterRegistry registry, TokenCache cache, String result,
			ToDoubleFunction<TokenCacheStats> count) {
		FunctionCounter.builder("token.cache.gets", cache, (c) -> count.applyAsDouble(c.stats()))
			.tag("result", result)
			.register(registry);
	}

}
