package io.tokencache.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThroughputTests {

	@Test
	void ratioUsesCpuNormalizedScoresAndAddsTheirRelativeErrorsInQuadrature() {
		Throughput.Score mine = new Throughput.Score("a", 2, 80, 30, 100, 10, 0, "");
		Throughput.Score base = new Throughput.Score("b", 2, 20, 30, 50, 5, 0, "");
		assertThat(mine.ratio(base)).isEqualTo(2.0);
		assertThat(mine.ratioError(base)).isCloseTo(2 * Math.sqrt(0.02), within(1e-12));
	}

}
