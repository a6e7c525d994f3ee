package io.tokencache;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A loader fails by throwing, returning {@code null}, or building an invalid
 * {@link AccessToken}. The caller gets a {@link TokenLoadException} carrying the cause, nothing
 * is cached, and the failure is counted; an unexpired token is served instead if there is one.
 * Backoff is off here, so that each call reaches the loader; {@link BackoffTests} tests it.
 */
class LoaderFailureTests {

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.backoff(Duration.ZERO, Duration.ZERO)
		.build();

	private final AtomicInteger calls = new AtomicInteger();

	private TokenLoader failingWith(Exception failure) {
		return (key) -> {
			this.calls.incrementAndGet();
			throw failure;
		};
	}

	@Test
	void loaderExceptionBecomesTheCause() {
		IllegalStateException failure = new IllegalStateException("identity provider down");
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", failingWith(failure)))
			.withMessage("Failed to load a token for key 'k'")
			.withCause(failure);
	}

	@Test
	void checkedExceptionFromLoaderBecomesTheCause() {
		IOException failure = new IOException("connection refused");
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", failingWith(failure)))
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
	}

	@Test
	void nullFromLoaderFailsTheLoad() {
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", (key) -> null))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("TokenLoader returned null");
	}

	@Test
	void blankAccessTokenFromLoaderFailsTheLoad() {
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.cache.get("k", (key) -> new AccessToken(" ", Duration.ofHours(1))))
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessage("value must not be blank");
	}

	@Test
	void nonPositiveExpiresInFromLoaderFailsTheLoad() {
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.cache.get("k", (key) -> AccessToken.of("token", 0)))
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.cache.get("k", (key) -> new AccessToken("token", Duration.ofSeconds(-30))))
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(this.cache.stats().loadFailureCount()).isEqualTo(2);
	}

	@Test
	void failedLoadCachesNothingSoTheNextCallLoadsAgain() {
		TokenLoader loader = failingWith(new IllegalStateException("down"));
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", loader));
		assertThat(this.cache.get("k")).isEmpty();
		assertThat(this.cache.entryCount()).isZero();
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", loader));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void failedLoadCountsAsFailureAndNotAsSuccessOrPut() {
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.cache.get("k", failingWith(new IllegalStateException("down"))));
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.loadFailureCount()).isOne();
		assertThat(stats.loadSuccessCount()).isZero();
		assertThat(stats.putCount()).isZero();
		assertThat(stats.size()).isZero();
	}

	@Test
	void staleTokenIsServedWhenLoadFailsBeforeItsRealExpiry() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("k")).isEmpty();
		assertThat(this.cache.get("k", failingWith(new IllegalStateException("down")))).isEqualTo("stale");
		assertThat(this.calls).hasValue(1);
		assertThat(this.cache.stats().loadFailureCount()).isOne();
	}

	@Test
	void servingAStaleTokenDoesNotMakeItUsableAgain() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		TokenLoader loader = failingWith(new IllegalStateException("down"));
		this.cache.get("k", loader);
		assertThat(this.cache.get("k")).isEmpty();
		assertThat(this.cache.get("k", loader)).isEqualTo("stale");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void staleTokenIsNotServedOnceItHasExpired() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(10));
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.cache.get("k", failingWith(new IllegalStateException("down"))));
	}

	@Test
	void successfulLoadReplacesTheStaleToken() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("k", (key) -> AccessToken.of("fresh", 3600))).isEqualTo("fresh");
		assertThat(this.cache.get("k")).contains("fresh");
	}

	@Test
	void errorThrownByLoaderPropagatesAndCachesNothing() {
		AssertionError error = new AssertionError("bug in loader");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.cache.get("k", (key) -> {
			throw error;
		})).isSameAs(error);
		assertThat(this.cache.entryCount()).isZero();
		assertThat(this.cache.get("k", (key) -> AccessToken.of("token", 60))).isEqualTo("token");
	}

}
