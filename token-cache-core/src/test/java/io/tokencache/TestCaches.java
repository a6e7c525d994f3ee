package io.tokencache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Builders for caches that run on fake time: a {@link FakeTicker} for expiry, a fixed wall clock
 * for reported instants, and no background thread.
 */
final class TestCaches {

	static final Instant WALL_NOW = Instant.parse("2030-01-01T00:00:00Z");

	static final Clock FIXED_CLOCK = Clock.fixed(WALL_NOW, ZoneOffset.UTC);

	private TestCaches() {
	}

	static TokenCacheBuilder builder(FakeTicker ticker) {
		return TokenCache.builder().ticker(ticker).clock(FIXED_CLOCK).sweepInterval(Duration.ZERO);
	}

	static DefaultTokenCache build(FakeTicker ticker) {
		return (DefaultTokenCache) builder(ticker).build();
	}

}
