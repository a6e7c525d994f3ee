package io.tokencache.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Throughput per microsecond of CPU that the benchmark threads actually received.
 *
 * <p>On cores shared with other work, a benchmark thread is descheduled for part of each
 * iteration, and JMH's wall-clock throughput falls with it, by a different amount from one
 * benchmark to the next. Dividing by the threads' CPU time removes that, though not the cache
 * pollution other work leaves behind. With threads that rarely run at the same time, contention
 * between them is also understated, so read it next to the wall-clock score.
 *
 * <p>Use it with {@code -prof io.tokencache.benchmarks.CpuTimeProfiler}; it reports
 * {@code cpu.ops.per.us}, operations per CPU-microsecond of one benchmark thread.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	static final String LABEL = "cpu.ops.per.us";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private long startWall;

	private long startCpu;

	@Override
	public String getDescription() {
		return "Throughput per CPU-microsecond of the benchmark threads";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startCpu = workerCpuNanos();
		this.startWall = System.nanoTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long wall = System.nanoTime() - this.startWall;
		long cpu = workerCpuNanos() - this.startCpu;
		if (cpu <= 0 || !"ops/us".equals(result.getScoreUnit())) {
			return List.of();
		}
		// ops/us over the wall time, times the wall time, is the operations; per CPU microsecond of one thread.
		double operationsPerCpuMicro = result.getPrimaryResult().getScore() * wall / cpu;
		return List.of(new ScalarResult(LABEL, operationsPerCpuMicro, "ops/cpu-us", AggregationPolicy.AVG));
	}

	/** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
	private long workerCpuNanos() {
		ThreadInfo[] infos = this.threads.getThreadInfo(this.threads.getAllThreadIds());
		return Arrays.stream(infos)
			.filter(Objects::nonNull)
			.filter((info) -> info.getThreadName().contains("-jmh-worker-"))
			.mapToLong((info) -> Math.max(this.threads.getThreadCpuTime(info.getThreadId()), 0))
			.sum();
	}

}
