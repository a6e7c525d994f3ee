package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tokencache.TokenCache;
import io.tokencache.redis.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes that cannot undo each other, on several application contexts sharing one real
 * {@code redis-server}: a put or an invalidation made on one instance while another loads wins
 * on every instance, because the load writes only if the key's version is the one it read.
 */
@Timeout(60)
class RedisTierVersionTests {

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
	void putDuringAnotherInstancesLoadWinsOnEveryInstance() throws Exception {
		this.instances.start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader slow = CountingLoader.held();
		Future<String> loading = loadHeld(a, slow);
		String put = "put-by-hand-" + CountingLoader.SECRET_MARK;
		b.put("billing-api", put, Duration.ofMinutes(30));
		slow.release();

		assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo(put);
		assertThat(a.get("billing-api")).contains(put);
		assertThat(b.get("billing-api")).contains(put);
		assertThat(this.instances.tier(0).discardedWrites()).isOne();
		CountingLoader later = CountingLoader.immediate();
		assertThat(this.instances.start(3).cache(2).get("billing-api", later)).isEqualTo(put);
		assertThat(later.calls()).isZero();
	}

	@Test
	void invalidationDuringAnotherInstancesLoadIsNotUndoneByIt() throws Exception {
		this.instances.start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader slow = CountingLoader.held();
		Future<String> loading = loadHeld(a, slow);
		b.invalidate("billing-api");
		slow.release();

		String served = loading.get(10, TimeUnit.SECONDS);
		assertThat(served).isEqualTo(slow.token(2));
		assertThat(slow.calls()).isEqualTo(2);
		CountingLoader other = CountingLoader.immediate();
		assertThat(b.get("billing-api", other)).isEqualTo(served);
		assertThat(other.calls()).isZero();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.get("billing-api")).contains(served));
	}

	@Test
	void invalidationArrivingWhileAJoinedLoadRunsIsNotFollowedByItsToken() throws Exception {
		this.instances.start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader first = CountingLoader.immediate();
		String old = b.get("billing-api", first);
		CountingLoader slowOnB = CountingLoader.held();
		b.invalidate("billing-api");
		Future<String> loadingOnB = loadHeld(b, slowOnB);
		// A joins the cluster-wide load of B, then an invalidation made on A overtakes both.
		Future<String> waitingOnA = this.callers.submit(() -> a.get("billing-api", CountingLoader.immediate()));
		await().atMost(Duration.ofSeconds(10)).until(() -> a.counters().missCount() > 0);
		a.invalidate("billing-api");
		slowOnB.release();

		String onA = waitingOnA.get(10, TimeUnit.SECONDS);
		String onB = loadingOnB.get(10, TimeUnit.SECONDS);
		assertThat(onA).isNotEqualTo(old);
		assertThat(onA).isNotEqualTo(slowOnB.token(1));
		assertThat(onB).isNotEqualTo(slowOnB.token(1));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(b.get("billing-api")).contains(onA));
	}

	/** Starts a load of the key on the cache that stays in the loader until the test releases it. */
	private Future<String> loadHeld(TokenCache cache, CountingLoader held) throws InterruptedException {
		Future<String> loading = this.callers.submit(() -> cache.get("billing-api", held));
		held.awaitEntered();
		return loading;
	}

}
