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
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link RefreshAheadBenchmark} with refresh-ahead on and off in one run, and reports the
 * callers' latency percentiles and the loader calls per refresh point.
 */
final class RefreshAhead {

	static final int CALLERS = 8;

	private RefreshAhead() {
	}

	/**
	 * One setting.
	 * @param refreshAhead {@code on} or {@code off}
	 * @param calls the timed calls
	 * @param p50 the median call, in µs
	 * @param p99 the 99th percentile, in µs
	 * @param max the slowest call, in µs
	 * @param loaderCalls loader calls in each measured iteration, one refresh point each
	 */
	record Outcome(String refreshAhead, long calls, double p50, double p99, double max, List<Integer> loaderCalls) {

		int minLoaderCalls() {
			return this.loaderCalls.stream().mapToInt(Integer::intValue).min().orElse(0);
		}

		int maxLoaderCalls() {
			return this.loaderCalls.stream().mapToInt(Integer::intValue).max().orElse(0);
		}

		double meanLoaderCalls() {
			return this.loaderCalls.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
		}

	}

	static List<Outcome> run(Throughput.Settings settings) throws RunnerException {
		OptionsBuilder options = new OptionsBuilder();
		options.include(Pattern.quote(RefreshAheadBenchmark.class.getName()) + "\\.")
			.threads(CALLERS)
			.forks(settings.forks())
			.shouldFailOnError(true)
			.output(settings.log("RefreshAheadBenchmark-" + CALLERS + "t.log"));
		List<Outcome> outcomes = new ArrayList<>();
		for (RunResult run : new Runner(options.build()).run()) {
			List<Integer> loaderCalls = new ArrayList<>();
			for (BenchmarkResult fork : run.getBenchmarkResults()) {
				for (IterationResult iteration : fork.getIterationResults()) {
					loaderCalls.add(sum(iteration.getRawSecondaryResults().get("loaderCalls")));
				}
			}
			Statistics calls = run.getPrimaryResult().getStatistics();
			outcomes.add(new Outcome(run.getParams().getParam("refreshAhead"), calls.getN(), calls.getPercentile(50),
					calls.getPercentile(99), calls.getMax(), loaderCalls));
		}
		return outcomes;
	}

	private static int sum(Collection<Result> perThread) {
		return (int) Math.round(perThread.stream().mapToDouble(Result::getScore).sum());
	}

}
