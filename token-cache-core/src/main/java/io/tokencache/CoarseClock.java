package io.tokencache;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A clock that a hit reads as one volatile field, in nanoseconds since its origin, and that runs
 * the deadlines set on it when its source passes them.
 *
 * <p>{@link System#nanoTime()} costs several times a {@code ConcurrentHashMap.get}, so reading it
 * on every hit would dominate the hit path (docs/design.md, "Time"). So the {@link Scheduler}'s thread calls
 * {@link #advance()} every {@link #TICK_NANOS}, and a hit reads the published reading. One
 * clock, {@link #system()}, serves every cache of the JVM, so the cost of keeping time does not
 * grow with the number of caches. A cache on a custom {@link Ticker} has a clock of its own on
 * that ticker, advanced by the same thread, or, on a {@link SteppedTicker} (a test's fake
 * ticker), after each of its steps, so that fake time runs the same code.
 *
 * <p>It publishes the source's reading plus {@link #LEAD_NANOS}, two ticks, so it runs ahead of
 * real time by one to two ticks: a token stops being served up to 10 ms early, never late. The
 * second tick of lead is the margin for a tick that comes late, because the scheduler's thread
 * was descheduled or busy: up to one tick late, the clock is still not behind. Deadlines are
 * compared with the source's reading itself, without the lead: they run never early, and up to a
 * tick late.
 */
final class CoarseClock {

	static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	static final long LEAD_NANOS = 2 * TICK_NANOS;

	private static final CoarseClock SYSTEM = new CoarseClock(Ticker.system());

	private final Ticker source;

	/** The source's reading that this clock counts from; read by tests to compare it with its source. */
	final long origin;

	private volatile long now;

	/** Deadlines not yet run, earliest first. Guarded by this. */
	private final TreeSet<Deadline> deadlines = new TreeSet<>();

	/** Numbers the deadlines, so that two due at the same reading are both kept. Guarded by this. */
	private long sequence;

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

	/** The time source, read raw where a duration must be exact (the loader's timing). */
	Ticker source() {
		return this.source;
	}

	/**
	 * Publishes a new reading, then runs the deadlines it passed, on this thread and outside the
	 * lock. Synchronized because the scheduler's thread, a caller that restarts the scheduler and
	 * a test moving its fake ticker may all advance; every 5 ms, the lock costs nothing that matters.
	 */
	void advance() {
		List<Deadline> due = new ArrayList<>(0);
		synchronized (this) {
			long reading = this.source.read() - this.origin;
			if (reading + LEAD_NANOS > this.now) {
				this.now = reading + LEAD_NANOS;
			}
			while (!this.deadlines.isEmpty() && this.deadlines.first().at <= reading) {
				due.add(this.deadlines.pollFirst());
			}
		}
		due.forEach((deadline) -> deadline.task.run());
	}

	/**
	 * Runs a short task once the source has moved {@code delayNanos} past its reading now, on the
	 * thread that advances this clock then, unless {@link #cancel cancelled} first.
	 */
	synchronized Deadline schedule(long delayNanos, Runnable task) {
		long at = Arguments.saturatedAdd(this.source.read() - this.origin, delayNanos);
		Deadline deadline = new Deadline(at, this.sequence++, task);
		this.deadlines.add(deadline);
		return deadline;
	}

	synchronized void cancel(Deadline deadline) {
		this.deadlines.remove(deadline);
	}

	/** A task due when the source reads {@code at} (since the origin). */
	record Deadline(long at, long sequence, Runnable task) implements Comparable<Deadline> {

		@Override
		public int compareTo(Deadline other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
