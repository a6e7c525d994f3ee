package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many real threads mix every operation on a few keys while time moves, and check invariants
 * as they go and at the end: tokens never cross keys, a key never has two loads at once, stats
 * are consistent and monotonic, and every lookup is counted exactly once. Fake time jumps by up
 * to 300 ms at a time here, so the load timeout is set far beyond it: no caller gives up on a
 * load that a jump overtook.
 */
class ConcurrentMixTests {

	private static final int THREADS = 8;

	private static final int OPERATIONS_PER_THREAD = 20_000;

	private static final int MAXIMUM_SIZE = 8;

	private static final long LOAD_WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private static final String[] KEYS = new String[16];

	static {
		for (int i = 0; i < KEYS.length; i++) {
			KEYS[i] = (i == 0) ? "" : "key-" + i;
		}
	}

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.maximumSize(MAXIMUM_SIZE)
		.refreshBuffer(Duration.ofMillis(500))
		.loadTimeout(Duration.ofDays(1))
		.build();

	private final AtomicLong lookups = new AtomicLong();

	private final AtomicLong puts = new AtomicLong();

	private final ConcurrentHashMap<String, AtomicInteger> loadsInFlight = new ConcurrentHashMap<>();

	private final AtomicInteger overlappingLoads = new AtomicInteger();

	private final TokenLoader loader = (key) -> {
		AtomicInteger inFlight = this.loadsInFlight.computeIfAbsent(key, (k) -> new AtomicInteger());
		if (inFlight.incrementAndGet() > 1) {
			this.overlappingLoads.incrementAndGet();
		}
		try {
			// Hold the load open, off the CPU, so that a caller of the same key that a broken
			// single flight let through would arrive while this load still runs and be counted.
			// It widens a window; it synchronises nothing.
			LockSupport.parkNanos(LOAD_WINDOW_NANOS);
			return new AccessToken(key + "#loaded", Duration.ofSeconds(2));
		}
		finally {
			inFlight.decrementAndGet();
		}
	};

	@Test
	void mixedOperationsKeepTheirInvariants() throws Exception {
		CyclicBarrier start = new CyclicBarrier(THREADS);
		List<Caller> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			long seed = 42 + t;
			workers.add(Caller.start("worker-" + t, () -> {
				start.await();
				work(new SplittableRandom(seed));
				return "done";
			}));
		}
		for (Caller worker : workers) {
			assertThat(worker.result()).isEqualTo("done");
		}
		TokenCacheStats stats = this.cache.stats();
		assertThat(this.overlappingLoads).hasValue(0);
		assertThat(stats.hitCount() + stats.missCount()).isEqualTo(this.lookups.get());
		assertThat(stats.putCount()).isBetween(this.puts.get(), this.puts.get() + stats.loadSuccessCount());
		assertThat(stats.loadSuccessCount()).isPositive();
		assertThat(stats.evictionCount()).isPositive();
		assertThat(this.cache.entryCount()).isLessThanOrEqualTo(MAXIMUM_SIZE);
		for (String key : stats.keys()) {
			assertThat(this.cache.get(key)).hasValueSatisfying((token) -> assertThat(token).startsWith(key + "#"));
		}
	}

	private void work(SplittableRandom random) {
		TokenCacheStats previous = this.cache.stats();
		for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
			String key = KEYS[random.nextInt(KEYS.length)];
			int operation = random.nextInt(100);
			if (operation < 30) {
				this.lookups.incrementAndGet();
				this.cache.get(key).ifPresent((token) -> assertThat(token).startsWith(key + "#"));
			}
			else if (operation < 55) {
				this.lookups.incrementAndGet();
				assertThat(this.cache.get(key, this.loader)).startsWith(key + "#");
			}
			else if (operation < 80) {
				this.cache.put(key, key + "#" + i, Duration.ofMillis(100 + random.nextInt(2_000)));
				this.puts.incrementAndGet();
			}
			else if (operation < 88) {
				this.cache.invalidate(key);
			}
			else if (operation < 90) {
				this.cache.clear();
			}
			else if (operation < 95) {
				previous = checkStats(previous);
			}
			else {
				this.ticker.advance(Duration.ofMillis(random.nextInt(300)));
			}
		}
	}

	private TokenCacheStats checkStats(TokenCacheStats previous) {
		TokenCacheStats stats = this.cache.stats();
		assertThat(stats.size()).isEqualTo(stats.keys().size()).isLessThanOrEqualTo(MAXIMUM_SIZE + THREADS);
		assertThat(stats.keys()).isSorted().doesNotHaveDuplicates();
		assertThat(stats.hitCount()).isGreaterThanOrEqualTo(previous.hitCount());
		assertThat(stats.missCount()).isGreaterThanOrEqualTo(previous.missCount());
		assertThat(stats.loadSuccessCount()).isGreaterThanOrEqualTo(previous.loadSuccessCount());
		assertThat(stats.evictionCount()).isGreaterThanOrEqualTo(previous.evictionCount());
		assertThat(stats.putCount()).isGreaterThanOrEqualTo(previous.putCount());
		return stats;
	}

}
