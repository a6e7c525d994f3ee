package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;

/**
 * What the Redis tier is for, counted on real instances (Spring contexts) against a real
 * {@code redis-server}: how many token loads one expiry costs across instances, with the tier
 * and without it, and how long an invalidation on one instance takes to reach the others.
 * These are counts and latencies of single events, not throughput, so they are measured here
 * rather than by JMH; the hit path, which is throughput, is {@link RedisHitBenchmark}.
 */
final class ManyInstances {

	static final Duration LOAD_TIME = Duration.ofMillis(20);

	private static final String KEY = "billing-api";

	private ManyInstances() {
	}

	/**
	 * Every caller on every instance asks for the key at once, right after it was cleared
	 * everywhere, as at an expiry.
	 * @param tier whether the Redis tier is on
	 * @return loader calls and caller latencies over every expiry
	 */
	static Stampede stampede(int instances, int callersPerInstance, int expiries, boolean tier) throws Exception {
		try (RedisInstances redis = new RedisInstances()) {
			List<TokenCache> caches = redis.start(instances, tier);
			AtomicInteger loads = new AtomicInteger();
			TokenLoader loader = (key) -> {
				int call = loads.incrementAndGet();
				Thread.sleep(LOAD_TIME.toMillis());
				return new AccessToken("token-" + call, Duration.ofHours(1));
			};
			int callers = instances * callersPerInstance;
			CyclicBarrier start = new CyclicBarrier(callers + 1);
			CyclicBarrier end = new CyclicBarrier(callers + 1);
			long[][] latencies = new long[expiries][callers];
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				int caller = c;
				TokenCache cache = caches.get(c % instances);
				Thread thread = new Thread(() -> call(cache, loader, start, end, latencies, caller));
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
			}
			int[] calls = new int[expiries];
			for (int expiry = 0; expiry < expiries; expiry++) {
				expireEverywhere(caches, tier);
				int before = loads.get();
				start.await(30, TimeUnit.SECONDS);
				end.await(60, TimeUnit.SECONDS);
				calls[expiry] = loads.get() - before;
			}
			threads.forEach(Thread::interrupt);
			return new Stampede(tier, instances, callersPerInstance, calls,
					Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray());
		}
	}

	private static void call(TokenCache cache, TokenLoader loader, CyclicBarrier start, CyclicBarrier end,
			long[][] latencies, int caller) {
		try {
			for (long[] expiry : latencies) {
				start.await();
				long began = System.nanoTime();
				cache.get(KEY, loader);
				expiry[caller] = System.nanoTime() - began;
				end.await();
			}
		}
		catch (InterruptedException | BrokenBarrierException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** With the tier one clear reaches every instance; without it, each is cleared on its own. */
	private static void expireEverywhere(List<TokenCache> caches, boolean tier) throws TimeoutException {
		if (tier) {
			caches.get(0).clear();
		}
		else {
			caches.forEach(TokenCache::clear);
		}
		for (TokenCache cache : caches) {
			awaitEmpty(cache, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
		}
	}

	/**
	 * Invalidates a key that every instance holds, on the first, and times how long each of the
	 * others keeps serving it: from the call to {@code invalidate} to the first lookup that
	 * finds nothing. One thread looks at the others in turn, so no waiting thread competes for
	 * the cores.
	 * @return the propagation time of every (invalidation, other instance) pair, sorted, in ns
	 */
	static long[] propagation(int instances, int invalidations) throws Exception {
		try (RedisInstances redis = new RedisInstances()) {
			List<TokenCache> caches = redis.start(instances, true);
			AtomicInteger loads = new AtomicInteger();
			TokenLoader loader = (key) -> new AccessToken("token-" + loads.incrementAndGet(), Duration.ofHours(1));
			long[] times = new long[invalidations * (instances - 1)];
			for (int round = 0; round < invalidations; round++) {
				for (TokenCache cache : caches) {
					cache.get(KEY, loader);
				}
				long began = System.nanoTime();
				caches.get(0).invalidate(KEY);
				long[] reached = new long[instances];
				int pending = instances - 1;
				long deadline = began + TimeUnit.SECONDS.toNanos(10);
				while (pending > 0) {
					for (int i = 1; i < instances; i++) {
						if (reached[i] == 0 && caches.get(i).get(KEY).isEmpty()) {
							reached[i] = System.nanoTime();
							times[round * (instances - 1) + i - 1] = reached[i] - began;
							pending--;
						}
					}
					if (System.nanoTime() > deadline) {
						throw new TimeoutException("An invalidation did not arrive within 10 s");
					}
					Thread.onSpinWait();
				}
			}
			Arrays.sort(times);
			return times;
		}
	}

	private static void awaitEmpty(TokenCache cache, long deadline) throws TimeoutException {
		while (cache.get(KEY).isPresent()) {
			if (System.nanoTime() > deadline) {
				throw new TimeoutException("A clear did not arrive within 10 s");
			}
			LockSupport.parkNanos(100_000);
		}
	}

	static double percentileMillis(long[] sorted, double percentile) {
		int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	/**
	 * One stampede run.
	 * @param calls loader calls at each expiry
	 * @param latencies every caller's latency at every expiry, sorted, in ns
	 */
	record Stampede(boolean tier, int instances, int callersPerInstance, int[] calls, long[] latencies) {

		double meanCalls() {
			return Arrays.stream(this.calls).average().orElse(Double.NaN);
		}

		int minCalls() {
			return Arrays.stream(this.calls).min().orElse(0);
		}

		int maxCalls() {
			return Arrays.stream(this.calls).max().orElse(0);
		}

	}

}
