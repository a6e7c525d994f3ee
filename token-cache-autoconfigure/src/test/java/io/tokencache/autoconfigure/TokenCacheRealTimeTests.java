package io.tokencache.autoconfigure;

import java.time.Duration;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured cache on real time, as production runs it: no {@code Ticker} bean, so it
 * reads the coarse clock that its own thread advances. The tokens live two seconds; the tests
 * wait for them to end with a deadline far longer than that, and assert nothing about how long
 * it took.
 */
class TokenCacheRealTimeTests {

	private static final Duration SHORT = Duration.ofSeconds(2);

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class));

	@Test
	void shortTokenStopsBeingServedOnceItExpires() {
		this.contextRunner.withPropertyValues("token-cache.refresh-buffer=0").run((context) -> {
			TokenCache cache = context.getBean(TokenCache.class);
			cache.put("short", "token-short", SHORT);
			cache.put("long", "token-long", Duration.ofHours(1));
			assertThat(cache.get("short")).contains("token-short");
			await().atMost(DEADLINE).until(() -> cache.get("short").isEmpty());
			assertThat(cache.get("long")).contains("token-long");
		});
	}

	@Test
	void sweepIntervalFromPropertiesRemovesAnExpiredTokenThatNobodyReads() {
		this.contextRunner.withPropertyValues("token-cache.sweep-interval=10ms").run((context) -> {
			TokenCache cache = context.getBean(TokenCache.class);
			cache.put("short", "token-short", SHORT, Duration.ZERO);
			await().atMost(DEADLINE).until(() -> cache.stats().evictionCount() == 1);
			assertThat(cache.stats().size()).isZero();
		});
	}

}
