package io.tokencache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ScrapeBenchmark} at every size in one JMH run, so that the sizes are compared on
 * the same machine state.
 */
final class Scrape {

	private Scrape() {
	}

	/**
	 * One method at one size.
	 * @param method the benchmark method
	 * @param entries the number of entries the cache held
	 * @param micros JMH's score: microseconds per operation
	 * @param error JMH's 99.9% confidence half-width
	 */
	record Cost(String method, int entries, double micros, double error) {

		/** Relative errors add in quadrature for a quotient. */
		double ratioError(Cost base) {
			double mine = this.error / this.micros;
			double theirs = base.error / base.micros;
			return (this.micros / base.micros) * Math.sqrt(mine * mine + theirs * theirs);
		}

	}

	static List<Cost> run(Throughput.Settings settings) throws RunnerException {
		OptionsBuilder options = new OptionsBuilder();
		options.include(Pattern.quote(ScrapeBenchmark.class.getName()) + "\\.")
			.forks(settings.forks())
			.warmupIterations(settings.warmupIterations())
			.warmupTime(settings.warmupTime())
			.measurementIterations(settings.measurementIterations())
			.measurementTime(settings.measurementTime())
			.shouldFailOnError(true)
			.output(settings.log(ScrapeBenchmark.class.getSimpleName() + ".log"));
		List<Cost> costs = new ArrayList<>();
		for (RunResult result : new Runner(options.build()).run()) {
			String name = result.getParams().getBenchmark();
			Result<?> primary = result.getPrimaryResult();
			costs.add(new Cost(name.substring(name.lastIndexOf('.') + 1),
					Integer.parseInt(result.getParams().getParam("entries")), primary.getScore(),
					primary.getScoreError()));
		}
		return costs;
	}

	static Cost find(List<Cost> costs, String method, int entries) {
		return costs.stream()
			.filter((cost) -> cost.method().equals(method) && cost.entries() == entries)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No result for " + method + " at " + entries));
	}

}
