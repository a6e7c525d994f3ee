package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A built cache is initialised; {@code init()} is idempotent and safe concurrently;
 * open caches share one background thread, which ends when the last one closes; {@code close()}
 * empties a cache until {@code init()} reopens it.
 */
class LifecycleTests {

	private final List<TokenCache> caches = new ArrayList<>();

	@BeforeEach
	void noCacheIsOpen() {
		assertThat(schedulerUsers()).as("caches left open by an earlier test").isZero();
	}

	@AfterEach
	void closeCaches() {
		this.caches.forEach(TokenCache::close);
	}

	private TokenCache track(TokenCache cache) {
		this.caches.add(cache);
		return cache;
	}

	@Test
	void builtCacheIsInitialisedAndHoldsTheSharedThread() {
		TokenCache cache = track(TokenCache.builder().build());
		assertThat(schedulerUsers()).isOne();
		assertThat(CacheThreads.alive()).hasSize(1).allMatch((thread) -> thread.getName().equals(Scheduler.THREAD_NAME));
		cache.put("k", "token", Duration.ofHours(1));
		assertThat(cache.get("k")).contains("token");
	}

	@Test
	void tenCachesShareOneThread() {
		for (int i = 0; i < 10; i++) {
			track(TokenCache.builder().sweepInterval(Duration.ofMillis(1)).build());
		}
		assertThat(schedulerUsers()).isEqualTo(10);
		assertThat(CacheThreads.alive()).hasSize(1);
	}

	@Test
	void closingTheLastCacheLeavesNoThreadAlive() {
		TokenCache first = track(TokenCache.builder().sweepInterval(Duration.ofMillis(1)).build());
		TokenCache second = track(TokenCache.builder().build());
		Set<Thread> threads = CacheThreads.alive();
		assertThat(threads).hasSize(1);
		first.close();
		assertThat(threads).allMatch(Thread::isAlive);
		second.close();
		assertThat(threads).noneMatch(Thread::isAlive);
		assertThat(CacheThreads.alive()).isEmpty();
	}

	@Test
	void initIsIdempotent() {
		TokenCache cache = track(TokenCache.builder().build());
		cache.init();
		cache.init();
		assertThat(schedulerUsers()).isOne();
		cache.close();
		assertThat(CacheThreads.alive()).isEmpty();
	}

	@Test
	void concurrentInitHoldsTheThreadOnce() throws Exception {
		TokenCache cache = track(TokenCache.builder().build());
		cache.close();
		CyclicBarrier start = new CyclicBarrier(8);
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			callers.add(Caller.start("init-" + i, () -> {
				start.await();
				cache.init();
				return "initialised";
			}));
		}
		for (Caller caller : callers) {
			assertThat(caller.result()).isEqualTo("initialised");
		}
		assertThat(schedulerUsers()).isOne();
		assertThat(CacheThreads.alive()).hasSize(1);
	}

	@Test
	void closeRemovesTokensAndRejectsPutsAndLoads() {
		TokenCache cache = track(TestCaches.build(new FakeTicker()));
		cache.put("k", "token", Duration.ofHours(1));
		cache.close();
		AtomicInteger calls = new AtomicInteger();
		assertThat(cache.get("k")).isEmpty();
		assertThat(cache.stats().size()).isZero();
		assertThatIllegalStateException().isThrownBy(() -> cache.put("k", "token", Duration.ofHours(1)))
			.withMessageContaining("closed");
		assertThatIllegalStateException().isThrownBy(() -> cache.get("k", (key) -> {
			calls.incrementAndGet();
			return AccessToken.of("token", 60);
		})).withMessageContaining("closed");
		assertThat(calls).hasValue(0);
		cache.invalidate("k");
		cache.clear();
	}

	@Test
	void initReopensAClosedCache() {
		TokenCache cache = track(TokenCache.builder().build());
		cache.close();
		assertThat(CacheThreads.alive()).isEmpty();
		cache.init();
		assertThat(CacheThreads.alive()).hasSize(1);
		cache.put("k", "token", Duration.ofHours(1));
		assertThat(cache.get("k")).contains("token");
	}

	@Test
	void closeIsIdempotent() {
		TokenCache cache = track(TokenCache.builder().build());
		cache.close();
		cache.close();
		assertThat(schedulerUsers()).isZero();
		assertThat(cache.get("k")).isEmpty();
	}

	@Test
	void tryWithResourcesClosesTheCache() {
		try (TokenCache cache = TokenCache.builder().build()) {
			cache.put("k", "token", Duration.ofHours(1));
			assertThat(CacheThreads.alive()).hasSize(1);
		}
		assertThat(CacheThreads.alive()).isEmpty();
	}

	@Test
	void cacheOnFakeTimeWithoutSweepHoldsNoThread() {
		track(TestCaches.build(new FakeTicker()));
		assertThat(schedulerUsers()).isZero();
		assertThat(CacheThreads.alive()).isEmpty();
	}

	@Test
	void cacheOnFakeTimeWithSweepHoldsTheSharedThread() {
		track(TestCaches.builder(new FakeTicker()).sweepInterval(Duration.ofHours(1)).build());
		assertThat(schedulerUsers()).isOne();
		assertThat(CacheThreads.alive()).hasSize(1);
	}

	/** Every test starts with no cache of the JVM open, so that it can count the shared thread's users. */
	private static int schedulerUsers() {
		return Scheduler.shared().users();
	}


}
