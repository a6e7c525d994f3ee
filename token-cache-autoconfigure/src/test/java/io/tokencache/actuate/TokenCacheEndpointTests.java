package io.tokencache.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import io.tokencache.AccessToken;
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

	private final AtomicLong nanos = new AtomicLong();

	private final TokenCache tokenCache = TokenCache.builder()
		.ticker(this.nanos::get)
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

	@Test
	void cacheShouldLeaveOutTokensPastTheirRefreshPoint() {
		this.tokenCache.put("crm", "secret-crm", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret-billing", Duration.ofHours(1));
		this.nanos.set(Duration.ofMinutes(5).toNanos());
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
		this.nanos.set(Duration.ofMinutes(5).toNanos());
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
		this.nanos.set(Duration.ofMinutes(6).toNanos());
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
