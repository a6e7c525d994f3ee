package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inside the refresh-ahead window, {@code get(key, loader)} returns the current token at once and
 * starts one background load; the window starts at a random moment in its first half. Time is a
 * fake ticker; loaders block on latches, so that "at once" means while the load is still running.
 */
class RefreshAheadTests {

	private static final Duration TTL = Duration.ofHours(1);

	/** With the default 5-minute buffer, a token put at 0 reaches its refresh point at 55 minutes. */
	private static final Duration REFRESH_POINT = Duration.ofMinutes(55);

	private static final Duration WINDOW = Duration.ofMinutes(4);

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.refreshAhead(WINDOW)
		.build();

	private final AtomicInteger calls = new AtomicInteger();

	private final CountDownLatch loading = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final TokenLoader blockingLoader = (key) -> {
		this.calls.incrementAndGet();
		this.loading.countDown();
		this.release.await();
		return AccessToken.of("fresh", 3600);
	};

	@AfterEach
	void releaseAndClose() {
		this.release.countDown();
		this.cache.close();
	}

	@Test
	void defaultWindowIsOneMinute() {
		assertThat(TestCaches.build(this.ticker).refreshAhead()).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.cache.refreshAhead()).isEqualTo(WINDOW);
	}

	@Test
	void refreshStartsInTheFirstHalfOfTheWindowAndNotBefore() {
		this.cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minus(WINDOW).minusNanos(1));
		assertThat(this.cache.get("k", this.blockingLoader)).isEqualTo("current");
		assertThat(this.cache.isLoading("k")).isFalse();
		this.ticker.advance(WINDOW.dividedBy(2).plusNanos(1));
		assertThat(this.cache.get("k", this.blockingLoader)).isEqualTo("current");
		assertThat(this.cache.isLoading("k")).isTrue();
	}

	@Test
	void startsAreSpreadOverTheFirstHalfOfTheWindow() {
		List<Long> starts = new ArrayList<>();
		long windowStart = REFRESH_POINT.minus(WINDOW).toNanos();
		long windowMiddle = windowStart + WINDOW.toNanos() / 2;
		for (int i = 0; i < 1000; i++) {
			// The clock may take its lead between the two reads: each start is bounded by both.
			long before = this.cache.now();
			this.cache.put("k" + i, "token", TTL);
			long after = this.cache.now();
			long start = this.cache.entry("k" + i).refreshAheadAt;
			assertThat(start).isBetween(before + windowStart, after + windowMiddle - 1);
			starts.add(start - before);
		}
		long tenth = WINDOW.toNanos() / 20;
		assertThat(starts.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThan(windowStart + tenth);
		assertThat(starts.stream().mapToLong(Long::longValue).max().getAsLong()).isGreaterThan(windowMiddle - tenth);
	}

	@Test
	void entryWindowEndsAtTheRefreshPointAndIsCappedAtHalfTheUsableLifetime() {
		long window = WINDOW.toNanos();
		Entry earliest = Entry.create("t", 0, TTL, Duration.ofMinutes(5), window, 0);
		assertThat(earliest.refreshAheadAt).isEqualTo(REFRESH_POINT.minus(WINDOW).toNanos());
		Entry latest = Entry.create("t", 0, TTL, Duration.ofMinutes(5), window, Math.nextDown(1.0));
		assertThat(latest.refreshAheadAt).isBetween(REFRESH_POINT.minus(WINDOW.dividedBy(2)).toNanos() - 1,
				REFRESH_POINT.minus(WINDOW.dividedBy(2)).toNanos());
		Entry shortToken = Entry.create("t", 0, Duration.ofSeconds(60), Duration.ofMinutes(5), window, 0);
		assertThat(shortToken.refreshAt).isEqualTo(Duration.ofSeconds(30).toNanos());
		assertThat(shortToken.refreshAheadAt).isEqualTo(Duration.ofSeconds(15).toNanos());
		Entry off = Entry.create("t", 0, TTL, Duration.ofMinutes(5), 0, 0.5);
		assertThat(off.refreshAheadAt).isEqualTo(off.refreshAt);
		Entry forever = Entry.create("t", 0, Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO, window, 0.5);
		assertThat(forever.refreshAheadAt).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void callersInTheWindowGetTheCurrentTokenAtOnceAndOneLoadReplacesIt() throws Exception {
		this.cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minus(WINDOW.dividedBy(2)));
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			callers.add(Caller.start("caller-" + i, () -> this.cache.get("k", this.blockingLoader)));
		}
		for (Caller caller : callers) {
			assertThat(caller.result()).isEqualTo("current");
		}
		this.loading.await();
		assertThat(this.cache.isLoading("k")).isTrue();
		assertThat(this.cache.stats().hitCount()).isEqualTo(16);
		assertThat(this.cache.stats().missCount()).isZero();
		this.release.countDown();
		Waiting.until(() -> !this.cache.isLoading("k"), "the refresh ended");
		assertThat(this.cache.get("k")).contains("fresh");
		assertThat(this.calls).hasValue(1);
		assertThat(this.cache.stats().refreshCount()).isOne();
		assertThat(this.cache.stats().loadSuccessCount()).isOne();
	}

	@Test
	void missWhileABackgroundRefreshRunsJoinsIt() throws Exception {
		this.cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minus(WINDOW.dividedBy(2)));
		assertThat(this.cache.get("k", this.blockingLoader)).isEqualTo("current");
		this.loading.await();
		this.ticker.advance(WINDOW);
		Caller late = Caller.start("late", () -> this.cache.get("k", this.blockingLoader));
		Waiting.untilParked(late.thread);
		this.release.countDown();
		assertThat(late.result()).isEqualTo("fresh");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void failedBackgroundRefreshKeepsServingTheCurrentTokenAndIsCounted() {
		this.cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minus(WINDOW.dividedBy(2)));
		TokenLoader failing = (key) -> {
			this.calls.incrementAndGet();
			throw new IllegalStateException("identity provider down");
		};
		assertThat(this.cache.get("k", failing)).isEqualTo("current");
		Waiting.until(() -> !this.cache.isLoading("k"), "the refresh ended");
		assertThat(this.cache.get("k", failing)).isEqualTo("current");
		assertThat(this.cache.get("k")).contains("current");
		assertThat(this.cache.stats().loadFailureCount()).isOne();
		assertThat(this.cache.stats().refreshCount()).isOne();
		assertThat(this.calls).as("backoff holds the next refresh").hasValue(1);
	}

	@Test
	void tokenPutWhileARefreshRunsIsNotOverwritten() throws Exception {
		this.cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minus(WINDOW.dividedBy(2)));
		assertThat(this.cache.get("k", this.blockingLoader)).isEqualTo("current");
		this.loading.await();
		this.cache.put("k", "put-meanwhile", TTL);
		this.release.countDown();
		Waiting.until(() -> !this.cache.isLoading("k"), "the refresh ended");
		assertThat(this.cache.get("k")).contains("put-meanwhile");
	}

	@Test
	void zeroTurnsRefreshAheadOff() throws Exception {
		DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
			.refreshAhead(Duration.ZERO)
			.build();
		cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minusNanos(1));
		assertThat(cache.get("k", this.blockingLoader)).isEqualTo("current");
		assertThat(cache.isLoading("k")).isFalse();
		this.ticker.advanceNanos(1);
		Caller caller = Caller.start("caller", () -> cache.get("k", this.blockingLoader));
		this.loading.await();
		Waiting.untilParked(caller.thread);
		this.release.countDown();
		assertThat(caller.result()).isEqualTo("fresh");
		cache.close();
	}

	@Test
	void getWithoutLoaderIgnoresTheWindowAndIsEmptyFromTheRefreshPoint() {
		this.cache.put("k", "current", TTL);
		this.ticker.advance(REFRESH_POINT.minusNanos(1));
		assertThat(this.cache.get("k")).contains("current");
		assertThat(this.cache.isLoading("k")).isFalse();
		this.ticker.advanceNanos(1);
		assertThat(this.cache.get("k")).isEmpty();
	}

}
