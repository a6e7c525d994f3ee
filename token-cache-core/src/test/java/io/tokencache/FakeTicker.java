package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test tells it to, so that expiry is checked to the
 * nanosecond without sleeping. Public, and shipped in this module's test jar, so that the
 * auto-configuration's tests use this one too.
 */
public final class FakeTicker implements Ticker {

	private final AtomicLong nanos;

	public FakeTicker() {
		this(0);
	}

	public FakeTicker(long start) {
		this.nanos = new AtomicLong(start);
	}

	@Override
	public long read() {
		return this.nanos.get();
	}

	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	public void advanceNanos(long nanos) {
		this.nanos.addAndGet(nanos);
	}

}
