package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry on the clock that production uses: a cache built with the default ticker reads the
 * coarse clock, which only its background thread advances. Every other expiry test gives the
 * cache a fake ticker, which switches it to the direct clock, so without these tests a
 * background thread that stopped ticking would leave every token usable forever and no test
 * would fail.
 *
 * <p>The tokens live two seconds. The tests wait for them to end with a deadline far longer
 * than that, so a busy machine makes them slower, not flaky; how long they took is not asserted.
 */
class RealTimeExpiryTests {

	private static final Duration SHORT = Duration.ofSeconds(2);

	@Test
	void shortTokenStopsBeingServedWhenTheCoarseClockPassesItsExpiry() {
		try (TokenCache cache = TokenCache.builder().sweepInterval(Duration.ZERO).build()) {
			cache.put("short", "token-short", SHORT, Duration.ZERO);
			cache.put("long", "token-long", Duration.ofHours(1), Duration.ZERO);
			assertThat(cache.get("short")).contains("token-short");
			Waiting.until(() -> cache.get("short").isEmpty(), "the coarse clock passed the short token's expiry");
			assertThat(cache.get("long")).contains("token-long");
		}
	}

	@Test
	void shortTokenIsLoadedAgainOnceTheCoarseClockPassesItsRefreshPoint() {
		try (TokenCache cache = TokenCache.builder().refreshBuffer(Duration.ZERO).sweepInterval(Duration.ZERO).build()) {
			assertThat(cache.get("short", (key) -> new AccessToken("first", SHORT))).isEqualTo("first");
			Waiting.until(() -> "second".equals(cache.get("short", (key) -> new AccessToken("second", SHORT))),
					"the coarse clock passed the first token's refresh point");
			assertThat(cache.stats().loadSuccessCount()).isEqualTo(2);
		}
	}

	@Test
	void backgroundSweepRemovesAnExpiredTokenThatNobodyReads() {
		try (DefaultTokenCache cache = (DefaultTokenCache) TokenCache.builder()
			.sweepInterval(Duration.ofMillis(10))
			.build()) {
			cache.put("short", "token-short", SHORT, Duration.ZERO);
			cache.put("long", "token-long", Duration.ofHours(1), Duration.ZERO);
			Waiting.until(() -> cache.entryCount() == 1, "the sweep removed the expired token");
			assertThat(cache.stats().evictionCount()).isOne();
			assertThat(cache.get("long")).contains("token-long");
		}
	}

}
