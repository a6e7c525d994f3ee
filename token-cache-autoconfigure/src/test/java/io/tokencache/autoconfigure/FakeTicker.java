package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.tokencache.Ticker;

/**
 * A {@link Ticker} that moves only when a test advances it.
 */
final class FakeTicker implements Ticker {

	private final AtomicLong nanos = new AtomicLong();

	@Override
	public long read() {
		return this.nanos.get();
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
