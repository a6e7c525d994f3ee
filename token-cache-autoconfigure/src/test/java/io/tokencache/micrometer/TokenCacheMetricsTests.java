package io.tokencache.micrometer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokencache.AccessToken;
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

	private final AtomicLong nanos = new AtomicLong();

	private final TokenCache tokenCache = TokenCache.builder()
		.ticker(this.nanos::get)
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
					"token.cache.loads", "token.cache.loads");
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> {
			assertThat(meter.getId().getTag("cache")).isEqualTo("billingTokens");
			assertThat(meter.getId().getTag("app")).isEqualTo("test");
		});
	}

	@Test
	void sizeShouldCountEntriesHeldUntilTheyAreRemoved() {
		this.tokenCache.put("crm", "secret", Duration.ofMinutes(10));
		this.tokenCache.put("billing", "secret", Duration.ofHours(1));
		assertThat(gauge("cache.size")).isEqualTo(2);
		this.nanos.set(Duration.ofMinutes(5).toNanos());
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
	void loadsShouldTimeSuccessesAndFailuresSeparately() {
		this.tokenCache.get("billing", (key) -> {
			this.nanos.addAndGet(Duration.ofMillis(250).toNanos());
			return AccessToken.of("secret", 3600);
		});
		this.tokenCache.get("crm", (key) -> {
			this.nanos.addAndGet(Duration.ofMillis(150).toNanos());
			return AccessToken.of("secret", 3600);
		});
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.tokenCache.get("broken", (key) -> {
			this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
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
			this.nanos.addAndGet(Duration.ofMillis(250).toNanos());
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
		TokenCache cache = TokenCache.builder().ticker(this.nanos::get).sweepInterval(Duration.ZERO).build();
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
