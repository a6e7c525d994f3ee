package io.tokencache;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code maximumSize} bounds the cache: expired entries go first, then those that expire
 * soonest.
 */
class EvictionTests {

	private final FakeTicker ticker = new FakeTicker();

	private DefaultTokenCache cacheOfSize(int maximumSize) {
		return (DefaultTokenCache) TestCaches.builder(this.ticker).maximumSize(maximumSize).build();
	}

	@Test
	void defaultMaximumSizeIsTenThousand() {
		DefaultTokenCache cache = TestCaches.build(this.ticker);
		for (int i = 0; i <= 10_000; i++) {
			cache.put("key-" + i, "token", Duration.ofHours(1).plusSeconds(i));
		}
		assertThat(cache.entryCount()).isEqualTo(10_000);
		assertThat(cache.get("key-0")).isEmpty();
		assertThat(cache.get("key-10000")).contains("token");
	}

	@Test
	void maximumSizeBoundsTheEntriesHeld() {
		DefaultTokenCache cache = cacheOfSize(3);
		for (int i = 0; i < 5; i++) {
			cache.put("key-" + i, "token", Duration.ofHours(1));
		}
		assertThat(cache.entryCount()).isEqualTo(3);
		assertThat(cache.stats().evictionCount()).isEqualTo(2);
	}

	@Test
	void expiredEntriesAreEvictedBeforeUnexpiredOnes() {
		DefaultTokenCache cache = cacheOfSize(3);
		cache.put("soon", "token", Duration.ofMinutes(10));
		cache.put("expired", "token", Duration.ofMinutes(1));
		cache.put("late", "token", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(2));
		cache.put("new", "token", Duration.ofHours(2));
		assertThat(cache.stats().keys()).containsExactly("late", "new", "soon");
	}

	@Test
	void entryThatExpiresSoonestIsEvictedWhenNoneHasExpired() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("a", "token", Duration.ofHours(1));
		cache.put("b", "token", Duration.ofMinutes(10));
		cache.put("c", "token", Duration.ofMinutes(30));
		assertThat(cache.stats().keys()).containsExactly("a", "c");
	}

	@Test
	void evictionOrderFollowsRealExpiryNotTheRefreshPoint() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("refreshes-first", "token", Duration.ofMinutes(20), Duration.ofMinutes(15));
		cache.put("expires-first", "token", Duration.ofMinutes(15), Duration.ZERO);
		cache.put("new", "token", Duration.ofHours(1));
		assertThat(cache.stats().keys()).containsExactly("new", "refreshes-first");
	}

	@Test
	void newEntryIsItselfEvictedIfItExpiresSoonest() {
		DefaultTokenCache cache = cacheOfSize(1);
		cache.put("long", "token", Duration.ofHours(1));
		cache.put("short", "token", Duration.ofMinutes(1));
		assertThat(cache.stats().keys()).containsExactly("long");
	}

	@Test
	void replacingAKeyAtCapacityEvictsNothing() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("a", "token", Duration.ofHours(1));
		cache.put("b", "token", Duration.ofHours(1));
		cache.put("a", "newer", Duration.ofMinutes(1));
		assertThat(cache.stats().keys()).containsExactly("a", "b");
		assertThat(cache.stats().evictionCount()).isZero();
	}

	@Test
	void loadedTokenAtCapacityEvictsTheSoonestExpiring() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("a", "token", Duration.ofMinutes(10));
		cache.put("b", "token", Duration.ofHours(1));
		assertThat(cache.get("c", (key) -> AccessToken.of("loaded", 7200))).isEqualTo("loaded");
		assertThat(cache.stats().keys()).containsExactly("b", "c");
	}

	@Test
	void replacedTokenIsEvictedInTheOrderOfItsNewExpiry() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("a", "token", Duration.ofMinutes(10));
		cache.put("b", "token", Duration.ofMinutes(20));
		cache.put("a", "newer", Duration.ofMinutes(30));
		cache.put("c", "token", Duration.ofMinutes(40));
		assertThat(cache.stats().keys()).containsExactly("a", "c");
		assertThat(cache.get("a")).contains("newer");
	}

	@Test
	void invalidatedAndClearedEntriesAreNotEvictedAgain() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("gone", "token", Duration.ofMinutes(1));
		cache.invalidate("gone");
		cache.put("a", "token", Duration.ofMinutes(10));
		cache.put("b", "token", Duration.ofMinutes(20));
		cache.put("c", "token", Duration.ofMinutes(30));
		assertThat(cache.stats().keys()).containsExactly("b", "c");
		cache.clear();
		cache.put("d", "token", Duration.ofMinutes(40));
		cache.put("e", "token", Duration.ofMinutes(50));
		assertThat(cache.stats().keys()).containsExactly("d", "e");
		assertThat(cache.stats().evictionCount()).isOne();
	}

	@Test
	void expiredEntriesAreEvictedInExpiryOrderAndCounted() {
		DefaultTokenCache cache = cacheOfSize(3);
		cache.put("expired-second", "token", Duration.ofMinutes(2));
		cache.put("expired-first", "token", Duration.ofMinutes(1));
		cache.put("live", "token", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(3));
		cache.put("new", "token", Duration.ofHours(1));
		assertThat(cache.entryCount()).isEqualTo(3);
		assertThat(cache.entry("expired-first")).isNull();
		assertThat(cache.entry("expired-second")).isNotNull();
		assertThat(cache.stats().evictionCount()).isOne();
	}

	/**
	 * Two threads fill a full cache with new keys at once. Each eviction is decided under one
	 * lock, so together they evict exactly their excess: no more (a usable token lost) and no
	 * less (the bound broken once they return).
	 */
	@Test
	void concurrentPutsIntoAFullCacheEvictExactlyTheirExcess() throws Exception {
		int maximumSize = 1_000;
		int putsPerThread = 20_000;
		DefaultTokenCache cache = cacheOfSize(maximumSize);
		for (int i = 0; i < maximumSize; i++) {
			cache.put("fill-" + i, "token", Duration.ofMinutes(1));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> first = threads.submit(() -> putNewKeys(cache, "first-", putsPerThread, start));
			Future<?> second = threads.submit(() -> putNewKeys(cache, "second-", putsPerThread, start));
			start.countDown();
			first.get();
			second.get();
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(cache.entryCount()).isEqualTo(maximumSize);
		assertThat(cache.stats().size()).isEqualTo(maximumSize);
		assertThat(cache.stats().evictionCount()).isEqualTo(2L * putsPerThread);
		assertThat(cache.stats().keys()).noneMatch((key) -> key.startsWith("fill-"));
	}

	/**
	 * Two threads each put their own keys round and round into a full cache, on the production
	 * clock; a key comes round after twice the maximum of newer puts, so it must have been
	 * evicted by then. If puts did not wait for a busy evictor beyond
	 * {@link Eviction#EVICTION_SLACK}, the evicting thread would fall behind the other: the cache
	 * would stay well over its maximum, and a key would come round still present while newer
	 * tokens had gone.
	 */
	@Test
	void evictionKeepsUpWithTwoThreadsFillingTheCache() throws Exception {
		int maximumSize = 1_000;
		DefaultTokenCache cache = (DefaultTokenCache) TokenCache.builder().maximumSize(maximumSize)
			.sweepInterval(Duration.ZERO)
			.build();
		try {
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				Future<long[]> first = threads.submit(() -> putRoundRobin(cache, "first-", maximumSize, start));
				Future<long[]> second = threads.submit(() -> putRoundRobin(cache, "second-", maximumSize, start));
				start.countDown();
				for (long[] seen : new long[][] { first.get(), second.get() }) {
					assertThat(seen[0]).as("keys still present when they came round").isZero();
					assertThat(seen[1]).as("largest size seen after a put").isLessThanOrEqualTo(maximumSize
							+ Eviction.EVICTION_SLACK + 2);
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(cache.entryCount()).isEqualTo(maximumSize);
		}
		finally {
			cache.close();
		}
	}

	/** Returns how many keys were still present when they came round, and the largest size seen. */
	private static long[] putRoundRobin(DefaultTokenCache cache, String prefix, int maximumSize, CountDownLatch start)
			throws InterruptedException {
		String[] keys = new String[2 * maximumSize];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = prefix + i;
		}
		start.await();
		long present = 0;
		long largest = 0;
		for (int n = 0; n < 200 * keys.length; n++) {
			String key = keys[n % keys.length];
			if (n >= keys.length && cache.entry(key) != null) {
				present++;
			}
			cache.put(key, "token", Duration.ofHours(1));
			largest = Math.max(largest, cache.entryCount());
		}
		return new long[] { present, largest };
	}

	/**
	 * Flat in the maximum: a put into a full cache reads one node of the index, the first
	 * bucket's, at 1,000 entries as at 100,000, where a scan would read every entry.
	 */
	@Test
	void putIntoAFullCacheReadsOneNodeWhateverTheMaximum() {
		for (int maximumSize : new int[] { 1_000, 100_000 }) {
			DefaultTokenCache cache = cacheOfSize(maximumSize);
			for (int i = 0; i < maximumSize; i++) {
				cache.put("key-" + i, "token", Duration.ofHours(1).plusSeconds(i));
			}
			long before = cache.nodesVisited();
			cache.put("new", "token", Duration.ofHours(2));
			assertThat(cache.nodesVisited() - before).as("nodes read at %d", maximumSize).isOne();
			assertThat(cache.entry("key-0")).isNull();
			assertThat(cache.entryCount()).isEqualTo(maximumSize);
		}
	}

	@Test
	void staleNodesLeftByReplaceAndInvalidateAreNotEvictedNorCounted() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("replaced", "token", Duration.ofMinutes(1));
		cache.put("replaced", "later", Duration.ofHours(2));
		cache.put("invalidated", "token", Duration.ofMinutes(2));
		cache.invalidate("invalidated");
		cache.put("soon", "token", Duration.ofMinutes(30));
		assertThat(cache.indexNodeCount()).isEqualTo(4);
		cache.put("late", "token", Duration.ofHours(1));
		assertThat(cache.stats().keys()).containsExactly("late", "replaced");
		assertThat(cache.get("replaced")).contains("later");
		assertThat(cache.stats().evictionCount()).isOne();
		assertThat(cache.nodesVisited()).isEqualTo(3);
	}

	@Test
	void invalidatedThenPutAgainIsEvictedOnceThoughIndexedTwice() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("twice", "token", Duration.ofMinutes(10));
		cache.invalidate("twice");
		cache.put("twice", "again", Duration.ofMinutes(10));
		cache.put("b", "token", Duration.ofHours(1));
		cache.put("c", "token", Duration.ofHours(2));
		assertThat(cache.stats().keys()).containsExactly("b", "c");
		cache.put("d", "token", Duration.ofHours(3));
		assertThat(cache.stats().keys()).containsExactly("c", "d");
		assertThat(cache.stats().evictionCount()).isEqualTo(2);
	}

	/**
	 * Within one 1.07 s bucket, eviction follows insertion, not the exact expiry: "expires
	 * soonest" holds to within the bucket's width, the resolution of Caffeine's timer wheel.
	 * One hour plus up to 250 ms falls in one bucket: it spans 3,599.99 s to 3,600.26 s.
	 */
	@Test
	void entriesOfOneBucketAreEvictedInInsertionOrder() {
		DefaultTokenCache cache = cacheOfSize(3);
		cache.put("inserted-first", "token", Duration.ofHours(1).plusMillis(200));
		cache.put("inserted-second", "token", Duration.ofHours(1));
		cache.put("inserted-third", "token", Duration.ofHours(1).plusMillis(100));
		assertThat(cache.indexNodeCount()).isEqualTo(3);
		cache.put("new", "token", Duration.ofHours(2));
		assertThat(cache.stats().keys()).containsExactly("inserted-second", "inserted-third", "new");
		cache.put("newer", "token", Duration.ofHours(2));
		assertThat(cache.stats().keys()).containsExactly("inserted-third", "new", "newer");
	}

	/** The production load path swaps its entry in with a compare-and-set, and indexes it too. */
	@Test
	void tokenLoadedOverAStaleOneIsEvictedInTheOrderOfItsOwnExpiry() {
		DefaultTokenCache cache = cacheOfSize(2);
		cache.put("loaded", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(cache.get("loaded", (key) -> AccessToken.of("fresh", 7200))).isEqualTo("fresh");
		cache.put("soon", "token", Duration.ofMinutes(30));
		cache.put("late", "token", Duration.ofHours(1));
		assertThat(cache.stats().keys()).containsExactly("late", "loaded");
		assertThat(cache.get("loaded")).contains("fresh");
	}

	/**
	 * A key put again every 1.5 s with a one-hour lifetime leaves a node in each bucket it passes
	 * through. The sweep drops them once they outnumber the entries, long before their buckets
	 * expire, and drops the rest when they do.
	 */
	@Test
	void nodesLeftByAKeyReplacedAcrossBucketsDoNotAccumulate() {
		DefaultTokenCache cache = cacheOfSize(10);
		for (int i = 0; i < 2_000; i++) {
			cache.put("busy", "token-" + i, Duration.ofHours(1));
			this.ticker.advance(Duration.ofMillis(1_500));
		}
		assertThat(cache.indexNodeCount()).isEqualTo(2_000);
		cache.sweep();
		assertThat(cache.indexNodeCount()).isOne();
		assertThat(cache.get("busy")).contains("token-1999");
		this.ticker.advance(Duration.ofHours(2));
		cache.sweep();
		assertThat(cache.indexNodeCount()).isZero();
		assertThat(cache.entryCount()).isZero();
		assertThat(cache.stats().evictionCount()).isOne();
	}

	private static Void putNewKeys(DefaultTokenCache cache, String prefix, int count, CountDownLatch start)
			throws InterruptedException {
		start.await();
		for (int i = 0; i < count; i++) {
			cache.put(prefix + i, "token", Duration.ofHours(1).plusNanos(i));
		}
		return null;
	}

}
