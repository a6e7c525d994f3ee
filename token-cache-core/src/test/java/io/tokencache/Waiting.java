package io.tokencache;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, without sleeping, until threads are parked: the only place a caller of
 * {@code get(key, loader)} parks is while it waits for another caller's load.
 */
final class Waiting {

	private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

	private Waiting() {
	}

	static void until(BooleanSupplier condition, String description) {
		long deadline = System.nanoTime() + TIMEOUT_NANOS;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out waiting until " + description);
			}
			Thread.yield();
		}
	}

	static void untilParked(Thread thread) {
		untilParked(java.util.List.of(thread));
	}

	static void untilParked(Collection<Thread> threads) {
		long deadline = System.nanoTime() + TIMEOUT_NANOS;
		for (Thread thread : threads) {
			while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError(thread.getName() + " did not park; it is " + thread.getState());
				}
				Thread.yield();
			}
		}
	}

}
