package io.tokencache.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.tokencache.TokenCache;

/**
 * What open caches cost while nobody uses them: the CPU time of the whole process, and of the
 * library's {@code token-cache-*} threads alone, over an idle interval with 0, 1 and 10 real-time
 * caches open, each holding one token. Rounds alternate the three, and each figure is the median
 * over the rounds.
 */
final class IdleCpu {

	static final Duration IDLE = Duration.ofSeconds(10);

	static final int ROUNDS = 3;

	static final int[] CACHE_COUNTS = { 0, 1, 10 };

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	/**
	 * Medians for one number of caches.
	 * @param caches how many caches were open
	 * @param processMillis CPU time of the whole process over {@link #IDLE}
	 * @param cacheThreadMillis CPU time of the library's threads over {@link #IDLE}
	 * @param cacheThreads how many library threads were alive
	 */
	record Result(int caches, double processMillis, double cacheThreadMillis, int cacheThreads) {

		double percentOfACore() {
			return this.processMillis / IDLE.toMillis() * 100;
		}

	}

	private IdleCpu() {
	}

	static List<Result> run() throws InterruptedException {
		return new IdleCpu().measure();
	}

	private List<Result> measure() throws InterruptedException {
		double[][] process = new double[CACHE_COUNTS.length][ROUNDS];
		double[][] library = new double[CACHE_COUNTS.length][ROUNDS];
		int[] threadCounts = new int[CACHE_COUNTS.length];
		for (int round = 0; round < ROUNDS; round++) {
			for (int c = 0; c < CACHE_COUNTS.length; c++) {
				List<TokenCache> caches = open(CACHE_COUNTS[c]);
				try {
					// Let start-up work (class loading, the first ticks' compilation) settle first.
					Thread.sleep(1_000);
					long[] ids = libraryThreads();
					threadCounts[c] = ids.length;
					long processBefore = this.os.getProcessCpuTime();
					long libraryBefore = cpuNanos(ids);
					Thread.sleep(IDLE.toMillis());
					process[c][round] = (this.os.getProcessCpuTime() - processBefore) / 1e6;
					library[c][round] = (cpuNanos(ids) - libraryBefore) / 1e6;
				}
				finally {
					caches.forEach(TokenCache::close);
				}
			}
		}
		List<Result> results = new ArrayList<>();
		for (int c = 0; c < CACHE_COUNTS.length; c++) {
			results.add(new Result(CACHE_COUNTS[c], median(process[c]), median(library[c]), threadCounts[c]));
		}
		return results;
	}

	private static List<TokenCache> open(int count) {
		List<TokenCache> caches = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			TokenCache cache = TokenCache.builder().build();
			cache.put("client-registration", Tokens.token(i), Tokens.TTL);
			caches.add(cache);
		}
		return caches;
	}

	private long[] libraryThreads() {
		return Arrays.stream(this.threads.getThreadInfo(this.threads.getAllThreadIds()))
			.filter(Objects::nonNull)
			.filter((info) -> info.getThreadName().startsWith("token-cache-"))
			.mapToLong(ThreadInfo::getThreadId)
			.toArray();
	}

	private long cpuNanos(long[] ids) {
		long total = 0;
		for (long id : ids) {
			total += Math.max(0, this.threads.getThreadCpuTime(id));
		}
		return total;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
