package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token put with TTL {@code T} and buffer {@code B} is usable for {@code T - min(B, T/2)},
 * measured on the monotonic ticker.
 */
class ExpiryTests {

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache cache = TestCaches.build(this.ticker);

	@Test
	void defaultRefreshBufferIsFiveMinutes() {
		assertThat(this.cache.refreshBuffer()).isEqualTo(Duration.ofMinutes(5));
		assertThat(TokenCache.DEFAULT_REFRESH_BUFFER).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void tokenIsUsableUntilTtlMinusBufferAndNotAtThatInstant() {
		this.cache.put("k", "token", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(55).minusNanos(1));
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	@Test
	void tokenShorterThanBufferIsUsableForHalfItsLifetime() {
		this.cache.put("k", "token", Duration.ofMinutes(4));
		this.ticker.advance(Duration.ofMinutes(2).minusNanos(1));
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	@Test
	void tokenAsLongAsBufferIsUsableForHalfItsLifetime() {
		this.cache.put("k", "token", Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofSeconds(150).minusNanos(1));
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	/**
	 * Refresh-ahead is off here: with it, one background refresh may start from 15 s on, a random
	 * moment that {@code RefreshAheadTests} pins; this test is about the buffer's cap alone.
	 */
	@Test
	void tokenShorterThanBufferIsNotRefetchedOnEveryCall() {
		TokenCache cache = TestCaches.builder(this.ticker).refreshAhead(Duration.ZERO).build();
		AtomicInteger loads = new AtomicInteger();
		TokenLoader loader = (key) -> {
			loads.incrementAndGet();
			return AccessToken.of("token", 60);
		};
		for (int i = 0; i < 10; i++) {
			cache.get("k", loader);
			this.ticker.advance(Duration.ofSeconds(2));
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void zeroBufferKeepsTokenUsableForItsWholeTtl() {
		this.cache.put("k", "token", Duration.ofMinutes(10), Duration.ZERO);
		this.ticker.advance(Duration.ofMinutes(10).minusNanos(1));
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	@Test
	void bufferGivenToPutOverridesTheDefault() {
		this.cache.put("k", "token", Duration.ofHours(1), Duration.ofMinutes(20));
		this.ticker.advance(Duration.ofMinutes(40).minusNanos(1));
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	@Test
	void builderBufferAppliesToPutsWithoutOne() {
		TokenCache cache = TestCaches.builder(this.ticker).refreshBuffer(Duration.ofMinutes(1)).build();
		cache.put("k", "token", Duration.ofMinutes(10));
		this.ticker.advance(Duration.ofMinutes(9).minusNanos(1));
		assertThat(cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(cache.get("k")).isEmpty();
	}

	@Test
	void loadedTokenIsCachedWithTheDefaultBuffer() {
		TokenCache cache = TestCaches.builder(this.ticker).refreshBuffer(Duration.ofMinutes(2)).build();
		AtomicInteger loads = new AtomicInteger();
		TokenLoader loader = (key) -> AccessToken.of("token-" + loads.incrementAndGet(), 600);
		assertThat(cache.get("k", loader)).isEqualTo("token-1");
		this.ticker.advance(Duration.ofMinutes(8).minusNanos(1));
		assertThat(cache.get("k", loader)).isEqualTo("token-1");
		this.ticker.advanceNanos(1);
		assertThat(cache.get("k", loader)).isEqualTo("token-2");
	}

	@Test
	void oneNanosecondTtlIsUsableOnlyAtTheInstantOfThePut() {
		this.cache.put("k", "token", Duration.ofNanos(1));
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	@Test
	void putReplacesTheTokenAndRestartsItsWindow() {
		this.cache.put("k", "old", Duration.ofMinutes(10), Duration.ZERO);
		this.ticker.advance(Duration.ofMinutes(9));
		this.cache.put("k", "new", Duration.ofMinutes(10), Duration.ZERO);
		this.ticker.advance(Duration.ofMinutes(9));
		assertThat(this.cache.get("k")).contains("new");
	}

	@Test
	void hugeTtlNeverExpires() {
		this.cache.put("k", "token", Duration.ofSeconds(Long.MAX_VALUE));
		this.ticker.advanceNanos(Long.MAX_VALUE - 1);
		assertThat(this.cache.get("k")).contains("token");
		assertThat(this.cache.describe("k")).isPresent();
	}

	@Test
	void largestDurationWithLargestBufferNeverExpires() {
		Duration largest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
		this.cache.put("k", "token", largest, largest);
		this.ticker.advanceNanos(Long.MAX_VALUE - 1);
		assertThat(this.cache.get("k")).contains("token");
	}

	@Test
	void ttlJustBelowTheSaturationPointExpiresOnTime() {
		Duration ttl = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L - 1);
		this.cache.put("k", "token", ttl, Duration.ZERO);
		this.ticker.advanceNanos(ttl.toNanos() - 1);
		assertThat(this.cache.get("k")).contains("token");
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

	@Test
	void expiryIsMeasuredCorrectlyWhenTheTickerWrapsAround() {
		FakeTicker nearOverflow = new FakeTicker(Long.MAX_VALUE - Duration.ofMinutes(1).toNanos());
		TokenCache cache = TestCaches.build(nearOverflow);
		cache.put("k", "token", Duration.ofHours(1), Duration.ZERO);
		nearOverflow.advance(Duration.ofMinutes(30));
		assertThat(nearOverflow.read()).isNegative();
		assertThat(cache.get("k")).contains("token");
		nearOverflow.advance(Duration.ofMinutes(30));
		assertThat(cache.get("k")).isEmpty();
	}

	@Test
	void wallClockJumpsDoNotChangeExpiry() {
		MutableClock wall = new MutableClock(TestCaches.WALL_NOW);
		TokenCache cache = TestCaches.builder(this.ticker).clock(wall).build();
		cache.put("k", "token", Duration.ofMinutes(10), Duration.ZERO);
		wall.set(TestCaches.WALL_NOW.plus(Duration.ofDays(365)));
		assertThat(cache.get("k")).contains("token");
		wall.set(TestCaches.WALL_NOW.minus(Duration.ofDays(365)));
		this.ticker.advance(Duration.ofMinutes(10));
		assertThat(cache.get("k")).isEmpty();
	}

}
