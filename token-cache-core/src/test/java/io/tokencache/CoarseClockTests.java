package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coarse clock that real-time caches read on their hit path: it moves only when advanced,
 * runs ahead of its source by one resolution, and never goes back.
 */
class CoarseClockTests {

	private final FakeTicker ticker = new FakeTicker(1_000);

	@Test
	void coarseClockRunsOneResolutionAheadOfItsSource() {
		CoarseClock.Coarse clock = CoarseClock.coarse(this.ticker);
		assertThat(clock.now()).isEqualTo(CoarseClock.RESOLUTION_NANOS);
		this.ticker.advance(Duration.ofSeconds(1));
		clock.advance();
		assertThat(clock.now()).isEqualTo(Duration.ofSeconds(1).toNanos() + CoarseClock.RESOLUTION_NANOS);
	}

	@Test
	void coarseClockMovesOnlyWhenAdvanced() {
		CoarseClock.Coarse clock = CoarseClock.coarse(this.ticker);
		long start = clock.now();
		this.ticker.advance(Duration.ofMinutes(1));
		assertThat(clock.now()).isEqualTo(start);
	}

	@Test
	void coarseClockNeverGoesBackwards() {
		CoarseClock.Coarse clock = CoarseClock.coarse(this.ticker);
		this.ticker.advance(Duration.ofSeconds(1));
		clock.advance();
		long now = clock.now();
		this.ticker.advance(Duration.ofMillis(-500));
		clock.advance();
		assertThat(clock.now()).isEqualTo(now);
	}

	@Test
	void directClockReadsItsSourceOnEveryCall() {
		CoarseClock clock = CoarseClock.direct(this.ticker);
		assertThat(clock.now()).isZero();
		this.ticker.advanceNanos(7);
		assertThat(clock.now()).isEqualTo(7);
	}

	@Test
	void resolutionIsTheFiveMillisecondsThatReadmeStates() {
		assertThat(Duration.ofNanos(CoarseClock.RESOLUTION_NANOS)).isEqualTo(Duration.ofMillis(5));
	}

	@Test
	void systemTickerReadsSystemNanoTime() {
		long before = System.nanoTime();
		long reading = Ticker.system().read();
		long after = System.nanoTime();
		assertThat(reading - before).isNotNegative();
		assertThat(after - reading).isNotNegative();
	}

}
