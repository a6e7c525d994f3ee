package io.tokencache;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The one daemon thread a cache may own: it advances the coarse clock and sweeps expired
 * entries. It exists only while the cache is open, and only if there is work for it.
 */
final class Background {

	/** Prefix of the thread names, so that tests and thread dumps can find them. */
	static final String THREAD_NAME_PREFIX = "token-cache-";

	private static final AtomicInteger threadNumber = new AtomicInteger();

	/** Advances the coarse clock; null when the cache reads its ticker directly. */
	private final @Nullable Runnable tick;

	private final Runnable sweep;

	private final long sweepNanos;

	private @Nullable ScheduledExecutorService executor;

	private volatile @Nullable Thread thread;

	Background(@Nullable Runnable tick, Runnable sweep, Duration sweepInterval) {
		this.tick = tick;
		this.sweep = sweep;
		this.sweepNanos = Arguments.saturatedNanos(sweepInterval);
	}

	synchronized void start() {
		if (this.executor != null || (this.tick == null && this.sweepNanos == 0)) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, THREAD_NAME_PREFIX + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			this.thread = thread;
			return thread;
		});
		if (this.tick != null) {
			Runnable tick = this.tick;
			tick.run();
			long period = CoarseClock.RESOLUTION_NANOS;
			executor.scheduleAtFixedRate(tick, period, period, TimeUnit.NANOSECONDS);
		}
		if (this.sweepNanos > 0) {
			executor.scheduleWithFixedDelay(this.sweep, this.sweepNanos, this.sweepNanos, TimeUnit.NANOSECONDS);
		}
		this.executor = executor;
	}

	synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Stops and waits for the thread, so that nothing of the cache outlives close(). The executor
	 * terminates a moment before its thread ends, so the thread is joined as well.
	 */
	synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			return;
		}
		this.executor = null;
		executor.shutdownNow();
		try {
			if (executor.awaitTermination(10, TimeUnit.SECONDS)) {
				Thread thread = this.thread;
				if (thread != null) {
					thread.join(TimeUnit.SECONDS.toMillis(10));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
