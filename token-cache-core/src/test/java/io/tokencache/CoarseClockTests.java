package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coarse clock that real-time caches read on their hit path: it moves only when advanced,
 * runs ahead of its source, stays ahead when a tick comes up to one tick late, and never goes
 * back.
 */
class CoarseClockTests {

	private final FakeTicker ticker = new FakeTicker(1_000);

	private final CoarseClock clock = new CoarseClock(this.ticker);

	@Test
	void publishesItsSourcePlusTheLead() {
		assertThat(this.clock.now()).isEqualTo(CoarseClock.LEAD_NANOS);
		this.ticker.advance(Duration.ofSeconds(1));
		this.clock.advance();
		assertThat(this.clock.now()).isEqualTo(Duration.ofSeconds(1).toNanos() + CoarseClock.LEAD_NANOS);
	}

	@Test
	void movesOnlyWhenAdvanced() {
		long start = this.clock.now();
		this.ticker.advance(Duration.ofMinutes(1));
		assertThat(this.clock.now()).isEqualTo(start);
	}

	/** The next tick is due one tick later; it may come one more tick late. */
	@Test
	void isNotBehindItsSourceUntilTheNextTickIsOneTickLate() {
		this.ticker.advance(Duration.ofSeconds(1));
		this.clock.advance();
		this.ticker.advanceNanos(2 * CoarseClock.TICK_NANOS);
		assertThat(this.clock.now()).isGreaterThanOrEqualTo(elapsedSinceOrigin());
		this.ticker.advanceNanos(1);
		assertThat(this.clock.now()).isLessThan(elapsedSinceOrigin());
	}

	@Test
	void neverGoesBackwards() {
		this.ticker.advance(Duration.ofSeconds(1));
		this.clock.advance();
		long now = this.clock.now();
		this.ticker.advance(Duration.ofMillis(-500));
		this.clock.advance();
		assertThat(this.clock.now()).isEqualTo(now);
	}

	/** docs/design.md, "Time", promises a token is cut short by at most 10 ms. */
	@Test
	void leadIsTwoTicksOfFiveMilliseconds() {
		assertThat(Duration.ofNanos(CoarseClock.TICK_NANOS)).isEqualTo(Duration.ofMillis(5));
		assertThat(Duration.ofNanos(CoarseClock.LEAD_NANOS)).isEqualTo(Duration.ofMillis(10));
	}

	@Test
	void systemClockIsOneInstanceSharedByEveryCache() {
		assertThat(CoarseClock.system()).isSameAs(CoarseClock.system());
	}

	private long elapsedSinceOrigin() {
		return this.ticker.read() - 1_000;
	}

	@Test
	void tickAndLeadAreTheFiveAndTenMillisecondsThatReadmeStates() {
		assertThat(Duration.ofNanos(CoarseClock.TICK_NANOS)).isEqualTo(Duration.ofMillis(5));
		assertThat(Duration.ofNanos(CoarseClock.LEAD_NANOS)).isEqualTo(Duration.ofMillis(10));
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
