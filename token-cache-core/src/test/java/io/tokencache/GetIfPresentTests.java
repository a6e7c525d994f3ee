package io.tokencache;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@code getIfPresent(key, loader)} never waits for a load: it answers a usable token, starting
 * the refresh-ahead load inside the window, and a miss loads nothing. Time is a fake ticker;
 * the refresh blocks on a latch, so that "at once" means while it is still running.
 */
@Timeout(30)
class GetIfPresentTests {

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.refreshAhead(Duration.ofMinutes(4))
		.build();

	private final AtomicInteger calls = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private final TokenLoader loader = (key) -> {
		this.calls.incrementAndGet();
		this.release.await();
		return AccessToken.of("fresh", 3600);
	};

	@AfterEach
	void close() {
		this.release.countDown();
		this.cache.close();
	}

	@Test
	void freshTokenIsAHitAndStartsNothing() {
		this.cache.put("k", "current", Duration.ofHours(1));
		assertThat(this.cache.getIfPresent("k", this.loader)).contains("current");
		assertThat(this.cache.isLoading("k")).isFalse();
		assertThat(this.cache.stats().hitCount()).isOne();
	}

	@Test
	void insideTheWindowTheTokenIsAnsweredAtOnceAndOneRefreshStarts() throws Exception {
		this.cache.put("k", "current", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(53));
		assertThat(this.cache.getIfPresent("k", this.loader)).contains("current");
		assertThat(this.cache.getIfPresent("k", this.loader)).contains("current");
		assertThat(this.cache.isLoading("k")).isTrue();
		this.release.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (this.cache.get("k").filter("fresh"::equals).isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(this.cache.get("k")).contains("fresh");
		assertThat(this.calls).hasValue(1);
		assertThat(this.cache.stats().refreshCount()).isOne();
	}

	@Test
	void missLoadsNothing() {
		assertThat(this.cache.getIfPresent("k", this.loader)).isEmpty();
		this.cache.put("k", "current", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(56));
		assertThat(this.cache.getIfPresent("k", this.loader)).isEmpty();
		assertThat(this.cache.isLoading("k")).isFalse();
		assertThat(this.calls).hasValue(0);
		assertThat(this.cache.stats().missCount()).isEqualTo(2);
	}

	@Test
	void argumentsAreRequired() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.getIfPresent("k", null)).withMessage("loader");
		assertThatNullPointerException().isThrownBy(() -> this.cache.getIfPresent(null, this.loader));
	}

}
