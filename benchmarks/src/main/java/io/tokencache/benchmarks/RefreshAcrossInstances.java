package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Refresh-ahead with the Redis tier on, on real instances (Spring contexts) against a real
 * {@code redis-server}: callers on every instance call {@code get(key, loader)} about once a
 * millisecond, in real time, across several expiries of a short token, and the run keeps each
 * call's latency and when each loader call began. Run once with tokens that expire, and once
 * with a token that does not, so that the latencies at the refresh points compare with plain hits
 * of the same run. A thread of the same JVM pings Redis every 10 ms meanwhile: the Redis round
 * trip that a load sees under this load, which bounds how late a refresh can run.
 * <p>
 * Refresh-ahead starts each load up to {@link #WINDOW} before the refresh point, so the loads
 * come more often than one per {@link #USABLE}: their number is not the measure of duplicates.
 * A loader call is a duplicate if it began less than {@link #DUPLICATE_GAP} after the one
 * before: a refresh never starts sooner than {@code USABLE - WINDOW} after the token it replaces
 * was loaded.
 */
final class RefreshAcrossInstances {

	static final Duration LOAD_TIME = Duration.ofMillis(20);

	/** 4 s tokens, refresh buffer 1 s: usable for 3 s. */
	static final Duration LIFETIME = Duration.ofSeconds(4);

	static final Duration USABLE = Duration.ofSeconds(3);

	private static final Duration REFRESH_AHEAD = Duration.ofSeconds(2);

	/** The refresh-ahead window, which the cache caps at half the usable time. */
	static final Duration WINDOW = (REFRESH_AHEAD.compareTo(USABLE.dividedBy(2)) < 0) ? REFRESH_AHEAD
			: USABLE.dividedBy(2);

	static final Duration DUPLICATE_GAP = Duration.ofSeconds(1);

	private static final Duration PING_INTERVAL = Duration.ofMillis(10);

	private static final String KEY = "billing-api";

	private RefreshAcrossInstances() {
	}

	/**
	 * @param expiring whether tokens expire during the run, or live for an hour
	 * @param refreshPoints how many usable periods the run spans
	 */
	static Run run(int instances, int callersPerInstance, int refreshPoints, boolean expiring) throws Exception {
		try (RedisInstances redis = new RedisInstances()) {
			List<TokenCache> caches = redis.start(instances, true, "token-cache.refresh-buffer=1s",
					"token-cache.refresh-ahead=" + REFRESH_AHEAD.toMillis() + "ms");
			Queue<Long> loadStarts = new ConcurrentLinkedQueue<>();
			Duration lifetime = expiring ? LIFETIME : Duration.ofHours(1);
			TokenLoader loader = (key) -> {
				loadStarts.add(System.nanoTime());
				Thread.sleep(LOAD_TIME.toMillis());
				return new AccessToken("token-" + loadStarts.size(), lifetime);
			};
			caches.get(0).get(KEY, loader);
			long end = System.nanoTime() + USABLE.multipliedBy(refreshPoints).toNanos();
			List<Thread> threads = new ArrayList<>();
			List<long[]> latencies = new ArrayList<>();
			for (int c = 0; c < instances * callersPerInstance; c++) {
				TokenCache cache = caches.get(c % instances);
				long[] mine = new long[(int) (USABLE.multipliedBy(refreshPoints).toMillis() + 1000)];
				latencies.add(mine);
				threads.add(daemon(() -> call(cache, loader, end, mine)));
			}
			long[] pings = new long[(int) (USABLE.multipliedBy(refreshPoints).dividedBy(PING_INTERVAL) + 100)];
			RedisConnectionFactory factory = redis.connectionFactory(0);
			threads.add(daemon(() -> ping(factory, end, pings)));
			for (Thread thread : threads) {
				thread.join(TimeUnit.MINUTES.toMillis(2));
			}
			long[] starts = loadStarts.stream().mapToLong(Long::longValue).toArray();
			return new Run(expiring, Arrays.copyOfRange(starts, 1, starts.length), sorted(latencies),
					sorted(List.of(pings)));
		}
	}

	private static Thread daemon(Runnable task) {
		Thread thread = new Thread(task);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void call(TokenCache cache, TokenLoader loader, long end, long[] latencies) {
		for (int i = 0; i < latencies.length && System.nanoTime() < end; i++) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			long began = System.nanoTime();
			cache.get(KEY, loader);
			latencies[i] = Math.max(1, System.nanoTime() - began);
		}
	}

	private static void ping(RedisConnectionFactory factory, long end, long[] latencies) {
		try (RedisConnection connection = factory.getConnection()) {
			for (int i = 0; i < latencies.length && System.nanoTime() < end; i++) {
				LockSupport.parkNanos(PING_INTERVAL.toNanos());
				long began = System.nanoTime();
				connection.ping();
				latencies[i] = Math.max(1, System.nanoTime() - began);
			}
		}
	}

	private static long[] sorted(List<long[]> samples) {
		return samples.stream().flatMapToLong(Arrays::stream).filter((nanos) -> nanos > 0).sorted().toArray();
	}

	/**
	 * One run.
	 * @param loadStarts when each loader call after the first began, in {@code System.nanoTime}
	 * @param latencies every call's latency, sorted, in ns
	 * @param pings every Redis round trip of the pinging thread, sorted, in ns
	 */
	record Run(boolean expiring, long[] loadStarts, long[] latencies, long[] pings) {

		int loaderCalls() {
			return this.loadStarts.length;
		}

		/** Loader calls that began less than {@link #DUPLICATE_GAP} after the one before. */
		int duplicates() {
			int duplicates = 0;
			for (int i = 1; i < this.loadStarts.length; i++) {
				if (this.loadStarts[i] - this.loadStarts[i - 1] < DUPLICATE_GAP.toNanos()) {
					duplicates++;
				}
			}
			return duplicates;
		}

		/** The shortest time between two loader calls, in seconds; 0 with fewer than two. */
		double shortestGapSeconds() {
			long shortest = Long.MAX_VALUE;
			for (int i = 1; i < this.loadStarts.length; i++) {
				shortest = Math.min(shortest, this.loadStarts[i] - this.loadStarts[i - 1]);
			}
			return (shortest == Long.MAX_VALUE) ? 0 : shortest / 1e9;
		}

	}

}
