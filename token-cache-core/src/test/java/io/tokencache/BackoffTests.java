package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * After the {@code n}-th failed load of a key in a row, the loader is not called for that key for
 * a jittered {@code min(max, initial * 2^(n-1))}, between half of it and all of it. Meanwhile
 * callers get the unexpired token, or at once an exception caused by the last failure. A
 * success, put, invalidate or clear ends the backoff. Time is a fake ticker.
 */
class BackoffTests {

	private static final Duration INITIAL = Duration.ofSeconds(1);

	private static final Duration MAX = Duration.ofSeconds(8);

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.backoff(INITIAL, MAX)
		.build();

	private final AtomicInteger calls = new AtomicInteger();

	private volatile boolean failing = true;

	private final TokenLoader loader = (key) -> {
		int call = this.calls.incrementAndGet();
		if (this.failing) {
			throw new IllegalStateException("failure " + call);
		}
		return AccessToken.of("token-" + call, 3600);
	};

	@AfterEach
	void close() {
		this.cache.close();
	}

	@Test
	void defaultsAreOneSecondGrowingToThirtySeconds() {
		assertThat(TokenCacheBuilder.DEFAULT_BACKOFF_INITIAL).isEqualTo(Duration.ofSeconds(1));
		assertThat(TokenCacheBuilder.DEFAULT_BACKOFF_MAX).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void callDuringTheBackoffFailsAtOnceWithTheLastFailureAndDoesNotCallTheLoader() {
		IllegalStateException first = failOnce();
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader))
			.withMessageStartingWith("Not loading a token for key 'k': backing off after 1 failed load(s) in a row, "
					+ "next try in ")
			.withCause(first);
		assertThat(this.calls).hasValue(1);
		assertThat(this.cache.stats().backoffCount()).isOne();
		assertThat(this.cache.stats().loadFailureCount()).isOne();
	}

	@Test
	void waitDoublesAfterEachFailureInARowUpToTheMaximum() {
		long[] expectedWaits = { 1, 2, 4, 8, 8, 8 };
		for (long wait : expectedWaits) {
			failOnce();
			Duration full = Duration.ofSeconds(wait);
			this.ticker.advance(full.dividedBy(2).minusNanos(1));
			assertLoaderNotCalled();
			this.ticker.advance(full.dividedBy(2).plusNanos(1));
		}
		assertThat(this.calls).hasValue(expectedWaits.length);
	}

	@Test
	void jitteredWaitsStayBetweenHalfAndAllOfTheUnjitteredOne() {
		Backoffs backoffs = new Backoffs(INITIAL, MAX);
		long max = MAX.toNanos();
		for (int i = 0; i < 1000; i++) {
			assertThat(backoffs.delayNanos(1)).isBetween(INITIAL.toNanos() / 2, INITIAL.toNanos());
			assertThat(backoffs.delayNanos(3)).isBetween(INITIAL.toNanos() * 2, INITIAL.toNanos() * 4);
			assertThat(backoffs.delayNanos(Integer.MAX_VALUE)).isBetween(max / 2, max);
		}
	}

	@Test
	void unexpiredTokenIsServedDuringTheBackoffWithoutCallingTheLoader() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("k", this.loader)).isEqualTo("stale");
		assertThat(this.cache.get("k", this.loader)).isEqualTo("stale");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void successEndsTheBackoff() {
		failOnce();
		this.ticker.advance(INITIAL);
		failOnce();
		this.ticker.advance(INITIAL.multipliedBy(2));
		this.failing = false;
		assertThat(this.cache.get("k", this.loader)).isEqualTo("token-3");
		this.ticker.advance(Duration.ofHours(1));
		this.failing = true;
		failOnce();
		this.ticker.advance(INITIAL);
		failOnce();
		assertThat(this.calls).as("the wait started again at the initial one").hasValue(5);
	}

	@Test
	void putEndsTheBackoff() {
		assertResets((cache) -> {
			cache.put("k", "put", Duration.ofNanos(2), Duration.ZERO);
			this.ticker.advanceNanos(2);
		});
	}

	@Test
	void invalidateEndsTheBackoff() {
		assertResets((cache) -> cache.invalidate("k"));
	}

	@Test
	void clearEndsTheBackoff() {
		assertResets(TokenCache::clear);
	}

	@Test
	void otherKeysAreNotHeldBack() {
		failOnce();
		this.failing = false;
		assertThat(this.cache.get("other", this.loader)).isEqualTo("token-2");
	}

	@Test
	void zeroInitialWaitTurnsBackoffOff() {
		DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
			.backoff(Duration.ZERO, Duration.ZERO)
			.build();
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("k", this.loader));
		}
		assertThat(this.calls).hasValue(3);
		cache.close();
	}

	@Test
	void sweepForgetsBackoffsLongOver() {
		failOnce();
		this.ticker.advance(MAX.multipliedBy(3));
		this.cache.sweep();
		failOnce();
		this.ticker.advance(INITIAL);
		failOnce();
		assertThat(this.calls).hasValue(3);
	}

	private void assertResets(Consumer<TokenCache> reset) {
		this.ticker.advance(Duration.ofSeconds(1));
		failOnce();
		reset.accept(this.cache);
		failOnce();
		assertThat(this.calls).hasValue(2);
	}

	/** Calls the loader, which fails; the caller gets its failure as the cause. */
	private IllegalStateException failOnce() {
		int before = this.calls.get();
		TokenLoadException failure = (TokenLoadException) catchThrowable(() -> this.cache.get("k", this.loader));
		assertThat(failure).isNotNull();
		assertThat(this.calls).as("the loader was called").hasValue(before + 1);
		return (IllegalStateException) failure.getCause();
	}

	private void assertLoaderNotCalled() {
		int before = this.calls.get();
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", this.loader));
		assertThat(this.calls).hasValue(before);
	}

}
