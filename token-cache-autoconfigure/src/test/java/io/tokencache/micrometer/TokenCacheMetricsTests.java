package io.tokencache.micrometer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokencache.AccessToken;
import io.tokencache.FakeTicker;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenCacheMetrics}: the value of each meter after known operations, on a
 * cache driven by a fake ticker.
 */
class TokenCacheMetricsTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache tokenCache = TokenCache.builder()
		.ticker(this.ticker)
		.clock(CLOCK)
		.maximumSize(3)
		.sweepInterval(Duration.ZERO)
		.build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void bind() {
		new TokenCacheMetrics(this.tokenCache, "billingTokens", Tags.of("app", "test"), CLOCK).bindTo(this.registry);
	}

	@AfterEach
	void close() {
		this.tokenCache.close();
	}

	@Test
	void everyMeterShouldBeTaggedWithTheCacheNameAndTheGivenTags() {
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactlyInAnyOrder("cache.size", "cache.gets", "cache.gets", "cache.puts", "cache.evictions",
					"token.cache.loads", "token.cache.loads", "token.cache.next.refresh");
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> {
			assertThat(meter.getId().getTag("cache")).isEqualTo("billingTokens");
			assertThat(meter.getId().getTag("app")).isEqualTo("test");
		});
	}

	@Test
	void tagsShouldNameNeitherAKeyNorATokenWhileTheCacheHoldsThem() {
		this.tokenCache.put("tenant-7f3a/billing-api", "secret-8c1e-token", Duration.ofMinutes(10));
		this.tokenCache.get("tenant-7f3a/crm-api", (key) -> AccessToken.of("secret-4d2b-token", 3600));
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.tokenCache.get("tenant-7f3a/broken-api", (key) -> null));
		this.tokenCache.get("tenant-7f3a/absent-api");
		assertThat(gauge("cache.size")).isEqualTo(2);
		assertThat(this.registry.getMeters()).hasSize(8).allSatisfy((meter) -> {
			assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf("cache", "app", "result");
			assertThat(meter.getId().getTags()).extracting(Tag::getValue)
				.allSatisfy((value) -> assertThat(value).doesNotContain("tenant-7f3a", "secret-"));
		});
	}

	@Test
	void sizeShouldCountUsableTokensOnly() {
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret", Duration.ofHours(1));
		assertThat(gauge("cache.size")).isEqualTo(2);
		this.ticker.advance(Duration.ofMinutes(5));
		assertThat(gauge("cache.size")).isEqualTo(1);
	}

	@Test
	void getsShouldCountHitsAndMisses() {
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10));
		this.tokenCache.get("crm");
		this.tokenCache.get("crm");
		this.tokenCache.get("crm", (key) -> AccessToken.of("other", 60));
		this.tokenCache.get("absent");
		assertThat(this.registry.get("cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(3);
		assertThat(this.registry.get("cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
	}

	@Test
	void putsShouldCountPutsAndSuccessfulLoads() {
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10));
		this.tokenCache.get("billing", (key) -> AccessToken.of("secret", 60));
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.tokenCache.get("broken", (key) -> null));
		assertThat(this.registry.get("cache.puts").functionCounter().count()).isEqualTo(2);
	}

	@Test
	void evictionsShouldCountTokensOverTheMaximumSize() {
		for (int i = 1; i <= 5; i++) {
			this.tokenCache.put("key-" + i, "secret", Duration.ofMinutes(10 + i));
		}
		assertThat(this.registry.get("cache.evictions").functionCounter().count()).isEqualTo(2);
		assertThat(gauge("cache.size")).isEqualTo(3);
	}

	@Test
	void loadsShouldTimeSuccessesAndFailuresSeparately() {
		this.tokenCache.get("billing", (key) -> {
			this.ticker.advance(Duration.ofMillis(250));
			return AccessToken.of("secret", 3600);
		});
		this.tokenCache.get("crm", (key) -> {
			this.ticker.advance(Duration.ofMillis(150));
			return AccessToken.of("secret", 3600);
		});
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.tokenCache.get("broken", (key) -> {
			this.ticker.advance(Duration.ofSeconds(2));
			throw new IllegalStateException("identity provider down");
		}));
		FunctionTimer successes = this.registry.get("token.cache.loads").tag("result", "success").functionTimer();
		FunctionTimer failures = this.registry.get("token.cache.loads").tag("result", "failure").functionTimer();
		assertThat(successes.count()).isEqualTo(2);
		assertThat(successes.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
		assertThat(failures.count()).isEqualTo(1);
		assertThat(failures.totalTime(TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void nextRefreshShouldBeTheSecondsUntilTheSoonestRefreshPoint() {
		this.tokenCache.put("billing", "secret", Duration.ofHours(1));
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10), Duration.ofMinutes(1));
		assertThat(gauge("token.cache.next.refresh")).isEqualTo(540);
		this.ticker.advance(Duration.ofSeconds(39).plusMillis(500));
		assertThat(gauge("token.cache.next.refresh")).isEqualTo(500.5);
		this.ticker.advance(Duration.ofSeconds(500).plusMillis(500));
		assertThat(gauge("token.cache.next.refresh")).isEqualTo(3300 - 540);
	}

	@Test
	void nextRefreshShouldBeNaNWhenNoTokenIsUsable() {
		assertThat(gauge("token.cache.next.refresh")).isNaN();
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10));
		this.ticker.advance(Duration.ofMinutes(5));
		assertThat(gauge("token.cache.next.refresh")).isNaN();
	}

	@Test
	void nextRefreshShouldHaveSecondsAsItsBaseUnit() {
		Meter.Id id = this.registry.get("token.cache.next.refresh").gauge().getId();
		assertThat(id.getBaseUnit()).isEqualTo("seconds");
	}

	@Test
	void nextRefreshShouldNotOverflowForATokenThatNeverExpires() {
		this.tokenCache.put("forever", "secret", Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(gauge("token.cache.next.refresh")).isGreaterThan(Duration.ofDays(365 * 290).toSeconds());
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
