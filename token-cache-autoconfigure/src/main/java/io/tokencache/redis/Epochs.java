package io.tokencache.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts invalidations, in 64 stripes by key plus one for {@code clear}, so that a lookup can
 * tell whether an invalidation happened while it was loading. A load that read a token from
 * Redis just before another instance deleted it would otherwise store that token after the
 * invalidation reached this instance, and serve it until its refresh point.
 */
final class Epochs {

	private static final int STRIPES = 64;

	private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

	private final AtomicLong clears = new AtomicLong();

	/** Both counters only grow, so the sum changes whenever either does. */
	long read(String key) {
		return this.stripes.get(stripe(key)) + this.clears.get();
	}

	void bump(String key) {
		this.stripes.incrementAndGet(stripe(key));
	}

	void bumpAll() {
		this.clears.incrementAndGet();
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

}
