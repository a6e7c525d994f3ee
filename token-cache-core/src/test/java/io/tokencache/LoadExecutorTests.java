package io.tokencache;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Loads run on the executor given to the builder, or on the cache's own pool: no thread while
 * nothing loads, and none left once {@code close()} returns.
 */
class LoadExecutorTests {

	private final FakeTicker ticker = new FakeTicker();

	@Test
	void loadsRunOnTheGivenExecutor() {
		AtomicInteger tasks = new AtomicInteger();
		TokenCache cache = TestCaches.builder(this.ticker).executor((task) -> {
			tasks.incrementAndGet();
			new Thread(task, "given-executor").start();
		}).build();
		assertThat(cache.get("k", (key) -> AccessToken.of(Thread.currentThread().getName(), 60)))
			.isEqualTo("given-executor");
		assertThat(tasks).hasValue(1);
		cache.close();
	}

	@Test
	void rejectedLoadFailsWithTheRejectionAsCauseOrServesTheUnexpiredToken() {
		RejectedExecutionException rejection = new RejectedExecutionException("saturated");
		TokenCache cache = TestCaches.builder(this.ticker).executor((task) -> {
			throw rejection;
		}).build();
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> cache.get("k", (key) -> AccessToken.of("token", 60)))
			.withMessage("Failed to start loading a token for key 'k'")
			.withCause(rejection);
		cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(cache.get("k", (key) -> AccessToken.of("token", 60))).isEqualTo("stale");
		cache.close();
	}

	@Test
	void ownPoolStartsNoThreadUntilALoad() {
		Set<Thread> before = loaderThreads();
		TokenCache cache = TokenCache.builder().build();
		cache.put("k", "token", Duration.ofHours(1));
		assertThat(cache.get("k", (key) -> AccessToken.of("loaded", 60))).isEqualTo("token");
		assertThat(startedSince(before)).isEmpty();
		cache.close();
	}

	@Test
	void closeInterruptsARunningLoadAndLeavesNoLoaderThreadAlive() throws Exception {
		TokenCache cache = TestCaches.build(this.ticker);
		CountDownLatch loading = new CountDownLatch(1);
		Set<Thread> before = loaderThreads();
		Caller caller = Caller.start("caller", () -> cache.get("k", (key) -> {
			loading.countDown();
			new CountDownLatch(1).await();
			return AccessToken.of("never", 60);
		}));
		loading.await();
		Set<Thread> started = startedSince(before);
		assertThat(started).hasSize(1);
		cache.close();
		assertThat(caller.failure()).isInstanceOf(TokenLoadException.class)
			.hasMessage("The cache was closed while loading the token of key 'k'");
		for (Thread thread : started) {
			thread.join(30_000);
		}
		assertThat(started).noneMatch(Thread::isAlive);
	}

	/**
	 * On the system clock: closing releases a caller whose load runs on the application's own
	 * executor at once, not at its timeout nor when the load ends, and the load, once it ends,
	 * stores nothing.
	 */
	@Test
	@Timeout(30)
	void closeReleasesCallersOfALoadOnTheApplicationsExecutor() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch ended = new CountDownLatch(1);
		TokenCache cache = TokenCache.builder()
			.loadTimeout(Duration.ofMinutes(10))
			.executor((task) -> new Thread(() -> {
				task.run();
				ended.countDown();
			}, "application-executor").start())
			.build();
		Caller caller = Caller.start("caller", () -> cache.get("k", (key) -> {
			loading.countDown();
			release.await();
			return AccessToken.of("late", 60);
		}));
		loading.await();
		cache.close();
		assertThat(caller.failure()).isInstanceOf(TokenLoadException.class)
			.hasMessage("The cache was closed while loading the token of key 'k'");
		release.countDown();
		ended.await();
		cache.init();
		assertThat(cache.get("k")).isEmpty();
		cache.close();
	}

	@Test
	void reopenedCacheLoadsAgain() {
		TokenCache cache = TestCaches.build(this.ticker);
		assertThat(cache.get("k", (key) -> AccessToken.of("first", 60))).isEqualTo("first");
		cache.close();
		cache.init();
		assertThat(cache.get("k", (key) -> AccessToken.of("second", 60))).isEqualTo("second");
		cache.close();
	}

	static Set<Thread> loaderThreads() {
		Set<Thread> threads = new HashSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith(OwnLoadExecutor.THREAD_NAME_PREFIX) && thread.isAlive()) {
				threads.add(thread);
			}
		}
		return threads;
	}

	private static Set<Thread> startedSince(Set<Thread> before) {
		Set<Thread> now = loaderThreads();
		now.removeAll(before);
		return now;
	}

}
