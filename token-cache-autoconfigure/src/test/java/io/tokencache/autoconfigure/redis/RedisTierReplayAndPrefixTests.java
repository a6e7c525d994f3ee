package io.tokencache.autoconfigure.redis;

import java.time.Duration;

import io.tokencache.TokenCache;
import io.tokencache.redis.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What is stored cannot be replayed, and what one service stores is not another's, on a real
 * {@code redis-server}.
 */
@Timeout(60)
class RedisTierReplayAndPrefixTests {

	private static TestRedis redis;

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	/**
	 * An old ciphertext written back after its time, with no expiry at all ({@code PERSIST}),
	 * is missing: the expiry sealed with it has passed, whatever Redis's TTL says.
	 */
	@Test
	void oldValueWrittenBackWithoutExpiryIsNotServed() {
		try (Instances instances = new Instances(redis).start(2); RawRedis raw = new RawRedis(redis)) {
			String tokenKey = instances.tokenKey("billing-api");
			CountingLoader shortLived = new CountingLoader(Duration.ofSeconds(2), false);
			String old = instances.cache(0).get("billing-api", shortLived);
			String stored = raw.template.opsForValue().get(tokenKey);
			assertThat(stored).isNotNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> !raw.template.hasKey(tokenKey));

			raw.template.opsForValue().set(tokenKey, stored);
			assertThat(raw.template.persist(tokenKey)).isFalse();
			assertThat(raw.template.getExpire(tokenKey)).isEqualTo(-1);
			CountingLoader fresh = CountingLoader.immediate();
			String served = instances.cache(1).get("billing-api", fresh);
			assertThat(served).isNotEqualTo(old).isEqualTo(fresh.token(1));
		}
	}

	/** Redis key names and messages carry a keyed hash of the cache key, never the key itself. */
	@Test
	void keyNamesDoNotShowTheCacheKey() {
		try (Instances instances = new Instances(redis).start(1); RawRedis raw = new RawRedis(redis)) {
			instances.cache(0).get("tenant-4711", CountingLoader.immediate());
			instances.cache(0).put("tenant-4712", "put-" + CountingLoader.SECRET_MARK, Duration.ofMinutes(5));
			assertThat(raw.template.keys(instances.prefix() + "*")).hasSize(3)
				.noneMatch((key) -> key.contains("tenant-"));
		}
	}

	@Test
	void servicesWithDifferentApplicationNamesDoNotShareTokens() {
		try (Instances billing = Instances.ofApplication(redis, "billing-service").start(2);
				Instances shipping = Instances.ofApplication(redis, "shipping-service").start(1)) {
			CountingLoader billingIssuer = CountingLoader.immediate();
			CountingLoader shippingIssuer = CountingLoader.immediate();
			String billingToken = billing.cache(0).get("partner-api", billingIssuer);
			String shippingToken = shipping.cache(0).get("partner-api", shippingIssuer);
			assertThat(shippingToken).isEqualTo(shippingIssuer.token(1)).isNotEqualTo(billingToken);
			assertThat(billing.cache(1).get("partner-api", billingIssuer)).isEqualTo(billingToken);
			assertThat(billingIssuer.calls()).isOne();
			shipping.cache(0).invalidate("partner-api");
			TokenCache billingCache = billing.cache(1);
			assertThat(billingCache.get("partner-api")).contains(billingToken);
		}
	}

}
