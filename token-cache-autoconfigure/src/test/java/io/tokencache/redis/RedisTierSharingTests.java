package io.tokencache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several application contexts, each an instance of one service, sharing one real
 * {@code redis-server}.
 */
class RedisTierSharingTests {

	private static TestRedis redis;

	private final Instances instances = new Instances(redis);

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@AfterEach
	void stopInstances() {
		this.callers.shutdownNow();
		this.instances.close();
	}

	@Test
	@Timeout(120)
	void concurrentCallersOnEveryInstanceMakeExactlyOneLoad() throws Exception {
		this.instances.start(4);
		int callersPerInstance = 25;
		CountingLoader loader = CountingLoader.held();
		CountDownLatch started = new CountDownLatch(4 * callersPerInstance);
		List<Future<String>> results = new ArrayList<>();
		for (int instance = 0; instance < 4; instance++) {
			TokenCache cache = this.instances.cache(instance);
			for (int caller = 0; caller < callersPerInstance; caller++) {
				results.add(this.callers.submit(() -> {
					started.countDown();
					return cache.get("billing-api", loader);
				}));
			}
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		loader.awaitEntered();
		// Every caller has missed on its instance while the one load is still held, so no caller
		// can be answered by a token stored before it asked.
		await().atMost(Duration.ofSeconds(30)).until(() -> missCount() == 4L * callersPerInstance);
		loader.release();
		for (Future<String> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(loader.token(1));
		}
		assertThat(loader.calls()).isEqualTo(1);
	}

	private long missCount() {
		long misses = 0;
		for (int instance = 0; instance < 4; instance++) {
			misses += this.instances.cache(instance).stats().missCount();
		}
		return misses;
	}

	@Test
	void tokenLoadedByOneInstanceIsServedByAnotherWithoutALoad() {
		this.instances.start(2);
		CountingLoader loader = CountingLoader.immediate();
		String token = this.instances.cache(0).get("billing-api", loader);
		assertThat(this.instances.cache(1).get("billing-api", loader)).isEqualTo(token);
		assertThat(loader.calls()).isEqualTo(1);
		assertThat(this.instances.tier(1).loader().sharedReads()).isEqualTo(1);
	}

	@Test
	void sharedTokenKeepsTheLoadingInstancesExpiry() {
		this.instances.start(2);
		CountingLoader loader = new CountingLoader(Duration.ofMinutes(20), false);
		this.instances.cache(0).get("billing-api", loader);
		this.instances.cache(1).get("billing-api", loader);
		Duration skew = Duration.between(this.instances.cache(0).describe("billing-api").orElseThrow().refreshAt(),
				this.instances.cache(1).describe("billing-api").orElseThrow().refreshAt());
		assertThat(skew.abs()).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void invalidationReachesTheOtherInstancesWithinOneSecond() {
		this.instances.start(3);
		CountingLoader loader = CountingLoader.immediate();
		String token = this.instances.cache(0).get("billing-api", loader);
		this.instances.cache(1).get("billing-api", loader);
		this.instances.cache(2).get("billing-api", loader);
		this.instances.cache(1).invalidate("billing-api");
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(this.instances.cache(0).get("billing-api")).isEmpty();
			assertThat(this.instances.cache(2).get("billing-api")).isEmpty();
		});
		assertThat(this.instances.cache(2).get("billing-api", loader)).isNotEqualTo(token);
		assertThat(this.instances.cache(0).get("billing-api", loader)).isEqualTo(loader.token(2));
		assertThat(loader.calls()).isEqualTo(2);
	}

	@Test
	void clearReachesTheOtherInstancesWithinOneSecond() {
		this.instances.start(2);
		CountingLoader loader = CountingLoader.immediate();
		this.instances.cache(0).get("billing-api", loader);
		this.instances.cache(0).get("crm-api", loader);
		this.instances.cache(1).get("billing-api", loader);
		this.instances.cache(1).get("crm-api", loader);
		this.instances.cache(0).clear();
		await().atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(this.instances.cache(1).stats().size()).isZero());
		this.instances.cache(1).get("crm-api", loader);
		assertThat(loader.calls()).isEqualTo(3);
	}

	@Test
	void putReplacesTheTokenOnEveryInstance() {
		this.instances.start(2);
		CountingLoader loader = CountingLoader.immediate();
		this.instances.cache(0).get("billing-api", loader);
		this.instances.cache(1).get("billing-api", loader);
		this.instances.cache(0).put("billing-api", "rotated-" + CountingLoader.SECRET_MARK, Duration.ofMinutes(30));
		await().atMost(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(this.instances.cache(1).get("billing-api")).isEmpty());
		assertThat(this.instances.cache(1).get("billing-api", loader))
			.isEqualTo("rotated-" + CountingLoader.SECRET_MARK);
		assertThat(loader.calls()).isEqualTo(1);
	}

	@Test
	void tokenIsStoredEncryptedUnderThePrefixWithItsRealLifetime() {
		this.instances.start(1);
		String token = this.instances.cache(0).get("billing-api", new CountingLoader(Duration.ofMinutes(20), false));
		try (Raw raw = new Raw()) {
			String stored = raw.template.opsForValue().get(this.instances.prefix() + "token:billing-api");
			assertThat(stored).isNotNull().doesNotContain(token).doesNotContain(CountingLoader.SECRET_MARK);
			assertThat(stored).startsWith("300000:a:");
			Long ttl = raw.template.getExpire(this.instances.prefix() + "token:billing-api", TimeUnit.SECONDS);
			assertThat(ttl).isBetween(19 * 60L, 20 * 60L);
		}
	}

	/** A connection of the test's own, to look at what the tier stored. */
	private static final class Raw implements AutoCloseable {

		private final LettuceConnectionFactory factory;

		private final StringRedisTemplate template;

		Raw() {
			this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
			this.factory.afterPropertiesSet();
			this.factory.start();
			this.template = new StringRedisTemplate(this.factory);
		}

		@Override
		public void close() {
			this.factory.destroy();
		}

	}

}
