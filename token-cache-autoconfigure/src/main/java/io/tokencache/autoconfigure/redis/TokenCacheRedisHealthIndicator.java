package io.tokencache.autoconfigure.redis;

import java.time.Instant;

import io.tokencache.redis.RedisTier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Shows whether this instance shares tokens through Redis ({@code mode: shared}) or loads its
 * own while Redis is unreachable ({@code mode: local}, with since when and why).
 * <p>
 * It stays {@code UP} in local mode: the cache still serves every caller, and reporting
 * {@code DOWN} would make an orchestrator restart instances that work. Boot's own
 * {@code redis} health contributor reports Redis itself as {@code DOWN}.
 */
final class TokenCacheRedisHealthIndicator extends AbstractHealthIndicator {

	private final RedisTier tier;

	TokenCacheRedisHealthIndicator(RedisTier tier) {
		super("Token cache Redis tier health check failed");
		this.tier = tier;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetail("mode", this.tier.isShared() ? "shared" : "local");
		builder.withDetail("subscribed", this.tier.isSubscribed());
		Instant since = this.tier.localSince();
		if (since != null) {
			builder.withDetail("localSince", since.toString());
		}
		String failure = this.tier.lastFailure();
		if (failure != null) {
			builder.withDetail("lastFailure", failure);
		}
	}

}
