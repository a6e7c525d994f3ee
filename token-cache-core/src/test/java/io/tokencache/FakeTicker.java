package io.tokencache;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test tells it to, so that expiry is checked to the
 * nanosecond without sleeping. Public, and shipped in this module's test jar, so that the
 * auto-configuration's tests use this one too.
 */
public final class FakeTicker implements SteppedTicker {

	private final AtomicLong nanos;

	/** The clocks of the open caches on this ticker. */
	private final Set<CoarseClock> clocks = ConcurrentHashMap.newKeySet();

	/** Each thread's count of reads, which only that thread writes. */
	private final Map<Thread, long[]> reads = new ConcurrentHashMap<>();

	private final ThreadLocal<long[]> ownReads = ThreadLocal.withInitial(() -> {
		long[] count = new long[1];
		this.reads.put(Thread.currentThread(), count);
		return count;
	});

	public FakeTicker() {
		this(0);
	}

	public FakeTicker(long start) {
		this.nanos = new AtomicLong(start);
	}

	/**
	 * The reading, with no fence or atomic update that {@link System#nanoTime()} lacks, so that it
	 * cannot hide a visibility bug: an opaque read, and a plain count of the reading thread's reads.
	 */
	@Override
	public long read() {
		this.ownReads.get()[0]++;
		return this.nanos.getOpaque();
	}

	/**
	 * How often a thread read the ticker, at least: a test can wait until a waiter has looked at
	 * the time. The count is written without a fence, so it may reach the test a little late.
	 */
	public long reads(Thread thread) {
		long[] count = this.reads.get(thread);
		return (count != null) ? count[0] : 0;
	}

	/**
	 * Moves the time, then advances the clocks of the open caches on this ticker at once, on this
	 * thread, as the scheduler's next tick would: they publish the new reading (plus the coarse
	 * clock's lead) and run the deadlines it passed, such as load timeouts.
	 */
	public void advance(Duration duration) {
		advanceNanos(duration.toNanos());
	}

	public void advanceNanos(long nanos) {
		this.nanos.addAndGet(nanos);
		this.clocks.forEach(CoarseClock::advance);
	}

	@Override
	public void attach(CoarseClock clock) {
		this.clocks.add(clock);
	}

	@Override
	public void detach(CoarseClock clock) {
		this.clocks.remove(clock);
	}

}
