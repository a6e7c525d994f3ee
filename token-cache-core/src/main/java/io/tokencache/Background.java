package io.tokencache;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * A cache's share of the {@link Scheduler}: while the cache is open it holds the scheduler,
 * whose thread keeps the cache's coarse clock moving and runs its deadlines, and schedules the
 * cache's sweep on it. A cache on a {@link SteppedTicker} without a sweep needs no thread: its
 * clock is attached to the ticker, which advances it after each step.
 */
final class Background {

	private final Scheduler scheduler;

	private final CoarseClock clock;

	private final Runnable sweep;

	private final long sweepNanos;

	/** Held while a sweep runs, so that {@link #stop()} can wait for one in progress. */
	private final Object sweeping = new Object();

	/** Guarded by this. */
	private boolean running;

	/** Whether the cache holds the scheduler's thread while running. Guarded by this. */
	private boolean holdsThread;

	/** Guarded by this. */
	private @Nullable ScheduledFuture<?> sweepTask;

	Background(Scheduler scheduler, CoarseClock clock, Runnable sweep, Duration sweepInterval) {
		this.scheduler = scheduler;
		this.clock = clock;
		this.sweep = sweep;
		this.sweepNanos = Arguments.saturatedNanos(sweepInterval);
	}

	synchronized void start() {
		if (this.running) {
			return;
		}
		if (this.clock.source() instanceof SteppedTicker stepped) {
			stepped.attach(this.clock);
		}
		else {
			this.scheduler.attach(this.clock);
		}
		this.holdsThread = !(this.clock.source() instanceof SteppedTicker) || this.sweepNanos > 0;
		if (this.holdsThread) {
			this.scheduler.acquire();
		}
		this.running = true;
		if (this.sweepNanos > 0) {
			this.sweepTask = this.scheduler.scheduleWithFixedDelay(this::sweep, this.sweepNanos);
		}
	}

	synchronized boolean isRunning() {
		return this.running;
	}

	/**
	 * Cancels the sweep, waits for one in progress, and releases the scheduler, whose thread
	 * ends if this was its last user: nothing of the cache runs once this returns.
	 */
	synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		ScheduledFuture<?> sweepTask = this.sweepTask;
		this.sweepTask = null;
		if (sweepTask != null) {
			sweepTask.cancel(false);
			synchronized (this.sweeping) {
				// Any sweep that started before the cancel has finished.
			}
		}
		if (this.holdsThread) {
			this.scheduler.release();
		}
		if (this.clock.source() instanceof SteppedTicker stepped) {
			stepped.detach(this.clock);
		}
		else {
			this.scheduler.detach(this.clock);
		}
	}

	private void sweep() {
		synchronized (this.sweeping) {
			this.sweep.run();
		}
	}

}
