package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test tells it to, so that expiry is checked to the
 * nanosecond without sleeping.
 */
final class FakeTicker implements Ticker {

	private final AtomicLong nanos;

	FakeTicker() {
		this(0);
	}

	FakeTicker(long start) {
		this.nanos = new AtomicLong(start);
	}

	@Override
	public long read() {
		return this.nanos.get();
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	void advanceNanos(long nanos) {
		this.nanos.addAndGet(nanos);
	}

}
