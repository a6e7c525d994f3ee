package io.tokencache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test tells it to, so that expiry is checked to the
 * nanosecond without sleeping. Public, and shipped in this module's test jar, so that the
 * auto-configuration's tests use this one too.
 */
public final class FakeTicker implements Ticker {

	private final AtomicLong nanos;

	private final Map<Thread, AtomicLong> reads = new ConcurrentHashMap<>();

	public FakeTicker() {
		this(0);
	}

	public FakeTicker(long start) {
		this.nanos = new AtomicLong(start);
	}

	@Override
	public long read() {
		this.reads.computeIfAbsent(Thread.currentThread(), (thread) -> new AtomicLong()).incrementAndGet();
		return this.nanos.get();
	}

	/** How often a thread read the ticker: a test can wait until a waiter has looked at the time. */
	public long reads(Thread thread) {
		AtomicLong count = this.reads.get(thread);
		return (count != null) ? count.get() : 0;
	}

	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	public void advanceNanos(long nanos) {
		this.nanos.addAndGet(nanos);
	}

}
