package io.tokencache;

import java.util.concurrent.TimeUnit;

/**
 * A clock that a hit reads as one volatile field, in nanoseconds since its origin.
 *
 * <p>{@link System#nanoTime()} costs several times a {@code ConcurrentHashMap.get}, so reading it
 * on every hit would dominate the hit path (docs/design.md, "Time"). So the {@link Scheduler}'s thread calls
 * {@link #advance()} every {@link #TICK_NANOS}, and a hit reads the published reading. One
 * clock, {@link #system()}, serves every cache of the JVM, so the cost of keeping time does not
 * grow with the number of caches.
 *
 * <p>It publishes the source's reading plus {@link #LEAD_NANOS}, two ticks, so it runs ahead of
 * real time by one to two ticks: a token stops being served up to 10 ms early, never late. The
 * second tick of lead is the margin for a tick that comes late, because the scheduler's thread
 * was descheduled or busy: up to one tick late, the clock is still not behind.
 */
final class CoarseClock {

	static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	static final long LEAD_NANOS = 2 * TICK_NANOS;

	private static final CoarseClock SYSTEM = new CoarseClock(Ticker.system());

	private final Ticker source;

	/** The source's reading that this clock counts from; read by tests to compare it with its source. */
	final long origin;

	private volatile long now;

	CoarseClock(Ticker source) {
		this.source = source;
		this.origin = source.read();
		advance();
	}

	/** The JVM's one real-time clock; static final, so that the JIT reads its field directly. */
	static CoarseClock system() {
		return SYSTEM;
	}

	/** Nanoseconds since the origin, ahead of the source; never decreasing. */
	long now() {
		return this.now;
	}

	/**
	 * Publishes a new reading. Synchronized because the scheduler's thread and a caller that
	 * restarts the scheduler may both advance; every 5 ms, the lock costs nothing that matters.
	 */
	synchronized void advance() {
		long reading = this.source.read() - this.origin + LEAD_NANOS;
		if (reading > this.now) {
			this.now = reading;
		}
	}

}
