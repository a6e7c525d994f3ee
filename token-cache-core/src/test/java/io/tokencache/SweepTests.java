package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries past their real expiry are removed even if nobody reads them again.
 */
class SweepTests {

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = TestCaches.build(this.ticker);

	@Test
	void sweepRemovesExpiredEntriesThatNobodyReads() {
		for (int i = 0; i < 1_000; i++) {
			this.cache.put("key-" + i, "token", Duration.ofMinutes(1));
		}
		this.ticker.advance(Duration.ofMinutes(1));
		assertThat(this.cache.entryCount()).isEqualTo(1_000);
		this.cache.sweep();
		assertThat(this.cache.entryCount()).isZero();
		assertThat(this.cache.stats().evictionCount()).isEqualTo(1_000);
	}

	@Test
	void sweepKeepsEntriesPastTheirRefreshPointUntilTheyExpire() {
		this.cache.put("k", "token", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(10).minusNanos(1));
		this.cache.sweep();
		assertThat(this.cache.entryCount()).isOne();
		this.ticker.advanceNanos(1);
		this.cache.sweep();
		assertThat(this.cache.entryCount()).isZero();
	}

	@Test
	void sweepKeepsUsableEntries() {
		this.cache.put("short", "token", Duration.ofMinutes(1));
		this.cache.put("long", "token", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(2));
		this.cache.sweep();
		assertThat(this.cache.entryCount()).isOne();
		assertThat(this.cache.get("long")).contains("token");
	}

	/**
	 * The sweep reads only the index's buckets that have ended, and the one holding now: the
	 * nodes of expired entries, not those of later ones.
	 */
	@Test
	void sweepRemovesExactlyTheExpiredEntriesAndLeavesLaterBucketsAlone() {
		for (int i = 0; i < 100; i++) {
			this.cache.put("expired-" + i, "token", Duration.ofMinutes(1));
			this.cache.put("later-" + i, "token", Duration.ofMinutes(10));
		}
		this.ticker.advance(Duration.ofMinutes(2));
		this.cache.sweep();
		assertThat(this.cache.stats().evictionCount()).isEqualTo(100);
		assertThat(this.cache.entryCount()).isEqualTo(100);
		assertThat(this.cache.stats().keys()).allMatch((key) -> key.startsWith("later-"));
		assertThat(this.cache.nodesVisited()).isEqualTo(100);
		assertThat(this.cache.indexNodeCount()).isEqualTo(100);
	}

	@Test
	void sweepWithNothingExpiredReadsNoEntry() {
		for (int i = 0; i < 10_000; i++) {
			this.cache.put("key-" + i, "token", Duration.ofHours(1));
		}
		this.ticker.advance(Duration.ofMinutes(59));
		this.cache.sweep();
		assertThat(this.cache.nodesVisited()).isZero();
		assertThat(this.cache.entryCount()).isEqualTo(10_000);
	}

	/**
	 * In the bucket that holds now, the sweep removes the expired entries to the nanosecond and
	 * keeps the others, with their nodes. One hour and one hour plus 100 ms share a bucket.
	 */
	@Test
	void sweepRemovesExpiredEntriesFromTheBucketThatHoldsNow() {
		this.cache.put("later", "token", Duration.ofHours(1).plusMillis(100));
		this.cache.put("expired", "token", Duration.ofHours(1));
		this.ticker.advance(Duration.ofHours(1));
		this.cache.sweep();
		assertThat(this.cache.entry("expired")).isNull();
		assertThat(this.cache.entry("later")).isNotNull();
		assertThat(this.cache.indexNodeCount()).isOne();
		this.ticker.advance(Duration.ofMillis(100));
		this.cache.sweep();
		assertThat(this.cache.entryCount()).isZero();
		assertThat(this.cache.indexNodeCount()).isZero();
		assertThat(this.cache.stats().evictionCount()).isEqualTo(2);
	}

	@Test
	void defaultSweepIntervalIsOneMinute() {
		assertThat(TokenCacheBuilder.DEFAULT_SWEEP_INTERVAL).isEqualTo(Duration.ofMinutes(1));
	}

	/**
	 * On fake time with a sweep, the cache holds the scheduler's thread for the sweep alone; the
	 * move of the ticker reaches the cache's clock at once, and the next sweep on that thread
	 * removes the expired entry, with no read of the cache.
	 */
	@Test
	void backgroundSweepRemovesExpiredEntriesWithoutAnyRead() {
		DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
			.sweepInterval(Duration.ofMillis(1))
			.build();
		try {
			cache.put("k", "token", Duration.ofMinutes(1));
			this.ticker.advance(Duration.ofMinutes(1));
			Waiting.until(() -> cache.entryCount() == 0, "the sweep removed the expired entry");
			assertThat(cache.stats().evictionCount()).isOne();
		}
		finally {
			cache.close();
		}
	}

}
