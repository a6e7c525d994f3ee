package io.tokencache;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real threads put, replace across buckets, invalidate, load, sweep and evict on a small
 * full cache while time moves; afterwards the index must still hold every key in its entry's
 * bucket, the bound must hold, and every node must go once everything has expired. No
 * refresh-ahead, so that no background load still writes when the threads are done, and no load
 * timeout, which the moving fake time would otherwise trip.
 */
class ExpiryIndexRaceTests {

	private static final int KEYS = 200;

	private static final int MAXIMUM_SIZE = 50;

	private static final int OPERATIONS = 50_000;

	private static final Duration[] TTLS = { Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofHours(1) };

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.maximumSize(MAXIMUM_SIZE)
		.refreshAhead(Duration.ZERO)
		.loadTimeout(Duration.ofSeconds(Long.MAX_VALUE))
		.build();

	@Test
	void indexHoldsEveryKeyInItsBucketAfterConcurrentWrites() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> first = threads.submit(() -> write(1, start));
			Future<?> second = threads.submit(() -> write(2, start));
			start.countDown();
			first.get();
			second.get();
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.cache.entryCount()).isLessThanOrEqualTo(MAXIMUM_SIZE);
		for (int key = 0; key < KEYS; key++) {
			assertThat(this.cache.indexed("key-" + key)).as("key-%d indexed", key).isTrue();
		}
		this.ticker.advance(Duration.ofHours(2));
		this.cache.sweep();
		assertThat(this.cache.entryCount()).isZero();
		assertThat(this.cache.indexNodeCount()).isZero();
	}

	private Void write(int seed, CountDownLatch start) throws InterruptedException {
		SplittableRandom random = new SplittableRandom(seed);
		start.await();
		for (int i = 0; i < OPERATIONS; i++) {
			String key = "key-" + random.nextInt(KEYS);
			int operation = random.nextInt(100);
			if (operation < 5) {
				this.cache.invalidate(key);
			}
			else if (operation < 10) {
				this.cache.get(key, (k) -> AccessToken.of("loaded", 60));
			}
			else if (operation < 11) {
				this.cache.sweep();
			}
			else if (operation < 12) {
				this.ticker.advance(Duration.ofMillis(700));
			}
			else {
				this.cache.put(key, "token-" + i, TTLS[random.nextInt(TTLS.length)].plusMillis(random.nextInt(2_000)));
			}
		}
		return null;
	}

}
