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
	void resolutionIsFineAgainstBuffersOfMinutes() {
		assertThat(Duration.ofNanos(CoarseClock.RESOLUTION_NANOS)).isLessThanOrEqualTo(Duration.ofMillis(10));
	}

	@Test
	void systemTickerNeverGoesBackwards() {
		Ticker ticker = Ticker.system();
		long previous = ticker.read();
		for (int i = 0; i < 1_000; i++) {
			long next = ticker.read();
			assertThat(next - previous).isNotNegative();
			previous = next;
		}
	}

}
