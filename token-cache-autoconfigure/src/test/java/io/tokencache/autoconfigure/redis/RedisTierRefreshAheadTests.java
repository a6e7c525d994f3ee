package io.tokencache.autoconfigure.redis;

import java.time.Duration;

import io.tokencache.FakeTicker;
import io.tokencache.Ticker;
import io.tokencache.TokenCache;
import io.tokencache.redis.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refresh-ahead with the tier on, on several application contexts sharing one real
 * {@code redis-server}: inside the window every caller on every instance gets the current token
 * at once while one instance loads the next in the background, and the others take it from
 * Redis at their own refresh, so the identity provider sees one call per expiry.
 */
@Timeout(120)
class RedisTierRefreshAheadTests {

	/** How long a caller may take and still count as not having waited for a load. */
	private static final Duration AT_ONCE = Duration.ofMillis(500);

	private static final FakeTicker ticker = new FakeTicker();

	private static TestRedis redis;

	private Instances instances;

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
		if (this.instances != null) {
			this.instances.close();
		}
	}

	/** The case in real time: a 10 s token, refresh-buffer 1 s, refresh-ahead 4 s. */
	@Test
	void refreshRunsInTheBackgroundOnceForEveryInstanceInRealTime() throws Exception {
		this.instances = new Instances(redis, "token-cache.refresh-buffer=1s", "token-cache.refresh-ahead=4s").start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader issuer = CountingLoader.heldAfterFirstCall(Duration.ofSeconds(10));
		String first = a.get("billing-api", issuer);
		assertThat(b.get("billing-api", issuer)).isEqualTo(first);

		await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20)).until(() -> {
			assertServedAtOnce(a, issuer, first);
			assertServedAtOnce(b, issuer, first);
			return issuer.calls() == 2;
		});
		assertServedAtOnce(a, issuer, first);
		assertServedAtOnce(b, issuer, first);
		issuer.release();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			assertServedAtOnce(a, issuer, issuer.token(2));
			assertServedAtOnce(b, issuer, issuer.token(2));
		});
		assertThat(issuer.calls()).isEqualTo(2);
		assertThat(a.counters().refreshCount()).isOne();
		assertThat(b.counters().refreshCount()).isOne();
	}

	/** The same on the production path, with time from a fake ticker that each context reads. */
	@Test
	void refreshRunsInTheBackgroundOnceForEveryInstanceOnFakeTime() throws Exception {
		this.instances = new Instances(redis, "token-cache.refresh-buffer=5m", "token-cache.refresh-ahead=4m")
			.with(FakeTime.class)
			.start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader issuer = CountingLoader.heldAfterFirstCall(Duration.ofHours(1));
		String first = a.get("billing-api", issuer);
		assertThat(b.get("billing-api", issuer)).isEqualTo(first);

		ticker.advance(Duration.ofMinutes(50));
		assertServedAtOnce(a, issuer, first);
		assertServedAtOnce(b, issuer, first);
		assertThat(issuer.calls()).isOne();
		ticker.advance(Duration.ofMinutes(3).plusSeconds(1));
		assertServedAtOnce(a, issuer, first);
		assertServedAtOnce(b, issuer, first);
		issuer.awaitEntered();
		assertServedAtOnce(a, issuer, first);
		issuer.release();

		awaitBothServe(a, b, issuer.token(2));
		assertThat(issuer.calls()).isEqualTo(2);
		assertThat(a.counters().refreshCount()).isOne();
		assertThat(b.counters().refreshCount()).isOne();
	}

	/** Asserts that a caller got the token without waiting for a load. */
	private static void assertServedAtOnce(TokenCache cache, CountingLoader issuer, String token) {
		long start = System.nanoTime();
		String served = cache.get("billing-api", issuer);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
		assertThat(served).isEqualTo(token);
	}

	private static void awaitBothServe(TokenCache a, TokenCache b, String token) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(a.get("billing-api")).contains(token);
			assertThat(b.get("billing-api")).contains(token);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class FakeTime {

		@Bean
		Ticker fakeTicker() {
			return ticker;
		}

	}

}
