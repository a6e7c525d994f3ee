package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every caller waits for a load, its own or one it joined, for at most the load timeout, and
 * then gets the unexpired token or a {@link TokenLoadException} caused by a
 * {@link TimeoutException}; the load goes on and stores its token. The loader here blocks until
 * released, as a hung identity provider would; time is a fake ticker.
 */
class LoadTimeoutTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.loadTimeout(TIMEOUT)
		.build();

	private final AtomicInteger calls = new AtomicInteger();

	private final CountDownLatch loading = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final TokenLoader hungLoader = (key) -> {
		this.calls.incrementAndGet();
		this.loading.countDown();
		this.release.await();
		return AccessToken.of("late", 3600);
	};

	@AfterEach
	void releaseAndClose() {
		this.release.countDown();
		this.cache.close();
	}

	/**
	 * On the real clock, as in production: a 200 ms timeout releases both callers, the owner and
	 * one that joined, never before 200 ms and well within a second on a loaded machine.
	 */
	@Test
	@Timeout(60)
	void realTimeoutReleasesCallersNeverEarlyAndWithinASecond() throws Exception {
		Duration timeout = Duration.ofMillis(200);
		try (TokenCache real = TokenCache.builder().loadTimeout(timeout).build()) {
			long start = System.nanoTime();
			Caller owner = Caller.start("owner", () -> real.get("k", this.hungLoader));
			this.loading.await();
			Caller joined = Caller.start("joined", () -> real.get("k", this.hungLoader));
			for (Caller caller : List.of(owner, joined)) {
				assertThat(caller.failure()).isInstanceOf(TokenLoadException.class)
					.hasCauseInstanceOf(TimeoutException.class);
			}
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			assertThat(waited).isGreaterThanOrEqualTo(timeout).isLessThan(Duration.ofSeconds(1));
			assertThat(this.calls).hasValue(1);
		}
	}

	@Test
	void defaultIsFiveSeconds() {
		assertThat(TestCaches.build(this.ticker).loadTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void callersAreReleasedAtTheTimeoutAndNotBefore() throws Exception {
		List<Caller> callers = startCallers(8);
		this.ticker.advance(TIMEOUT.minusNanos(1));
		waitUntilEveryCallerReadTheTicker(callers);
		assertThat(callers).allSatisfy((caller) -> assertThat(caller.outcome).isNotDone());
		this.ticker.advanceNanos(1);
		for (Caller caller : callers) {
			assertThat(caller.failure()).isInstanceOf(TokenLoadException.class)
				.hasMessage("Timed out waiting for the token of key 'k'")
				.cause()
				.isInstanceOf(TimeoutException.class)
				.hasMessageContaining("took longer than PT5S");
		}
		assertThat(this.cache.isLoading("k")).isTrue();
		assertThat(this.calls).hasValue(1);
		assertThat(this.cache.stats().loadTimeoutCount()).isEqualTo(8);
		assertThat(this.cache.stats().loadFailureCount()).as("the load itself has not failed").isZero();
	}

	@Test
	void loadThatCompletesAfterTheTimeoutStillStoresItsToken() throws Exception {
		List<Caller> callers = startCallers(2);
		this.ticker.advance(TIMEOUT);
		for (Caller caller : callers) {
			assertThat(caller.failure()).isInstanceOf(TokenLoadException.class);
		}
		this.release.countDown();
		Waiting.until(() -> this.cache.get("k").isPresent(), "the late load stored its token");
		assertThat(this.cache.get("k", this.hungLoader)).isEqualTo("late");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void callerAfterATimeoutJoinsTheLoadStillRunning() throws Exception {
		Caller first = startCallers(1).get(0);
		this.ticker.advance(TIMEOUT);
		assertThat(first.failure()).isInstanceOf(TokenLoadException.class);
		Caller second = Caller.start("second", () -> this.cache.get("k", this.hungLoader));
		Waiting.untilParked(second.thread);
		this.release.countDown();
		assertThat(second.result()).isEqualTo("late");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void unexpiredTokenIsServedAtTheTimeout() throws Exception {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		List<Caller> callers = startCallers(4);
		this.ticker.advance(TIMEOUT);
		for (Caller caller : callers) {
			assertThat(caller.result()).isEqualTo("stale");
		}
	}

	@Test
	void timeoutTooLongToRepresentMeansNone() throws Exception {
		TokenCache cache = TestCaches.builder(this.ticker).loadTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
		Caller caller = Caller.start("caller", () -> cache.get("k", this.hungLoader));
		this.loading.await();
		Waiting.untilParked(caller.thread);
		this.ticker.advance(Duration.ofDays(100_000));
		assertThat(caller.thread.getState()).as("an untimed wait").isEqualTo(Thread.State.WAITING);
		this.release.countDown();
		assertThat(caller.result()).isEqualTo("late");
		cache.close();
	}

	@Test
	void timeoutIsMeasuredOnTheSystemTickerInProduction() {
		TokenCache cache = TokenCache.builder().loadTimeout(Duration.ofMillis(50)).build();
		try {
			assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("k", this.hungLoader))
				.withCauseInstanceOf(TimeoutException.class);
		}
		finally {
			this.release.countDown();
			cache.close();
		}
	}

	private List<Caller> startCallers(int count) throws InterruptedException {
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			callers.add(Caller.start("caller-" + i, () -> this.cache.get("k", this.hungLoader)));
		}
		this.loading.await();
		Waiting.untilParked(callers.stream().map((caller) -> caller.thread).toList());
		return callers;
	}

	/** A waiter reads the ticker once per poll: two more reads each prove every one saw the new time. */
	/**
	 * A waiter reads the ticker once, to set its deadline, and then parks: from then on only a
	 * move of the ticker releases it.
	 */
	private void waitUntilEveryCallerReadTheTicker(List<Caller> callers) {
		for (Caller caller : callers) {
			Waiting.until(() -> this.ticker.reads(caller.thread) >= 1, caller.thread.getName() + " read the time");
			Waiting.untilParked(caller.thread);
		}
	}

}
