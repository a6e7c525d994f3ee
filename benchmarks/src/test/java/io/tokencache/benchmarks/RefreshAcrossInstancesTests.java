package io.tokencache.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The refresh-ahead run counts as duplicates only loads that follow another too soon. */
class RefreshAcrossInstancesTests {

	@Test
	void loadsAtLeastTheGapApartAreNotDuplicates() {
		RefreshAcrossInstances.Run run = run(0, 2_040, 4_100, 6_200);
		assertThat(run.loaderCalls()).isEqualTo(4);
		assertThat(run.duplicates()).isZero();
		assertThat(run.shortestGapSeconds()).isEqualTo(2.04);
	}

	@Test
	void aLoadSoonAfterAnotherIsADuplicate() {
		RefreshAcrossInstances.Run run = run(0, 2_000, 2_030, 4_500, 5_499);
		assertThat(run.duplicates()).isEqualTo(2);
		assertThat(run.shortestGapSeconds()).isEqualTo(0.03);
	}

	@Test
	void oneLoadHasNoGap() {
		assertThat(run(0).duplicates()).isZero();
		assertThat(run(0).shortestGapSeconds()).isZero();
	}

	private static RefreshAcrossInstances.Run run(long... startMillis) {
		long[] starts = new long[startMillis.length];
		for (int i = 0; i < starts.length; i++) {
			starts[i] = Duration.ofMillis(startMillis[i]).toNanos();
		}
		return new RefreshAcrossInstances.Run(true, starts, new long[0], new long[0]);
	}

}
