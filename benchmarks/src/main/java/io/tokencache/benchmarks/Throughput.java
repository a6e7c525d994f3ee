package io.tokencache.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every method of a throughput benchmark class at one thread count, one after the other in
 * the same run, with JMH's gc profiler for the allocation per operation.
 */
final class Throughput {

	private Throughput() {
	}

	/**
	 * One benchmark method's result.
	 * @param method the benchmark method
	 * @param threads the number of threads
	 * @param wall JMH's score: operations per microsecond of wall-clock time, all threads
	 * together
	 * @param wallError JMH's 99.9% confidence half-width of {@code wall}
	 * @param cpu the same per CPU time received ({@link CpuTimeProfiler})
	 * @param cpuError the 99.9% confidence half-width of {@code cpu}
	 * @param bytesPerOp bytes allocated per operation ({@code gc.alloc.rate.norm})
	 * @param params the benchmark's {@code @Param} values, such as {@code maximumSize=1000}, or ""
	 */
	record Score(String method, int threads, double wall, double wallError, double cpu, double cpuError,
			double bytesPerOp, String params) {

		/** Ratios use the CPU-normalized throughput, which other work on the cores disturbs least. */
		double ratio(Score base) {
			return this.cpu / base.cpu;
		}

		/** Relative errors add in quadrature for a quotient. */
		double ratioError(Score base) {
			double mine = this.cpuError / this.cpu;
			double theirs = base.cpuError / base.cpu;
			return ratio(base) * Math.sqrt(mine * mine + theirs * theirs);
		}

	}

	static List<Score> run(Class<?> benchmark, int threads, Settings settings) throws RunnerException {
		OptionsBuilder options = new OptionsBuilder();
		options.include(Pattern.quote(benchmark.getName()) + "\\.")
			.threads(threads)
			.forks(settings.forks())
			.warmupIterations(settings.warmupIterations())
			.warmupTime(settings.warmupTime())
			.measurementIterations(settings.measurementIterations())
			.measurementTime(settings.measurementTime())
			.addProfiler(GCProfiler.class)
			.addProfiler(CpuTimeProfiler.class)
			.shouldFailOnError(true)
			.output(settings.log(benchmark.getSimpleName() + "-" + threads + "t.log"));
		List<Score> scores = new ArrayList<>();
		for (RunResult result : new Runner(options.build()).run()) {
			String name = result.getParams().getBenchmark();
			Result<?> primary = result.getPrimaryResult();
			Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.LABEL);
			Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
			scores.add(new Score(name.substring(name.lastIndexOf('.') + 1), threads, primary.getScore(),
					primary.getScoreError(), cpu.getScore(), cpu.getScoreError(),
					(allocation != null) ? allocation.getScore() : Double.NaN, params(result)));
		}
		return scores;
	}

	static Score find(List<Score> scores, String method, int threads) {
		return find(scores, method, threads, "");
	}

	static Score find(List<Score> scores, String method, int threads, String params) {
		return scores.stream()
			.filter((score) -> score.method().equals(method) && score.threads() == threads
					&& score.params().equals(params))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"No result for " + method + " at " + threads + " threads, " + params));
	}

	private static String params(RunResult result) {
		return result.getParams()
			.getParamsKeys()
			.stream()
			.map((key) -> key + "=" + result.getParams().getParam(key))
			.collect(Collectors.joining(","));
	}

	/** How long each run takes; settings that make a short suite on a small machine. */
	record Settings(int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations,
			TimeValue measurementTime, Path logDirectory) {

		String log(String name) {
			return this.logDirectory.resolve(name).toString();
		}

	}

}
