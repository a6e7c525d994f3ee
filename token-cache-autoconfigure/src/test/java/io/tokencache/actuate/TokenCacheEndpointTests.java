package io.tokencache.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.tokencache.AccessToken;
import io.tokencache.FakeTicker;
import io.tokencache.LoadTroubles;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import io.tokencache.actuate.TokenCacheEndpoint.TokenCacheDescriptor;
import io.tokencache.actuate.TokenCacheEndpoint.TokenEntryDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenCacheEndpoint}, on a cache driven by a fake ticker.
 */
class TokenCacheEndpointTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache tokenCache = TokenCache.builder()
		.ticker(this.ticker)
		.clock(Clock.fixed(START, ZoneOffset.UTC))
		.sweepInterval(Duration.ZERO)
		.build();

	private final TokenCacheEndpoint endpoint = new TokenCacheEndpoint(this.tokenCache);

	@AfterEach
	void close() {
		this.tokenCache.close();
	}

	@Test
	void cacheShouldDescribeEntriesCountersAndBuffer() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		this.tokenCache.get("billing", (key) -> AccessToken.of("secret-billing", 3600));
		this.tokenCache.get("crm");
		this.tokenCache.get("absent");
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.tokenCache.get("broken", (key) -> null));
		TokenCacheDescriptor cache = defaultCache();
		assertThat(cache.size()).isEqualTo(2);
		assertThat(cache.keys()).containsExactly("billing", "crm");
		assertThat(cache.entries()).containsExactly(
				new TokenEntryDescriptor("billing", START.plusSeconds(3300), START.plusSeconds(3600)),
				new TokenEntryDescriptor("crm", START.plusSeconds(300), START.plusSeconds(600)));
		assertThat(cache.hits()).isEqualTo(1);
		assertThat(cache.misses()).isEqualTo(3);
		assertThat(cache.loadSuccesses()).isEqualTo(1);
		assertThat(cache.loadFailures()).isEqualTo(1);
		assertThat(cache.puts()).isEqualTo(2);
		assertThat(cache.evictions()).isZero();
		assertThat(cache.refreshBuffer()).isEqualTo(TokenCache.DEFAULT_REFRESH_BUFFER);
		assertThat(cache).asString().doesNotContain("secret");
	}

	/**
	 * A refresh ahead of the refresh point for "crm", a caller released by the load timeout for
	 * "slow" (its loader moves the fake time past the timeout), and a call during the backoff of
	 * "broken".
	 */
	@Test
	void cacheShouldCountRefreshesTimeoutsAndBackoffs() {
		LoadTroubles.causeOneRefreshOneTimeoutAndOneBackoff(this.tokenCache, this.ticker);
		TokenCacheDescriptor cache = defaultCache();
		assertThat(cache.refreshes()).isEqualTo(1);
		assertThat(cache.loadTimeouts()).isEqualTo(1);
		assertThat(cache.backoffs()).isEqualTo(1);
		assertThat(cache.refreshAhead()).isEqualTo(Duration.ofMinutes(1));
		assertThat(cache.loadTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(cache).asString().doesNotContain("secret");
	}

	@Test
	void cacheShouldLeaveOutTokensPastTheirRefreshPoint() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret-billing", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(5));
		TokenCacheDescriptor cache = defaultCache();
		assertThat(cache.size()).isEqualTo(1);
		assertThat(cache.keys()).containsExactly("billing");
		assertThat(cache.entries()).extracting(TokenEntryDescriptor::key).containsExactly("billing");
	}

	@Test
	void entryShouldDescribeAUsableToken() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10), Duration.ofMinutes(1));
		assertThat(this.endpoint.entry("crm", null))
			.isEqualTo(new TokenEntryDescriptor("crm", START.plusSeconds(540), START.plusSeconds(600)));
	}

	@Test
	void entryShouldBeNullWhenAbsentOrPastTheRefreshPoint() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		assertThat(this.endpoint.entry("absent", null)).isNull();
		this.ticker.advance(Duration.ofMinutes(5));
		assertThat(this.endpoint.entry("crm", null)).isNull();
	}

	@Test
	void invalidateShouldRemoveAUsableTokenAndDescribeIt() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret-billing", Duration.ofMinutes(10));
		assertThat(this.endpoint.invalidate("crm", null))
			.isEqualTo(new TokenEntryDescriptor("crm", START.plusSeconds(300), START.plusSeconds(600)));
		assertThat(this.tokenCache.get("crm")).isEmpty();
		assertThat(this.tokenCache.get("billing")).contains("secret-billing");
	}

	@Test
	void invalidateShouldReportAnAbsentKey() {
		assertThat(this.endpoint.invalidate("absent", null)).isNull();
	}

	@Test
	void invalidateShouldRemoveATokenKeptOnlyForStaleOnErrorWithoutReportingIt() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.endpoint.invalidate("crm", null)).isNull();
		assertThatExceptionOfType(TokenLoadException.class)
			.as("no stale token is left to serve when the load fails")
			.isThrownBy(() -> this.tokenCache.get("crm", (key) -> null));
	}

	@Test
	void clearShouldRemoveEveryToken() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret-billing", Duration.ofMinutes(10));
		assertThat(this.endpoint.clear(null)).isTrue();
		assertThat(defaultCache().size()).isZero();
		assertThat(this.tokenCache.get("crm")).isEmpty();
	}

	private TokenCacheDescriptor defaultCache() {
		return (TokenCacheDescriptor) this.endpoint.cache(null);
	}

}
