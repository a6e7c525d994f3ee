package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a miss the loader runs once per key at a time; callers of that key share its outcome, and
 * callers of other keys never wait for it. Real threads throughout.
 */
class SingleFlightTests {

	private static final int THREADS = 64;

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = TestCaches.build(this.ticker);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void releaseLoaders() {
		this.release.countDown();
	}

	@Test
	void sixtyFourCallersOfAnExpiredKeyCauseOneLoadAndAllGetItsToken() throws Exception {
		this.cache.put("k", "expired", Duration.ofMinutes(1), Duration.ZERO);
		this.ticker.advance(Duration.ofMinutes(1));
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger calling = new AtomicInteger();
		List<Caller> callers = new ArrayList<>();
		TokenLoader loader = (key) -> {
			calls.incrementAndGet();
			Waiting.until(() -> calling.get() == THREADS, "every caller has called");
			Waiting.untilParked(othersThan(callers, Thread.currentThread()));
			return AccessToken.of("fresh", 3600);
		};
		CyclicBarrier start = new CyclicBarrier(THREADS);
		synchronized (callers) {
			for (int i = 0; i < THREADS; i++) {
				callers.add(Caller.start("caller-" + i, () -> {
					start.await();
					calling.incrementAndGet();
					return this.cache.get("k", loader);
				}));
			}
		}
		for (Caller caller : callers) {
			assertThat(caller.result()).isEqualTo("fresh");
		}
		assertThat(calls).hasValue(1);
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.loadSuccessCount()).isOne();
		assertThat(stats.missCount()).isEqualTo(THREADS);
	}

	@Test
	void waitersReceiveTheSameFailure() throws Exception {
		IllegalStateException failure = new IllegalStateException("identity provider down");
		AtomicInteger calls = new AtomicInteger();
		List<Caller> callers = new ArrayList<>();
		TokenLoader loader = (key) -> {
			calls.incrementAndGet();
			Waiting.untilParked(othersThan(callers, Thread.currentThread()));
			throw failure;
		};
		synchronized (callers) {
			for (int i = 0; i < 8; i++) {
				callers.add(Caller.start("caller-" + i, () -> this.cache.get("k", loader)));
			}
		}
		for (Caller caller : callers) {
			assertThat(caller.failure()).isInstanceOf(TokenLoadException.class)
				.hasMessage("Failed to load a token for key 'k'")
				.cause()
				.isSameAs(failure);
		}
		assertThat(calls).hasValue(1);
		assertThat(this.cache.stats().loadFailureCount()).isOne();
		assertThat(this.cache.entryCount()).isZero();
	}

	/**
	 * An Error is not a load failure: every caller of the load, the one that started it and those
	 * that joined, gets the same Error unwrapped; nothing is counted, cached or backed off.
	 */
	@Test
	void errorReachesEveryWaiterUnwrappedAndIsNotCountedAsAFailure() throws Exception {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		AssertionError error = new AssertionError("bug in loader");
		AtomicInteger calls = new AtomicInteger();
		List<Caller> callers = new ArrayList<>();
		TokenLoader loader = (key) -> {
			calls.incrementAndGet();
			Waiting.untilParked(othersThan(callers, Thread.currentThread()));
			throw error;
		};
		synchronized (callers) {
			for (int i = 0; i < 8; i++) {
				callers.add(Caller.start("caller-" + i, () -> this.cache.get("k", loader)));
			}
		}
		for (Caller caller : callers) {
			assertThat(caller.failure()).isSameAs(error);
		}
		assertThat(calls).hasValue(1);
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.loadFailureCount()).isZero();
		assertThat(stats.loadSuccessCount()).isZero();
		assertThat(this.cache.get("k", (key) -> AccessToken.of("fresh", 3600))).as("no backoff").isEqualTo("fresh");
	}

	@Test
	void waitersReceiveTheStaleTokenWhenTheLoadFails() throws Exception {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		List<Caller> callers = new ArrayList<>();
		TokenLoader loader = (key) -> {
			Waiting.untilParked(othersThan(callers, Thread.currentThread()));
			throw new IllegalStateException("down");
		};
		synchronized (callers) {
			for (int i = 0; i < 8; i++) {
				callers.add(Caller.start("caller-" + i, () -> this.cache.get("k", loader)));
			}
		}
		for (Caller caller : callers) {
			assertThat(caller.result()).isEqualTo("stale");
		}
		assertThat(this.cache.stats().loadFailureCount()).isOne();
	}

	@Test
	void loaderBlockedOnOneKeyDoesNotDelayAnotherKey() throws Exception {
		CountDownLatch loadingA = new CountDownLatch(1);
		Caller a = Caller.start("a", () -> this.cache.get("A", (key) -> {
			loadingA.countDown();
			this.release.await();
			return AccessToken.of("token-a", 3600);
		}));
		loadingA.await();
		Caller b = Caller.start("b", () -> this.cache.get("B", (key) -> AccessToken.of("token-b", 3600)));
		assertThat(b.result()).isEqualTo("token-b");
		assertThat(a.outcome).isNotDone();
		this.release.countDown();
		assertThat(a.result()).isEqualTo("token-a");
	}

	@Test
	void otherOperationsDoNotWaitForALoadInProgress() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		Caller loader = Caller.start("loader", () -> this.cache.get("A", (key) -> {
			loading.countDown();
			this.release.await();
			return AccessToken.of("token-a", 3600);
		}));
		loading.await();
		Caller others = Caller.start("others", () -> {
			this.cache.put("B", "token-b", Duration.ofHours(1));
			this.cache.get("A");
			this.cache.stats();
			this.cache.entries();
			this.cache.invalidate("A");
			this.cache.sweep();
			this.cache.clear();
			return "done";
		});
		assertThat(others.result()).isEqualTo("done");
		assertThat(loader.outcome).isNotDone();
		this.release.countDown();
		assertThat(loader.result()).isEqualTo("token-a");
	}

	@Test
	void loadsOfDifferentKeysRunAtTheSameTime() throws Exception {
		CyclicBarrier bothLoading = new CyclicBarrier(2);
		TokenLoader loader = (key) -> {
			bothLoading.await(30, TimeUnit.SECONDS);
			return AccessToken.of("token-" + key, 3600);
		};
		Caller a = Caller.start("a", () -> this.cache.get("A", loader));
		Caller b = Caller.start("b", () -> this.cache.get("B", loader));
		assertThat(a.result()).isEqualTo("token-A");
		assertThat(b.result()).isEqualTo("token-B");
	}

	@Test
	void tokenPutWhileTheLoaderRunsIsNotOverwrittenByTheLoad() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		Caller loader = Caller.start("loader", () -> this.cache.get("k", (key) -> {
			loading.countDown();
			this.release.await();
			return AccessToken.of("loaded", 3600);
		}));
		loading.await();
		this.cache.put("k", "put-meanwhile", Duration.ofHours(1));
		this.release.countDown();
		assertThat(loader.result()).isEqualTo("put-meanwhile");
		assertThat(this.cache.get("k")).contains("put-meanwhile");
		assertThat(this.cache.stats().loadSuccessCount()).isOne();
	}

	@Test
	void tokenInvalidatedWhileTheLoaderRunsIsReplacedByTheLoad() throws Exception {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		CountDownLatch loading = new CountDownLatch(1);
		Caller loader = Caller.start("loader", () -> this.cache.get("k", (key) -> {
			loading.countDown();
			this.release.await();
			return AccessToken.of("loaded", 3600);
		}));
		loading.await();
		this.cache.invalidate("k");
		this.release.countDown();
		assertThat(loader.result()).isEqualTo("loaded");
		assertThat(this.cache.get("k")).contains("loaded");
	}

	@Test
	void callerAfterACompletedLoadHitsWithoutLoading() {
		AtomicInteger calls = new AtomicInteger();
		TokenLoader loader = (key) -> AccessToken.of("token-" + calls.incrementAndGet(), 3600);
		assertThat(this.cache.get("k", loader)).isEqualTo("token-1");
		assertThat(this.cache.get("k", loader)).isEqualTo("token-1");
		assertThat(calls).hasValue(1);
		assertThat(this.cache.stats().hitCount()).isOne();
	}

	private static List<Thread> othersThan(List<Caller> callers, Thread current) {
		synchronized (callers) {
			return callers.stream().map((caller) -> caller.thread).filter((thread) -> thread != current).toList();
		}
	}

}
