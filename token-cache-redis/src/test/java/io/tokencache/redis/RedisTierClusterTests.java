package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tier on a real Redis Cluster of three primaries: the scripts touch a cache key's token,
 * lock and version in one slot, keys spread over every primary, and {@code clear} reaches all.
 */
@Timeout(120)
class RedisTierClusterTests {

	private static final int KEYS = 30;

	private static TestRedisCluster cluster;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final String prefix = "it-" + UUID.randomUUID() + ":";

	private final AtomicInteger calls = new AtomicInteger();

	private final TokenLoader issuer = (key) -> new AccessToken(key + "-token-" + this.calls.incrementAndGet(),
			Duration.ofMinutes(10));

	@BeforeAll
	static void startCluster() {
		cluster = TestRedisCluster.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void loadsPutsInvalidationsAndClearWorkAcrossThePrimaries() {
		RedisTier tierOfA = tier();
		TokenCache a = cache(tierOfA);
		TokenCache b = cache(tier());
		for (int i = 0; i < KEYS; i++) {
			String token = a.get("api-" + i, this.issuer);
			assertThat(b.get("api-" + i, this.issuer)).isEqualTo(token);
		}
		assertThat(this.calls).hasValue(KEYS);
		StringRedisTemplate redis = new StringRedisTemplate(factory());
		assertThat(primariesHolding(redis, tierOfA)).hasSize(3);

		b.put("api-0", "put-by-hand", Duration.ofMinutes(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> a.get("api-0").isEmpty());
		assertThat(a.get("api-0", this.issuer)).isEqualTo("put-by-hand");
		b.invalidate("api-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> a.get("api-1").isEmpty());
		assertThat(a.get("api-1", this.issuer)).isEqualTo("api-1-token-" + (KEYS + 1));

		a.clear();
		KeyNames names = tierOfA.names();
		for (int i = 0; i < KEYS; i++) {
			assertThat(redis.hasKey(names.token(names.id("api-" + i)))).as("token of api-%s", i).isFalse();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> b.estimatedSize() == 0);
		assertThat(b.get("api-2", this.issuer)).isEqualTo("api-2-token-" + (KEYS + 2));
	}

	/** The primaries that hold one of the tier's keys. */
	private Set<String> primariesHolding(StringRedisTemplate redis, RedisTier tier) {
		Set<String> primaries = new HashSet<>();
		for (RedisClusterNode node : redis.getConnectionFactory().getClusterConnection().clusterGetNodes()) {
			if (node.isMaster() && !redis.opsForCluster().keys(node, this.prefix + "*").isEmpty()) {
				primaries.add(node.getId());
			}
		}
		return primaries;
	}

	private LettuceConnectionFactory factory() {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration();
		cluster.ports().forEach((port) -> configuration.clusterNode(cluster.host(), port));
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(factory::destroy);
		return factory;
	}

	private RedisTier tier() {
		RedisTier tier = new RedisTier(factory(), new RedisTierSettings(this.prefix, new byte[32],
				Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(100)), Clock.systemUTC());
		tier.afterPropertiesSet();
		tier.start();
		this.resources.add(tier::destroy);
		return tier;
	}

	private TokenCache cache(RedisTier tier) {
		TokenCache cache = TokenCache.builder().sharedTier(tier.sharedTier()).build();
		this.resources.add(cache);
		return cache;
	}

}
