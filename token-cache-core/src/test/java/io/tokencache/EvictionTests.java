package io.tokencache;

import java.time.Duration;

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

}
