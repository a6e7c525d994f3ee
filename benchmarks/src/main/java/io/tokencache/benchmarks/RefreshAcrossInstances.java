package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;

/**
 * Refresh-ahead with the Redis tier on, on real instances (Spring contexts) against a real
 * {@code redis-server}: callers on every instance call {@code get(key, loader)} about once a
 * millisecond, in real time, across several expiries of a short token, and the run counts the
 * loader calls and keeps each call's latency. Run once with tokens that expire, and once with
 * a token that does not, so that the latencies at the refresh points compare with plain hits
 * of the same run.
 */
final class RefreshAcrossInstances {

	static final Duration LOAD_TIME = Duration.ofMillis(20);

	/** 4 s tokens, refresh buffer 1 s, refresh-ahead 2 s (capped at 1.5 s): one expiry every 3 s. */
	static final Duration LIFETIME = Duration.ofSeconds(4);

	static final Duration USABLE = Duration.ofSeconds(3);

	private static final String KEY = "billing-api";

	private RefreshAcrossInstances() {
	}

	/**
	 * @param expiring whether tokens expire during the run, or live for an hour
	 * @param refreshPoints how many refresh points the run spans
	 */
	static Run run(int instances, int callersPerInstance, int refreshPoints, boolean expiring) throws Exception {
		try (RedisInstances redis = new RedisInstances()) {
			List<TokenCache> caches = redis.start(instances, true, "token-cache.refresh-buffer=1s",
					"token-cache.refresh-ahead=2s");
			AtomicInteger loads = new AtomicInteger();
			Duration lifetime = expiring ? LIFETIME : Duration.ofHours(1);
			TokenLoader loader = (key) -> {
				int call = loads.incrementAndGet();
				Thread.sleep(LOAD_TIME.toMillis());
				return new AccessToken("token-" + call, lifetime);
			};
			caches.get(0).get(KEY, loader);
			long end = System.nanoTime() + USABLE.multipliedBy(refreshPoints).toNanos();
			List<Thread> threads = new ArrayList<>();
			List<long[]> latencies = new ArrayList<>();
			AtomicLong calls = new AtomicLong();
			for (int c = 0; c < instances * callersPerInstance; c++) {
				TokenCache cache = caches.get(c % instances);
				long[] mine = new long[(int) (USABLE.multipliedBy(refreshPoints).toMillis() + 1000)];
				latencies.add(mine);
				Thread thread = new Thread(() -> call(cache, loader, end, mine, calls));
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
			}
			for (Thread thread : threads) {
				thread.join(TimeUnit.MINUTES.toMillis(2));
			}
			long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter((nanos) -> nanos > 0).sorted()
				.toArray();
			return new Run(expiring, loads.get() - 1, refreshPoints, all);
		}
	}

	private static void call(TokenCache cache, TokenLoader loader, long end, long[] latencies, AtomicLong calls) {
		for (int i = 0; i < latencies.length && System.nanoTime() < end; i++) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			long began = System.nanoTime();
			cache.get(KEY, loader);
			latencies[i] = Math.max(1, System.nanoTime() - began);
			calls.incrementAndGet();
		}
	}

	/**
	 * One run.
	 * @param loaderCalls loader calls after the first load
	 * @param latencies every call's latency, sorted, in ns
	 */
	record Run(boolean expiring, int loaderCalls, int refreshPoints, long[] latencies) {

	}

}
