package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A load that fails with a {@link RetryAfter} exception holds the key back for at least the wait
 * it asks for, however short the cache's own backoff is, or if backoff is off. Time is a fake
 * ticker.
 */
class RetryAfterTests {

	private final FakeTicker ticker = new FakeTicker();

	private final AtomicInteger calls = new AtomicInteger();

	private volatile Duration asked = Duration.ofSeconds(4);

	private volatile boolean failing = true;

	private final TokenLoader loader = (key) -> {
		int call = this.calls.incrementAndGet();
		if (this.failing) {
			throw new RateLimited(this.asked);
		}
		return AccessToken.of("token-" + call, 3600);
	};

	private DefaultTokenCache cache = build(Duration.ofSeconds(1), Duration.ofSeconds(30));

	@AfterEach
	void close() {
		this.cache.close();
	}

	@Test
	void keyIsNotLoadedForTheWaitAskedAndThenIsLoadedOnce() {
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader))
			.withCauseInstanceOf(RateLimited.class);
		this.ticker.advance(Duration.ofSeconds(4).minusNanos(1));
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader))
			.withMessageEndingWith("backing off after 1 failed load(s) in a row, next try in 1ms")
			.withCauseInstanceOf(RateLimited.class);
		assertThat(this.calls).hasValue(1);
		this.failing = false;
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k", this.loader)).isEqualTo("token-2");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void unexpiredTokenIsServedMeanwhile() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("k", this.loader)).isEqualTo("stale");
		this.ticker.advance(Duration.ofSeconds(3));
		assertThat(this.cache.get("k", this.loader)).isEqualTo("stale");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void ownBackoffLongerThanTheWaitAskedStillHolds() {
		this.cache.close();
		this.cache = build(Duration.ofSeconds(10), Duration.ofSeconds(10));
		this.asked = Duration.ofSeconds(1);
		failOnce();
		this.ticker.advance(Duration.ofSeconds(4));
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader));
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void waitAskedHoldsEvenWithBackoffOff() {
		this.cache.close();
		this.cache = build(Duration.ZERO, Duration.ZERO);
		failOnce();
		this.ticker.advance(Duration.ofSeconds(3));
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader));
		assertThat(this.calls).hasValue(1);
		this.ticker.advance(Duration.ofSeconds(1));
		failOnce();
	}

	@Test
	void nullOrNegativeWaitAskedCountsAsNone() {
		this.cache.close();
		this.cache = build(Duration.ZERO, Duration.ZERO);
		this.asked = null;
		failOnce();
		this.asked = Duration.ofSeconds(-5);
		failOnce();
		assertThat(this.calls).hasValue(2);
	}

	private void failOnce() {
		int before = this.calls.get();
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader));
		assertThat(this.calls).hasValue(before + 1);
	}

	private DefaultTokenCache build(Duration initial, Duration max) {
		return (DefaultTokenCache) TestCaches.builder(this.ticker).backoff(initial, max).build();
	}

	static final class RateLimited extends RuntimeException implements RetryAfter {

		private static final long serialVersionUID = 1L;

		private final transient Duration retryAfter;

		RateLimited(Duration retryAfter) {
			super("rate limited");
			this.retryAfter = retryAfter;
		}

		@Override
		public Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
