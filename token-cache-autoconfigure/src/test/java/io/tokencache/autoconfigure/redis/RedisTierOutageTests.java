package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokencache.TokenCache;
import io.tokencache.redis.TestRedis;
import io.tokencache.redis.TierThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} that dies and comes back with the data it had (see
 * {@link TestRedis}), or outlives an instance that held a lock. Since Redis still holds the
 * invalidated token when it returns, only the replay of the invalidation keeps it from being
 * served again. Each test has a server of its own, since it kills it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisTierOutageTests {

	private static final Duration RECOVERY = Duration.ofSeconds(15);

	private TestRedis redis;

	private Instances instances;

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@BeforeEach
	void startRedis() {
		this.redis = TestRedis.start();
		assumeThat(this.redis.isOwned()).as("an external Redis cannot be killed").isTrue();
		this.instances = new Instances(this.redis, "token-cache.redis.timeout=1s", "token-cache.redis.lock-lease=2s");
	}

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		if (this.instances != null) {
			this.instances.close();
		}
		this.redis.close();
	}

	@Test
	void redisKilledAndRestartedDuringALoad(CapturedOutput output) throws Exception {
		this.instances.start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader loader = CountingLoader.immediate();
		String invalidated = a.get("billing-api", loader);
		assertThat(b.get("billing-api", loader)).isEqualTo(invalidated);
		CountingLoader held = CountingLoader.held();
		Future<String> inFlight = this.callers.submit(() -> a.get("crm-api", held));
		held.awaitEntered();

		this.redis.kill();
		held.release();
		assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(held.token(1));
		a.invalidate("billing-api");
		assertThat(a.get("billing-api", loader)).isNotEqualTo(invalidated);
		assertThat(b.get("crm-api", CountingLoader.immediate())).isNotBlank();
		assertThat(this.instances.tier(0).isShared()).isFalse();

		this.redis.restart();
		await().atMost(RECOVERY).untilAsserted(() -> {
			assertThat(this.instances.tier(0).isShared()).isTrue();
			assertThat(this.instances.tier(1).isShared()).isTrue();
			assertThat(b.get("billing-api")).isEmpty();
		});
		CountingLoader afterwards = CountingLoader.immediate();
		String shared = b.get("billing-api", afterwards);
		assertThat(shared).isNotEqualTo(invalidated);
		assertThat(a.get("billing-api", afterwards)).isEqualTo(shared);
		assertThat(afterwards.calls()).isEqualTo(1);
		assertThat(output).doesNotContain(CountingLoader.SECRET_MARK).doesNotContain("RedisConnectionFailureException:");
	}

	@Test
	void localModeShowsInHealthAndMeterAndEnds() throws Exception {
		this.instances.start(1);
		TokenCacheRedisHealthIndicator health = this.instances.context(0).getBean(TokenCacheRedisHealthIndicator.class);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.instances.context(0).getBean(TokenCacheRedisMetrics.class).bindTo(registry);
		assertThat(health.health(true).getDetails()).containsEntry("mode", "shared");
		assertThat(registry.get(TokenCacheRedisMetrics.LOCAL).gauge().value()).isZero();

		this.redis.kill();
		this.instances.cache(0).get("billing-api", CountingLoader.immediate());
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		assertThat(health.health(true).getDetails()).containsEntry("mode", "local").containsKey("localSince");
		assertThat(registry.get(TokenCacheRedisMetrics.LOCAL).gauge().value()).isOne();
		assertThat(registry.get(TokenCacheRedisMetrics.LOADS).tag("source", "local").functionCounter().count())
			.isOne();
		assertThat(TierThreads.names()).as("the probe runs on the cache's background thread").isEmpty();

		this.redis.restart();
		await().atMost(RECOVERY)
			.untilAsserted(() -> assertThat(registry.get(TokenCacheRedisMetrics.LOCAL).gauge().value()).isZero());
		assertThat(health.health(true).getDetails()).containsEntry("mode", "shared");
		assertThat(TierThreads.names()).as("messages are applied on the client's I/O thread").isEmpty();
	}


	@Test
	void instanceStartedWhileRedisIsDownSharesOnceItIsUp() {
		this.redis.kill();
		this.instances.start(1);
		CountingLoader loader = CountingLoader.immediate();
		assertThat(this.instances.cache(0).get("billing-api", loader)).isEqualTo(loader.token(1));
		this.redis.restart();
		await().atMost(RECOVERY).untilAsserted(() -> assertThat(this.instances.tier(0).isShared()).isTrue());
		this.instances.start(2);
		this.instances.cache(0).invalidate("billing-api");
		String shared = this.instances.cache(0).get("billing-api", loader);
		assertThat(this.instances.cache(1).get("billing-api", loader)).isEqualTo(shared);
		assertThat(loader.calls()).isEqualTo(2);
	}

	@Test
	void instanceClosedWhileHoldingTheLockIsReplacedAfterTheLease() throws Exception {
		this.instances.start(2);
		CountingLoader dying = CountingLoader.held();
		this.callers.submit(() -> this.instances.cache(0).get("billing-api", dying));
		dying.awaitEntered();
		long locked = System.nanoTime();
		CountingLoader survivor = CountingLoader.immediate();
		Future<String> waiting = this.callers.submit(() -> this.instances.cache(1).get("billing-api", survivor));

		this.instances.context(0).close();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(survivor.token(1));
		assertThat(Duration.ofNanos(System.nanoTime() - locked)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		assertThat(survivor.calls()).isEqualTo(1);
		dying.release();
	}

}
