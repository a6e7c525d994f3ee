package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import io.tokencache.TokenLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The runtime on its own, as an application without Spring Boot wires it: a connection
 * factory, a {@link RedisTier}, and a cache built with its shared tier; two of them on one real
 * {@code redis-server}.
 */
@Timeout(60)
class RedisTierWithoutBootTests {

	private static TestRedis redis;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final String prefix = "it-" + UUID.randomUUID() + ":";

	private final AtomicInteger calls = new AtomicInteger();

	private final TokenLoader issuer = (key) -> new AccessToken("token-" + this.calls.incrementAndGet(),
			Duration.ofMinutes(10));

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void cachesBuiltWithTheTierShareLoadsPutsAndInvalidations() {
		TokenCache a = instance();
		TokenCache b = instance();
		assertThat(a.get("billing-api", this.issuer)).isEqualTo("token-1");
		assertThat(b.get("billing-api", this.issuer)).isEqualTo("token-1");
		assertThat(this.calls).hasValue(1);

		a.put("billing-api", "put-by-hand", Duration.ofMinutes(5));
		TokenCache c = instance();
		assertThat(c.get("billing-api", this.issuer)).isEqualTo("put-by-hand");

		c.invalidate("billing-api");
		assertThat(c.get("billing-api", this.issuer)).isEqualTo("token-2");
		assertThat(this.calls).hasValue(2);
	}

	/**
	 * Each instance's map from Redis id to cache key forgets the keys it no longer holds once
	 * they are unused for {@link KnownKeys#GRACE}, and keeps those that hold a local token, whose
	 * invalidation by another instance must still reach them.
	 */
	@Test
	void keysWithoutALocalTokenAreForgottenAfterTheGraceAndHeldOnesStillHearInvalidations() {
		MovableClock clock = new MovableClock();
		RedisTier tierA = tier(clock);
		TokenCache a = cache(tierA);
		TokenCache b = cache(tier(clock));
		for (int i = 0; i < 50; i++) {
			a.get("key-" + i, this.issuer);
		}
		for (int i = 1; i < 50; i++) {
			a.invalidate("key-" + i);
		}
		RedisSharedTier shared = (RedisSharedTier) tierA.sharedTier();
		assertThat(shared.knownKeys()).isEqualTo(50);

		shared.prune();
		assertThat(shared.knownKeys()).as("within the grace").isEqualTo(50);

		clock.advance(KnownKeys.GRACE.plusSeconds(1));
		shared.prune();
		assertThat(shared.knownKeys()).as("only the key that holds a token").isEqualTo(1);

		String held = a.get("key-0", this.issuer);
		b.invalidate("key-0");
		await().atMost(Duration.ofSeconds(20)).until(() -> !a.get("key-0", this.issuer).equals(held));
	}

	/**
	 * A key with a load running here keeps its id however long the load takes, since the load's
	 * token is about to be stored and an invalidation of it must still reach this instance; once
	 * the load has ended and its token is gone, the id lasts the grace from its last use.
	 */
	@Test
	void aKeyWithALoadRunningKeepsItsIdPastTheGrace() throws Exception {
		MovableClock clock = new MovableClock();
		RedisTier tier = tier(clock);
		TokenCache cache = cache(tier);
		RedisSharedTier shared = (RedisSharedTier) tier.sharedTier();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService caller = Executors.newSingleThreadExecutor();
		this.resources.add(caller::shutdownNow);
		Future<String> load = caller.submit(() -> cache.get("slow-api", (key) -> {
			started.countDown();
			release.await();
			return new AccessToken("slow-token", Duration.ofMinutes(10));
		}));
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

		clock.advance(KnownKeys.GRACE.plusSeconds(1));
		shared.prune();
		assertThat(shared.knownKeys()).as("the id of the key being loaded").isEqualTo(1);

		release.countDown();
		assertThat(load.get(20, TimeUnit.SECONDS)).isEqualTo("slow-token");
		cache.invalidate("slow-api");
		shared.prune();
		assertThat(shared.knownKeys()).as("within the grace after the load").isEqualTo(1);
		clock.advance(KnownKeys.GRACE.plusSeconds(1));
		shared.prune();
		assertThat(shared.knownKeys()).as("after the grace, with no token and no load").isZero();
	}

	/**
	 * A token past its refresh point is kept only to serve if a load fails; after this instance
	 * may have missed messages, it cannot be compared with Redis's, so reconciling drops it
	 * rather than let a missed invalidation bring it back.
	 */
	@Test
	void reconcilingDropsATokenKeptForStaleOnError() {
		AtomicLong nanos = new AtomicLong();
		RedisTier tier = tier(Clock.systemUTC());
		TokenCache cache = TokenCache.builder().ticker(nanos::get).sharedTier(tier.sharedTier()).build();
		this.resources.add(cache);
		cache.put("billing-api", "stale-copy", Duration.ofMinutes(10), Duration.ofMinutes(5));
		nanos.addAndGet(Duration.ofMinutes(6).toNanos());
		await().atMost(Duration.ofSeconds(20)).until(() -> cache.get("billing-api").isEmpty());
		// Redis loses the token with no message: an invalidation this instance missed.
		StringRedisTemplate raw = new StringRedisTemplate(connectionFactory());
		raw.delete(raw.keys(this.prefix + "*"));

		((RedisSharedTier) tier.sharedTier()).reconcile();

		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("billing-api", (key) -> {
			throw new IllegalStateException("issuer down");
		}));
	}

	private TokenCache instance() {
		return cache(tier(Clock.systemUTC()));
	}

	private TokenCache cache(RedisTier tier) {
		TokenCache cache = TokenCache.builder().sharedTier(tier.sharedTier()).build();
		this.resources.add(cache);
		return cache;
	}

	private LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(factory::destroy);
		return factory;
	}

	private RedisTier tier(Clock clock) {
		LettuceConnectionFactory factory = connectionFactory();
		RedisTier tier = new RedisTier(factory, new RedisTierSettings(this.prefix, new byte[32],
				Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(100)), clock);
		tier.afterPropertiesSet();
		tier.start();
		this.resources.add(tier::destroy);
		return tier;
	}

	/** The wall clock, moved on by the test. */
	private static final class MovableClock extends Clock {

		private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
