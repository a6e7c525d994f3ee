package io.tokencache.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link StampedeBenchmark} with C threads and turns JMH's per-thread results into loader
 * calls per expiry and caller latency percentiles. JMH's own summary averages the callers of
 * each iteration, which would hide the slow ones, so this reads the raw per-thread results.
 */
final class Stampede {

	private Stampede() {
	}

	/**
	 * One variant at one C.
	 * @param method the benchmark method
	 * @param callers C
	 * @param expiries measured expiries
	 * @param loaderCalls loader calls in each measured expiry
	 * @param latenciesMillis every caller's latency in every measured expiry, sorted
	 */
	record Outcome(String method, int callers, int expiries, List<Integer> loaderCalls, double[] latenciesMillis) {

		double meanLoaderCalls() {
			return this.loaderCalls.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
		}

		int minLoaderCalls() {
			return this.loaderCalls.stream().mapToInt(Integer::intValue).min().orElse(0);
		}

		int maxLoaderCalls() {
			return this.loaderCalls.stream().mapToInt(Integer::intValue).max().orElse(0);
		}

		/** Nearest-rank percentile, so that every value reported is one a caller saw. */
		double percentile(double p) {
			int rank = (int) Math.ceil(p / 100 * this.latenciesMillis.length);
			return this.latenciesMillis[Math.max(rank, 1) - 1];
		}

	}

	static List<Outcome> run(int callers, Throughput.Settings settings) throws RunnerException {
		return run(StampedeBenchmark.class, callers, settings);
	}

	/**
	 * Runs a benchmark of the same shape: single-shot calls, and an auxiliary counter named
	 * {@code loaderCalls} for what each caller loaded.
	 */
	static List<Outcome> run(Class<?> benchmark, int callers, Throughput.Settings settings) throws RunnerException {
		OptionsBuilder options = new OptionsBuilder();
		options.include(Pattern.quote(benchmark.getName()) + "\\.")
			.threads(callers)
			.forks(settings.forks())
			.shouldFailOnError(true)
			.output(settings.log(benchmark.getSimpleName() + "-" + callers + "t.log"));
		List<Outcome> outcomes = new ArrayList<>();
		for (RunResult run : new Runner(options.build()).run()) {
			String name = run.getParams().getBenchmark();
			List<Integer> loaderCalls = new ArrayList<>();
			List<Double> latencies = new ArrayList<>();
			for (BenchmarkResult fork : run.getBenchmarkResults()) {
				for (IterationResult expiry : fork.getIterationResults()) {
					loaderCalls.add(sum(expiry.getRawSecondaryResults().get("loaderCalls")));
					expiry.getRawPrimaryResults().forEach((caller) -> latencies.add(caller.getScore()));
				}
			}
			double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			outcomes.add(new Outcome(name.substring(name.lastIndexOf('.') + 1), callers, loaderCalls.size(),
					loaderCalls, sorted));
		}
		return outcomes;
	}

	private static int sum(Collection<Result> perThread) {
		return (int) Math.round(perThread.stream().mapToDouble(Result::getScore).sum());
	}

}
