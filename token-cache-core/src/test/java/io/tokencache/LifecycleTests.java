package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A built cache is initialised; {@code init()} is idempotent and safe concurrently;
 * {@code close()} stops the cache's thread and empties it until {@code init()} reopens it.
 */
class LifecycleTests {

	private final List<TokenCache> caches = new ArrayList<>();

	@AfterEach
	void closeCaches() {
		this.caches.forEach(TokenCache::close);
	}

	private TokenCache track(TokenCache cache) {
		this.caches.add(cache);
		return cache;
	}

	@Test
	void builtCacheIsInitialisedAndRunsOneThread() {
		Set<Thread> before = CacheThreads.alive();
		TokenCache cache = track(TokenCache.builder().build());
		assertThat(CacheThreads.startedSince(before)).hasSize(1);
		cache.put("k", "token", Duration.ofHours(1));
		assertThat(cache.get("k")).contains("token");
	}

	@Test
	void closeLeavesNoThreadOfTheCacheAlive() {
		Set<Thread> before = CacheThreads.alive();
		TokenCache cache = track(TokenCache.builder().sweepInterval(Duration.ofMillis(1)).build());
		Set<Thread> started = CacheThreads.startedSince(before);
		assertThat(started).hasSize(1);
		cache.close();
		assertThat(started).noneMatch(Thread::isAlive);
	}

	@Test
	void initIsIdempotent() {
		Set<Thread> before = CacheThreads.alive();
		TokenCache cache = track(TokenCache.builder().build());
		cache.init();
		cache.init();
		assertThat(CacheThreads.startedSince(before)).hasSize(1);
	}

	@Test
	void concurrentInitStartsOneThread() throws Exception {
		TokenCache cache = track(TokenCache.builder().build());
		cache.close();
		Set<Thread> before = CacheThreads.alive();
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
		assertThat(CacheThreads.startedSince(before)).hasSize(1);
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
		Set<Thread> before = CacheThreads.alive();
		TokenCache cache = track(TokenCache.builder().build());
		cache.close();
		cache.init();
		assertThat(CacheThreads.startedSince(before)).hasSize(1);
		cache.put("k", "token", Duration.ofHours(1));
		assertThat(cache.get("k")).contains("token");
	}

	@Test
	void closeIsIdempotent() {
		TokenCache cache = track(TokenCache.builder().build());
		cache.close();
		cache.close();
		assertThat(cache.get("k")).isEmpty();
	}

	@Test
	void tryWithResourcesClosesTheCache() {
		Set<Thread> before = CacheThreads.alive();
		try (TokenCache cache = TokenCache.builder().build()) {
			cache.put("k", "token", Duration.ofHours(1));
			assertThat(CacheThreads.startedSince(before)).hasSize(1);
		}
		assertThat(CacheThreads.startedSince(before)).isEmpty();
	}

	@Test
	void cacheOnFakeTimeWithoutSweepRunsNoThread() {
		Set<Thread> before = CacheThreads.alive();
		track(TestCaches.build(new FakeTicker()));
		assertThat(CacheThreads.startedSince(before)).isEmpty();
	}

	@Test
	void cacheOnFakeTimeWithSweepRunsOneThread() {
		Set<Thread> before = CacheThreads.alive();
		track(TestCaches.builder(new FakeTicker()).sweepInterval(Duration.ofHours(1)).build());
		assertThat(CacheThreads.startedSince(before)).hasSize(1);
	}

}
