package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code size} and {@code keys} cover only usable entries; the counters are cumulative.
 */
class StatsTests {

	private static final Duration TTL = Duration.ofHours(1);

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = TestCaches.build(this.ticker);

	@Test
	void newCacheHasEmptyStats() {
		assertThat(this.cache.stats())
			.isEqualTo(new TokenCacheStats(0, java.util.List.of(), 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO));
	}

	@Test
	void sizeAndKeysLeaveOutEntriesPastTheirRefreshPoint() {
		this.cache.put("stale", "token", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.cache.put("fresh", "token", TTL);
		this.ticker.advance(Duration.ofMinutes(6));
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.size()).isOne();
		assertThat(stats.keys()).containsExactly("fresh");
		assertThat(this.cache.entryCount()).isEqualTo(2);
	}

	@Test
	void keysAreSorted() {
		for (String key : new String[] { "b", "a", "C", "", "aa" }) {
			this.cache.put(key, "token", TTL);
		}
		assertThat(this.cache.stats().keys()).containsExactly("", "C", "a", "aa", "b");
	}

	@Test
	void keysCannotBeModified() {
		this.cache.put("k", "token", TTL);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.cache.stats().keys().add("other"));
	}

	@Test
	void statsIsASnapshotThatLaterChangesDoNotAlter() {
		this.cache.put("k", "token", TTL);
		TokenCacheStats stats = this.cache.stats();
		this.cache.put("other", "token", TTL);
		this.cache.get("k");
		assertThat(stats.keys()).containsExactly("k");
		assertThat(stats.hitCount()).isZero();
	}

	@Test
	void everyLookupCountsAsExactlyOneHitOrMiss() {
		this.cache.put("k", "token", TTL);
		this.cache.get("k");
		this.cache.get("k");
		this.cache.get("missing");
		this.cache.get("k", (key) -> AccessToken.of("loaded", 60));
		this.cache.get("other", (key) -> AccessToken.of("loaded", 60));
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.hitCount()).isEqualTo(3);
		assertThat(stats.missCount()).isEqualTo(2);
	}

	@Test
	void lookupOfAnEntryPastItsRefreshPointIsAMiss() {
		this.cache.put("k", "token", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(5));
		this.cache.get("k");
		assertThat(this.cache.stats().missCount()).isOne();
		assertThat(this.cache.stats().hitCount()).isZero();
	}

	@Test
	void loadCountersCountSuccessesFailuresAndTheirTime() {
		this.cache.get("a", (key) -> {
			this.ticker.advance(Duration.ofMillis(300));
			return AccessToken.of("token", 3600);
		});
		try {
			this.cache.get("b", (key) -> {
				this.ticker.advance(Duration.ofMillis(20));
				throw new IllegalStateException("down");
			});
		}
		catch (TokenLoadException expected) {
			// counted below
		}
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.loadSuccessCount()).isOne();
		assertThat(stats.loadFailureCount()).isOne();
		assertThat(stats.totalLoadSuccessTime()).isEqualTo(Duration.ofMillis(300));
		assertThat(stats.totalLoadFailureTime()).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void putCountCountsPutsAndSuccessfulLoads() {
		this.cache.put("a", "token", TTL);
		this.cache.put("a", "token", TTL);
		this.cache.get("b", (key) -> AccessToken.of("token", 3600));
		assertThat(this.cache.stats().putCount()).isEqualTo(3);
	}

	@Test
	void countersSurviveClearAndInvalidate() {
		this.cache.put("k", "token", TTL);
		this.cache.get("k");
		this.cache.get("missing");
		this.cache.invalidate("k");
		this.cache.clear();
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.size()).isZero();
		assertThat(stats.hitCount()).isOne();
		assertThat(stats.missCount()).isOne();
		assertThat(stats.putCount()).isOne();
	}

	@Test
	void evictionCountCountsRemovalsByTheCacheButNotInvalidateOrClear() {
		DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker).maximumSize(1).build();
		cache.put("a", "token", Duration.ofMinutes(1));
		cache.put("b", "token", TTL);
		assertThat(cache.stats().evictionCount()).isOne();
		cache.put("c", "token", Duration.ofMinutes(1));
		cache.invalidate("b");
		cache.put("d", "token", TTL);
		cache.clear();
		cache.put("e", "token", Duration.ofMinutes(1));
		this.ticker.advance(Duration.ofMinutes(1));
		cache.sweep();
		assertThat(cache.stats().evictionCount()).isEqualTo(3);
	}

	@Test
	void countersAreCumulativeAcrossManyCalls() {
		for (int i = 0; i < 1_000; i++) {
			this.cache.get("missing");
		}
		assertThat(this.cache.stats().missCount()).isEqualTo(1_000);
		for (int i = 0; i < 1_000; i++) {
			this.cache.get("missing");
		}
		assertThat(this.cache.stats().missCount()).isEqualTo(2_000);
	}

	@Test
	void countersMatchTheStatsWithoutScanning() {
		this.cache.put("k", "token", TTL);
		this.cache.get("k");
		this.cache.get("missing");
		this.cache.get("loaded", (key) -> AccessToken.of("loaded", 60));
		TokenCacheStats stats = this.cache.stats();
		assertThat(this.cache.counters()).isEqualTo(new TokenCacheCounters(stats.hitCount(), stats.missCount(),
				stats.loadSuccessCount(), stats.loadFailureCount(), stats.evictionCount(), stats.putCount(),
				stats.totalLoadSuccessTime(), stats.totalLoadFailureTime()));
		assertThat(this.cache.counters().hitCount()).isOne();
		assertThat(this.cache.counters().putCount()).isEqualTo(2);
	}

	@Test
	void estimatedSizeCountsEntriesPastTheirRefreshPointAndExpiryUntilSwept() {
		this.cache.put("fresh", "token", TTL);
		this.cache.put("stale", "token", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.cache.put("expired", "token", Duration.ofMinutes(1));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.stats().size()).isOne();
		assertThat(this.cache.estimatedSize()).isEqualTo(3);
		this.cache.sweep();
		assertThat(this.cache.estimatedSize()).isEqualTo(2);
		this.cache.invalidate("stale");
		assertThat(this.cache.estimatedSize()).isEqualTo(1);
	}

}
