package io.tokencache.micrometer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokencache.AccessToken;
import io.tokencache.FakeTicker;
import io.tokencache.LoadTroubles;
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

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache tokenCache = TokenCache.builder()
		.ticker(this.ticker)
		.maximumSize(3)
		.sweepInterval(Duration.ZERO)
		.build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void bind() {
		new TokenCacheMetrics(this.tokenCache, "billingTokens", Tags.of("app", "test")).bindTo(this.registry);
	}

	@AfterEach
	void close() {
		this.tokenCache.close();
	}

	@Test
	void everyMeterShouldBeTaggedWithTheCacheNameAndTheGivenTags() {
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactlyInAnyOrder("cache.size", "cache.gets", "cache.gets", "cache.puts", "cache.evictions",
					"token.cache.loads", "token.cache.loads", "token.cache.refreshes", "token.cache.load.timeouts",
					"token.cache.backoffs");
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
		assertThat(this.registry.get("cache.size").gauge().value()).isEqualTo(2);
		assertThat(this.registry.getMeters()).hasSize(10).allSatisfy((meter) -> {
			assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf("cache", "app", "result");
			assertThat(meter.getId().getTags()).extracting(Tag::getValue)
				.allSatisfy((value) -> assertThat(value).doesNotContain("tenant-7f3a", "secret-"));
		});
	}

	@Test
	void sizeShouldCountEntriesHeldUntilTheyAreRemoved() {
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret", Duration.ofHours(1));
		assertThat(gauge("cache.size")).isEqualTo(2);
		this.ticker.advance(Duration.ofMinutes(5));
		assertThat(gauge("cache.size")).isEqualTo(2);
		this.tokenCache.invalidate("crm");
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
	void countersShouldCountRefreshesTimeoutsAndBackoffs() {
		LoadTroubles.causeOneRefreshOneTimeoutAndOneBackoff(this.tokenCache, this.ticker);
		assertThat(this.registry.get("token.cache.refreshes").functionCounter().count()).isEqualTo(1);
		assertThat(this.registry.get("token.cache.load.timeouts").functionCounter().count()).isEqualTo(1);
		assertThat(this.registry.get("token.cache.backoffs").functionCounter().count()).isEqualTo(1);
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
		Timer successes = this.registry.get("token.cache.loads").tag("result", "success").timer();
		Timer failures = this.registry.get("token.cache.loads").tag("result", "failure").timer();
		assertThat(successes.count()).isEqualTo(2);
		assertThat(successes.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
		assertThat(failures.count()).isEqualTo(1);
		assertThat(failures.totalTime(TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void loadsShouldBeATimerWithAMax() {
		this.tokenCache.get("billing", (key) -> {
			this.ticker.advance(Duration.ofMillis(250));
			return AccessToken.of("secret", 3600);
		});
		Timer successes = this.registry.get("token.cache.loads").tag("result", "success").timer();
		assertThat(successes.max(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void bindingTwiceToTheSameRegistryShouldNotCountLoadsTwice() {
		new TokenCacheMetrics(this.tokenCache, "billingTokens", Tags.of("app", "test")).bindTo(this.registry);
		this.tokenCache.get("billing", (key) -> AccessToken.of("secret", 3600));
		assertThat(this.registry.get("token.cache.loads").tag("result", "success").timer().count()).isOne();
	}

	@Test
	void everyRegistryShouldGetItsOwnLoadTimers() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		new TokenCacheMetrics(this.tokenCache, "billingTokens", Tags.empty()).bindTo(other);
		this.tokenCache.get("billing", (key) -> AccessToken.of("secret", 3600));
		assertThat(this.registry.get("token.cache.loads").tag("result", "success").timer().count()).isOne();
		assertThat(other.get("token.cache.loads").tag("result", "success").timer().count()).isOne();
	}

	@Test
	void loadsBeforeBindingShouldBeCountedByTheCacheButNotTimed() {
		TokenCache cache = TokenCache.builder().ticker(this.ticker).sweepInterval(Duration.ZERO).build();
		try (cache) {
			cache.get("early", (key) -> AccessToken.of("secret", 3600));
			new TokenCacheMetrics(cache, "late", Tags.empty()).bindTo(this.registry);
			cache.get("later", (key) -> AccessToken.of("secret", 3600));
			assertThat(this.registry.get("token.cache.loads").tag("cache", "late").tag("result", "success").timer().count())
				.isOne();
			assertThat(cache.counters().loadSuccessCount()).isEqualTo(2);
		}
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
