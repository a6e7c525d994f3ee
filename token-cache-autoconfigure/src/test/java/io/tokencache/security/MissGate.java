package io.tokencache.security;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;

import io.tokencache.TokenCache;

/**
 * Holds a token request until the cache has counted a given number of new misses, so that every
 * caller of a stampede has missed the cache while the first load is still running. It polls the
 * cache's counters (no sleep stands in for synchronisation: the wait ends on the count, or fails
 * the test at its deadline).
 */
final class MissGate implements Runnable {

	/** Shorter than {@link Callers#TIMEOUT}. */
	private static final long WAIT_NANOS = 60_000_000_000L;

	private final LongSupplier count;

	private final long target;

	private final AtomicBoolean reached = new AtomicBoolean();

	MissGate(TokenCache cache, int callers) {
		this(() -> cache.stats().missCount(), callers);
	}

	/** A gate on another count of callers than the cache's misses. */
	MissGate(LongSupplier count, int callers) {
		this.count = count;
		this.target = count.getAsLong() + callers;
	}

	@Override
	public void run() {
		long deadline = System.nanoTime() + WAIT_NANOS;
		while (this.count.getAsLong() < this.target && System.nanoTime() < deadline) {
			LockSupport.parkNanos(1_000_000);
		}
		this.reached.compareAndSet(false, this.count.getAsLong() >= this.target);
	}

	/** Whether the misses reached the target before the first token request went through. */
	boolean reached() {
		return this.reached.get();
	}

}
