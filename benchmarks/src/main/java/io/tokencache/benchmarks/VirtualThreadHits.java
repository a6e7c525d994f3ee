package io.tokencache.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

import com.github.benmanes.caffeine.cache.Cache;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;

/**
 * A new virtual thread per request, as with {@code spring.threads.virtual.enabled=true}: each
 * of {@link #TASKS} tasks starts on a thread of its own, reads one present token out of 1,000,
 * and ends. Rounds rotate the order of the contenders, so that a busy moment of a shared machine
 * falls on each in turn, and the ratios are medians of the per-round ratios.
 *
 * <p>Not JMH: a JMH operation cannot start a thread per call without measuring the join. Needs
 * JDK 21 or later; the module compiles for 17, so virtual threads come from
 * {@code Thread.ofVirtual()} by reflection. Run it with
 * {@code -Djdk.virtualThreadScheduler.parallelism=2} for two carriers.
 */
final class VirtualThreadHits {

	static final int TASKS = 200_000;

	static final int WARMUP_ROUNDS = 3;

	static final int ROUNDS = 15;

	static final String FLOOR = "new thread, no read";

	private static final String MAP = "ConcurrentHashMap.get";

	private static final String CAFFEINE = "Caffeine getIfPresent";

	private static final int WALL = 0;

	private static final int CPU = 1;

	private static final int BYTES = 2;

	private static final int READ = 3;

	/**
	 * A read that takes longer than this was descheduled mid-way, by the machine, not by the
	 * read: it is left out of the read's time and counted in {@link Result#slowReads()}.
	 */
	private static final long DESCHEDULED_NANOS = 10_000;

	private final LongAdder readNanos = new LongAdder();

	private final LongAdder slowReads = new LongAdder();

	private final String[] keys = Tokens.keys(Tokens.KEY_COUNT);

	private final ThreadFactory virtualThreads = virtualThreadFactory();

	private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

	/** Contender name to "read key i and say whether it was there". */
	private final Map<String, IntPredicate> contenders = new LinkedHashMap<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	/**
	 * One contender's medians over the rounds. The comparisons use CPU time, which a busy
	 * machine's descheduling does not inflate, as {@link CpuTimeProfiler} does for JMH.
	 * @param name the contender
	 * @param wallNanosPerTask wall time per task, two carriers running tasks side by side
	 * @param cpuNanosPerTask CPU time of the JVM's platform threads per task: starting the
	 * thread and running it on a carrier (garbage collection, not a Java thread, is left out)
	 * @param bytesPerTask heap allocated per task, by every thread of the JVM
	 * @param timesCaffeine per-round ratio of CPU time to Caffeine's, median
	 * @param nanosOverMap per-round difference of CPU time to {@code ConcurrentHashMap}'s, median
	 * @param readNanos the read alone, timed inside each new thread, less the empty read's time:
	 * the cost of a first read on a new thread, free of the scheduler's, median over rounds
	 * @param readTimesCaffeine per-round ratio of {@code readNanos} to Caffeine's, median
	 * @param slowReads reads left out as descheduled, per round, median
	 */
	record Result(String name, double wallNanosPerTask, double cpuNanosPerTask, double bytesPerTask,
			double timesCaffeine, double nanosOverMap, double readNanos, double readTimesCaffeine, double slowReads) {
	}

	private VirtualThreadHits() {
		ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
		Cache<String, AccessToken> caffeine = UsableWindow.caffeine(TokenCache.DEFAULT_MAXIMUM_SIZE);
		TokenCache cache = TokenCache.builder().build();
		this.closeables.add(cache);
		for (int i = 0; i < this.keys.length; i++) {
			map.put(this.keys[i], Tokens.token(i));
			caffeine.put(this.keys[i], Tokens.accessToken(i));
			cache.put(this.keys[i], Tokens.token(i), Tokens.TTL);
		}
		TokenLoader loader = (key) -> {
			throw new IllegalStateException("Every key is present, so the benchmark must not load");
		};
		this.contenders.put(FLOOR, (i) -> true);
		this.contenders.put(MAP, (i) -> map.get(this.keys[i]) != null);
		this.contenders.put(CAFFEINE, (i) -> caffeine.getIfPresent(this.keys[i]) != null);
		this.contenders.put("TokenCache.get(key)", (i) -> present(cache.get(this.keys[i])));
		this.contenders.put("TokenCache.get(key, loader)", (i) -> cache.get(this.keys[i], loader) != null);
	}

	static List<Result> run() throws Exception {
		VirtualThreadHits hits = new VirtualThreadHits();
		try {
			return hits.measure();
		}
		finally {
			for (AutoCloseable closeable : hits.closeables) {
				closeable.close();
			}
		}
	}

	private List<Result> measure() throws InterruptedException {
		List<String> names = new ArrayList<>(this.contenders.keySet());
		Map<String, double[][]> samples = new LinkedHashMap<>();
		names.forEach((name) -> samples.put(name, new double[4][ROUNDS]));
		double[] slow = new double[ROUNDS];
		for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
			for (int c = 0; c < names.size(); c++) {
				String name = names.get(Math.floorMod(c + round, names.size()));
				this.readNanos.reset();
				this.slowReads.reset();
				long allocatedBefore = allocatedBytes();
				long cpuBefore = cpuNanos();
				long wall = runRound(this.contenders.get(name));
				long cpu = cpuNanos() - cpuBefore;
				long allocated = allocatedBytes() - allocatedBefore;
				if (round >= 0) {
					long timed = TASKS - this.slowReads.sum();
					samples.get(name)[WALL][round] = (double) wall / TASKS;
					samples.get(name)[CPU][round] = (double) cpu / TASKS;
					samples.get(name)[BYTES][round] = (double) allocated / TASKS;
					samples.get(name)[READ][round] = (double) this.readNanos.sum() / timed;
					slow[round] += this.slowReads.sum();
				}
			}
		}
		List<Result> results = new ArrayList<>();
		for (String name : names) {
			double[][] mine = samples.get(name);
			double[] timesCaffeine = new double[ROUNDS];
			double[] overMap = new double[ROUNDS];
			double[] read = new double[ROUNDS];
			double[] readTimesCaffeine = new double[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				timesCaffeine[round] = mine[CPU][round] / samples.get(CAFFEINE)[CPU][round];
				overMap[round] = mine[CPU][round] - samples.get(MAP)[CPU][round];
				double empty = samples.get(FLOOR)[READ][round];
				read[round] = mine[READ][round] - empty;
				readTimesCaffeine[round] = read[round] / (samples.get(CAFFEINE)[READ][round] - empty);
			}
			results.add(new Result(name, median(mine[WALL]), median(mine[CPU]), median(mine[BYTES]),
					median(timesCaffeine), median(overMap), median(read), median(readTimesCaffeine),
					median(slow) / names.size()));
		}
		return results;
	}

	/** Starts every task on a new virtual thread and waits until the last one has read. */
	private long runRound(IntPredicate read) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(TASKS);
		long start = System.nanoTime();
		for (int task = 0; task < TASKS; task++) {
			int key = task % Tokens.KEY_COUNT;
			this.virtualThreads.newThread(() -> {
				long began = System.nanoTime();
				boolean present = read.test(key);
				long nanos = System.nanoTime() - began;
				if (!present) {
					throw new IllegalStateException("Key " + key + " was not present");
				}
				if (nanos < DESCHEDULED_NANOS) {
					this.readNanos.add(nanos);
				}
				else {
					this.slowReads.increment();
				}
				done.countDown();
			}).start();
		}
		done.await();
		return System.nanoTime() - start;
	}

	/**
	 * CPU time of every platform thread: the carriers (which run the virtual threads), the
	 * thread that starts them, and the rest. The process's own counter ticks in 10 ms steps.
	 */
	private long cpuNanos() {
		return Arrays.stream(this.threadBean.getAllThreadIds())
			.map(this.threadBean::getThreadCpuTime)
			.filter((nanos) -> nanos > 0)
			.sum();
	}

	/** Virtual threads run on carrier threads, whose allocation counters include theirs. */
	private long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) this.threadBean;
		return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
			.filter((bytes) -> bytes > 0)
			.sum();
	}

	private static boolean present(Optional<String> token) {
		return token.isPresent();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static ThreadFactory virtualThreadFactory() {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
			return (ThreadFactory) factory.invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need JDK 21 or later; this is "
					+ System.getProperty("java.version"), ex);
		}
	}

}
