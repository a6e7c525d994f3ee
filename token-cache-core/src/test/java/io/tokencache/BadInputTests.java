package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Bad input fails at once with an exception that names the argument, and changes nothing.
 */
class BadInputTests {

	private static final Duration TTL = Duration.ofHours(1);

	private static final TokenLoader LOADER = (key) -> AccessToken.of("loaded", 3600);

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = TestCaches.build(this.ticker);

	@Test
	void putWithNullKeyNamesTheKey() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.put(null, "token", TTL)).withMessage("key");
	}

	@Test
	void putWithNullTokenNamesTheToken() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.put("k", null, TTL)).withMessage("token");
	}

	@Test
	void putWithNullTtlNamesTheTtl() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.put("k", "token", null)).withMessage("ttl");
	}

	@Test
	void putWithNullBufferNamesTheBuffer() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.put("k", "token", TTL, null))
			.withMessage("refreshBuffer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t", "\n", " \r\n\t ", "\u2003" })
	void putWithBlankTokenIsRejected(String blank) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("k", blank, TTL))
			.withMessage("token must not be blank");
	}

	@Test
	void putWithZeroTtlIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("k", "token", Duration.ZERO))
			.withMessageStartingWith("ttl must be positive");
	}

	@Test
	void putWithNegativeTtlIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("k", "token", Duration.ofNanos(-1)))
			.withMessageStartingWith("ttl must be positive");
	}

	@Test
	void putWithNegativeBufferIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.cache.put("k", "token", TTL, Duration.ofSeconds(-1)))
			.withMessageStartingWith("refreshBuffer must not be negative");
	}

	@Test
	void getWithNullKeyNamesTheKey() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.get(null)).withMessage("key");
		assertThatNullPointerException().isThrownBy(() -> this.cache.get(null, LOADER)).withMessage("key");
	}

	@Test
	void getWithNullLoaderNamesTheLoaderOnAMiss() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.get("k", null)).withMessage("loader");
	}

	@Test
	void getWithNullLoaderNamesTheLoaderEvenOnAHit() {
		this.cache.put("k", "token", TTL);
		assertThatNullPointerException().isThrownBy(() -> this.cache.get("k", null)).withMessage("loader");
	}

	@Test
	void invalidateAndDescribeWithNullKeyNameTheKey() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.invalidate(null)).withMessage("key");
		assertThatNullPointerException().isThrownBy(() -> this.cache.describe(null)).withMessage("key");
	}

	@Test
	void rejectedCallsLeaveTokensAndCountersUnchanged() {
		this.cache.put("k", "token", TTL);
		TokenCacheStats before = this.cache.stats();
		assertThatNullPointerException().isThrownBy(() -> this.cache.put("k", null, TTL));
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("k", " ", TTL));
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("k", "other", Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.cache.put("k", "other", TTL, Duration.ofNanos(-1)));
		assertThatNullPointerException().isThrownBy(() -> this.cache.put("k", "other", TTL, null));
		assertThatNullPointerException().isThrownBy(() -> this.cache.get(null));
		assertThatNullPointerException().isThrownBy(() -> this.cache.get("k", null));
		assertThatNullPointerException().isThrownBy(() -> this.cache.get("missing", null));
		assertThatNullPointerException().isThrownBy(() -> this.cache.invalidate(null));
		assertThat(this.cache.stats()).isEqualTo(before);
		assertThat(this.cache.entryCount()).isOne();
		assertThat(this.cache.get("k")).contains("token");
	}

	@Test
	void accessTokenWithNullValueOrLifetimeNamesIt() {
		assertThatNullPointerException().isThrownBy(() -> new AccessToken(null, TTL)).withMessage("value");
		assertThatNullPointerException().isThrownBy(() -> new AccessToken("token", null)).withMessage("expiresIn");
	}

	@Test
	void accessTokenWithBlankValueIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AccessToken("  ", TTL))
			.withMessage("value must not be blank");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, Long.MIN_VALUE })
	void accessTokenWithNonPositiveLifetimeIsRejected(long seconds) {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessToken.of("token", seconds))
			.withMessageStartingWith("expiresIn must be positive");
	}

	@Test
	void builderRejectsNullSettingsByName() {
		TokenCacheBuilder builder = TokenCache.builder();
		assertThatNullPointerException().isThrownBy(() -> builder.refreshBuffer(null)).withMessage("refreshBuffer");
		assertThatNullPointerException().isThrownBy(() -> builder.sweepInterval(null)).withMessage("sweepInterval");
		assertThatNullPointerException().isThrownBy(() -> builder.ticker(null)).withMessage("ticker");
		assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessage("clock");
		assertThatNullPointerException().isThrownBy(() -> builder.refreshAhead(null)).withMessage("refreshAhead");
		assertThatNullPointerException().isThrownBy(() -> builder.loadTimeout(null)).withMessage("loadTimeout");
		assertThatNullPointerException().isThrownBy(() -> builder.backoff(null, Duration.ofSeconds(1)))
			.withMessage("initial");
		assertThatNullPointerException().isThrownBy(() -> builder.backoff(Duration.ofSeconds(1), null))
			.withMessage("max");
		assertThatNullPointerException().isThrownBy(() -> builder.executor(null)).withMessage("executor");
	}

	@Test
	void builderRejectsBadLoadSettings() {
		TokenCacheBuilder builder = TokenCache.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> builder.refreshAhead(Duration.ofSeconds(-1)))
			.withMessage("refreshAhead must not be negative but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.loadTimeout(Duration.ZERO))
			.withMessage("loadTimeout must be positive but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.loadTimeout(Duration.ofMillis(-1)))
			.withMessageStartingWith("loadTimeout must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
			.withMessage("initial must not be negative but was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessage("max must be at least initial (PT2S) but was PT1S");
	}

	@Test
	void builderRejectsNegativeDurations() {
		TokenCacheBuilder builder = TokenCache.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> builder.refreshBuffer(Duration.ofSeconds(-1)))
			.withMessageStartingWith("refreshBuffer must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.sweepInterval(Duration.ofSeconds(-1)))
			.withMessageStartingWith("sweepInterval must not be negative");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, Long.MIN_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE })
	void builderRejectsMaximumSizeBelowOneOrAbsurdlyLarge(long maximumSize) {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenCache.builder().maximumSize(maximumSize))
			.withMessageContaining("maximumSize")
			.withMessageContaining(Long.toString(maximumSize));
	}

	@Test
	void rejectedBuilderSettingsKeepThePreviousValues() {
		TokenCacheBuilder builder = TestCaches.builder(this.ticker).maximumSize(2).refreshBuffer(Duration.ofMinutes(1));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maximumSize(0));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.refreshBuffer(Duration.ofMinutes(-1)));
		assertThatNullPointerException().isThrownBy(() -> builder.refreshBuffer(null));
		builder.loadTimeout(Duration.ofSeconds(2)).backoff(Duration.ofSeconds(1), Duration.ofSeconds(3));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.loadTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.backoff(Duration.ofSeconds(9), Duration.ZERO));
		DefaultTokenCache cache = (DefaultTokenCache) builder.build();
		assertThat(cache.loadTimeout()).isEqualTo(Duration.ofSeconds(2));
		cache.put("a", "token", TTL);
		cache.put("b", "token", TTL);
		cache.put("c", "token", TTL);
		assertThat(cache.entryCount()).isEqualTo(2);
		assertThat(cache.refreshBuffer()).isEqualTo(Duration.ofMinutes(1));
	}

}
