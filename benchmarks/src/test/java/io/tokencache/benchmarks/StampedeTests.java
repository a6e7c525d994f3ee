package io.tokencache.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StampedeTests {

	@Test
	void percentilesAreNearestRankSoEachIsALatencyACallerSaw() {
		double[] latencies = new double[100];
		for (int i = 0; i < latencies.length; i++) {
			latencies[i] = i + 1;
		}
		Stampede.Outcome outcome = new Stampede.Outcome("m", 100, 1, List.of(1), latencies);
		assertThat(outcome.percentile(50)).isEqualTo(50);
		assertThat(outcome.percentile(99)).isEqualTo(99);
		assertThat(outcome.percentile(100)).isEqualTo(100);
	}

	@Test
	void percentileOfOneCallerIsItsLatency() {
		Stampede.Outcome outcome = new Stampede.Outcome("m", 1, 1, List.of(1), new double[] { 20.5 });
		assertThat(outcome.percentile(50)).isEqualTo(20.5);
		assertThat(outcome.percentile(99)).isEqualTo(20.5);
	}

	@Test
	void loaderCallsAreSummarisedPerExpiry() {
		Stampede.Outcome outcome = new Stampede.Outcome("m", 8, 3, List.of(8, 6, 7), new double[] { 1 });
		assertThat(outcome.meanLoaderCalls()).isEqualTo(7);
		assertThat(outcome.minLoaderCalls()).isEqualTo(6);
		assertThat(outcome.maxLoaderCalls()).isEqualTo(8);
	}

}
