package io.tokencache.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Throughput as it would be if every benchmark thread had had a core to itself.
 *
 * <p>On cores shared with other work, a benchmark thread is descheduled for part of each
 * iteration, and JMH's wall-clock throughput falls with it, by a different amount from one
 * benchmark to the next. This profiler divides the operations by the CPU time the benchmark
 * threads actually received instead: {@code score x iteration time x threads / CPU time}. It
 * equals the JMH score on an idle machine. It removes descheduling, not the cache pollution
 * that other work leaves behind; and threads that rarely run at the same time contend less, so
 * read it next to the wall-clock score.
 *
 * <p>Use it with {@code -prof io.tokencache.benchmarks.CpuTimeProfiler}; it reports
 * {@code cpu.normalized}, in the score's unit.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	static final String LABEL = "cpu.normalized";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private long[] workers = new long[0];

	private long startCpu;

	@Override
	public String getDescription() {
		return "Throughput per CPU time the benchmark threads received";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.workers = workerIds();
		this.startCpu = cpuNanos(this.workers);
	}

	/**
	 * The CPU window is a little wider than JMH's measurement window, because the workers also
	 * run while JMH synchronises their start and stop; that lowers the result by the same small
	 * fraction for every benchmark.
	 */
	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long end = cpuNanos(this.workers);
		if (end <= this.startCpu || this.startCpu < 0 || !"ops/us".equals(result.getScoreUnit())) {
			return List.of();
		}
		double measuredNanos = iterationParams.getTime().convertTo(TimeUnit.NANOSECONDS);
		double cpuPerThread = (double) (end - this.startCpu) / this.workers.length;
		double normalized = result.getPrimaryResult().getScore() * measuredNanos / cpuPerThread;
		return List.of(new ScalarResult(LABEL, normalized, result.getScoreUnit(), AggregationPolicy.AVG));
	}

	/** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
	private long[] workerIds() {
		ThreadInfo[] infos = this.threads.getThreadInfo(this.threads.getAllThreadIds());
		return Arrays.stream(infos)
			.filter(Objects::nonNull)
			.filter((info) -> info.getThreadName().contains("-jmh-worker-"))
			.mapToLong(ThreadInfo::getThreadId)
			.toArray();
	}

	/** The workers' total CPU time, or -1 if any of them has ended and taken its time with it. */
	private long cpuNanos(long[] ids) {
		long total = 0;
		for (long id : ids) {
			long cpu = this.threads.getThreadCpuTime(id);
			if (cpu < 0) {
				return -1;
			}
			total += cpu;
		}
		return total;
	}

}
