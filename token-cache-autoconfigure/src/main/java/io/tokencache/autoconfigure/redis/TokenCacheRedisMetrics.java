package io.tokencache.autoconfigure.redis;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokencache.redis.RedisTier;

/**
 * Meters of the Redis tier, tagged {@code cache=tokenCache} like the auto-configured cache's own:
 * {@code token.cache.redis.local} is 1 while this instance loads on its own because Redis is
 * unreachable, and {@code token.cache.redis.loads} counts how this instance's misses were
 * answered: {@code source=redis} (a token another instance shared), {@code loader} (loaded
 * here under the cluster-wide lock) or {@code local} (loaded here without Redis).
 */
final class TokenCacheRedisMetrics implements MeterBinder {

	static final String LOCAL = "token.cache.redis.local";

	static final String LOADS = "token.cache.redis.loads";

	/** The bean name of the auto-configured cache, the only one the tier serves. */
	static final String CACHE_NAME = "tokenCache";

	private final RedisTier tier;

	TokenCacheRedisMetrics(RedisTier tier) {
		this.tier = tier;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String cache = CACHE_NAME;
		Gauge.builder(LOCAL, this.tier, (tier) -> tier.isShared() ? 0 : 1)
			.tag("cache", cache)
			.description("1 while Redis is unreachable and this instance loads tokens on its own, else 0")
			.register(registry);
		loads(registry, cache, "redis", (tier) -> tier.sharedReads());
		loads(registry, cache, "loader", (tier) -> tier.loaderCalls());
		loads(registry, cache, "local", (tier) -> tier.localLoads());
	}

	private void loads(MeterRegistry registry, String cache, String source, ToDoubleFunction<RedisTier> count) {
		FunctionCounter.builder(LOADS, this.tier, count)
			.tag("cache", cache)
			.tag("source", source)
			.description("Misses answered from Redis, by the loader under the cluster-wide lock, or locally")
			.register(registry);
	}

}
