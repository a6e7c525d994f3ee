package io.tokencache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test tells it to, so that expiry is checked to the
 * nanosecond without sleeping.
 */
final class FakeTicker implements Ticker {

	private final AtomicLong nanos;

	private final Map<Thread, AtomicLong> reads = new ConcurrentHashMap<>();

	FakeTicker() {
		this(0);
	}

	FakeTicker(long start) {
		this.nanos = new AtomicLong(start);
	}

	@Override
	public long read() {
		this.reads.computeIfAbsent(Thread.currentThread(), (thread) -> new AtomicLong()).incrementAndGet();
		return this.nanos.get();
	}

	/** How often a thread read the ticker: a test can wait until a waiter has looked at the time. */
	long reads(Thread thread) {
		AtomicLong count = this.reads.get(thread);
		return (count != null) ? count.get() : 0;
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	void advanceNanos(long nanos) {
		this.nanos.addAndGet(nanos);
	}

}
