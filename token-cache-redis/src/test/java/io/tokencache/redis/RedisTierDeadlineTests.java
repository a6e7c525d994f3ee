package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis that stops answering, on a real {@code redis-server} paused with {@code CLIENT PAUSE}:
 * each tier call fails at the tier's own timeout, the cache loads locally, and the tier has no
 * thread of its own meanwhile, neither waiting for Redis nor probing it.
 */
@Timeout(60)
class RedisTierDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	/** Far longer than any deadline: a call that waits for the pause to end fails the test. */
	private static final Duration PAUSE = Duration.ofSeconds(20);

	private final TestRedis redis = TestRedis.start();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final TokenLoader issuer = (key) -> new AccessToken("token-" + this.calls.incrementAndGet(),
			Duration.ofMinutes(10));

	/** Kills the paused server first: nothing of the tier then waits for the pause to end. */
	@AfterEach
	void close() throws Exception {
		this.redis.close();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aCallToARedisThatHangsFailsAtTheTimeoutAndTheCacheLoadsLocally() {
		RedisTier tier = tier();
		TokenCache cache = TokenCache.builder().sharedTier(tier.sharedTier()).build();
		this.resources.add(cache);
		assertThat(cache.get("warm-up", this.issuer)).isEqualTo("token-1");
		assertThat(tier.isShared()).isTrue();

		pauseRedis();
		long started = System.nanoTime();
		assertThat(cache.get("billing-api", this.issuer)).isEqualTo("token-2");
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(PAUSE.dividedBy(4));
		assertThat(tier.isShared()).isFalse();
		assertThat(tier.lastFailure()).contains("no answer within");
		assertThat(tier.localLoads()).isEqualTo(1);
		assertThat(TierThreads.names()).isEmpty();
	}

	@Test
	void manyConcurrentCallsToARedisThatHangsEachFailAtTheTimeout() throws Exception {
		RedisTier tier = tier();
		pauseRedis();
		List<Thread> callers = new ArrayList<>();
		List<Duration> took = Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 40; i++) {
			String key = "key-" + i;
			Thread caller = new Thread(() -> {
				long started = System.nanoTime();
				tier.sharedTier().invalidate(key);
				took.add(Duration.ofNanos(System.nanoTime() - started));
			});
			caller.start();
			callers.add(caller);
		}
		for (Thread caller : callers) {
			caller.join();
		}
		assertThat(took).hasSize(40).allSatisfy((duration) -> assertThat(duration).isLessThan(PAUSE.dividedBy(4)));
		assertThat(tier.isShared()).isFalse();
		assertThat(TierThreads.names()).isEmpty();
	}

	private RedisTier tier() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.redis.host(), this.redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(factory::destroy);
		RedisTier tier = new RedisTier(factory, new RedisTierSettings("it-" + UUID.randomUUID() + ":", new byte[32],
				TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(100)), Clock.systemUTC());
		tier.afterPropertiesSet();
		tier.start();
		this.resources.add(tier::destroy);
		return tier;
	}

	/**
	 * Pauses every client of the server until {@link #close()} kills it: {@code CLIENT PAUSE}
	 * returns once the pause holds, so no command sent after it is answered.
	 */
	private void pauseRedis() {
		RedisClient client = RedisClient.create(RedisURI.create(this.redis.host(), this.redis.port()));
		StatefulRedisConnection<String, String> connection = client.connect();
		this.resources.add(client::shutdown);
		this.resources.add(connection::close);
		assertThat(connection.sync().clientPause(PAUSE.toMillis())).isEqualTo("OK");
	}

}
