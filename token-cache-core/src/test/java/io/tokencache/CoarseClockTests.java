package io.tokencache;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

	private long elapsedSinceOrigin() {
		return this.ticker.read() - 1_000;
	}

	/** docs/design.md, "Time", promises a token is cut short by at most 10 ms. */
	@Test
	void tickAndLeadAreTheFiveAndTenMillisecondsThatTheDocsState() {
		assertThat(Duration.ofNanos(CoarseClock.TICK_NANOS)).isEqualTo(Duration.ofMillis(5));
		assertThat(Duration.ofNanos(CoarseClock.LEAD_NANOS)).isEqualTo(Duration.ofMillis(10));
	}

	/**
	 * On the real clock, driven by the shared scheduler: never more than the lead ahead of
	 * {@link System#nanoTime()}, and behind it only while a tick is late, which a loaded machine
	 * can make it by a few ticks but not by a second.
	 */
	@Test
	@Timeout(60)
	void systemClockIsAtMostTheLeadEarlyAndCatchesUp() {
		CoarseClock clock = CoarseClock.system();
		Scheduler.shared().acquire();
		try {
			long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
			long latest = Long.MIN_VALUE;
			while (System.nanoTime() - deadline < 0) {
				long before = System.nanoTime() - clock.origin;
				long now = clock.now();
				long after = System.nanoTime() - clock.origin;
				assertThat(now - after).isLessThanOrEqualTo(CoarseClock.LEAD_NANOS);
				assertThat(before - now).isLessThan(Duration.ofSeconds(1).toNanos());
				latest = Math.max(latest, now - before);
				LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
			}
			// At least once, the clock was ahead of real time, as it is whenever its tick is on time.
			assertThat(latest).isPositive();
		}
		finally {
			Scheduler.shared().release();
		}
	}

}
