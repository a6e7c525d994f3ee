package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * A cache's share of the {@link Scheduler}: while the cache is open it holds the scheduler,
 * whose thread keeps the cache's coarse clock moving and runs its deadlines, and schedules the
 * cache's sweep and its shared tier's periodic tasks on it. A cache on a {@link SteppedTicker} without a sweep needs no thread: its
 * clock is attached to the ticker, which advances it after each step.
 */
final class Background {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

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

	/** The shared tier's tasks, kept across a stop and a start. Guarded by this. */
	private final List<TierTask> tierTasks = new ArrayList<>();

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
		this.holdsThread = !(this.clock.source() instanceof SteppedTicker) || this.sweepNanos > 0
				|| !this.tierTasks.isEmpty();
		if (this.holdsThread) {
			this.scheduler.acquire();
		}
		this.running = true;
		if (this.sweepNanos > 0) {
			this.sweepTask = this.scheduler.scheduleWithFixedDelay(this::sweep, this.sweepNanos);
		}
		this.tierTasks.forEach(TierTask::start);
	}

	/**
	 * Runs a task of the shared tier every interval while the cache runs, also after a stop and
	 * a start, until the handle is closed.
	 */
	synchronized AutoCloseable schedule(Runnable task, Duration interval) {
		TierTask tierTask = new TierTask(task, Arguments.saturatedNanos(interval));
		this.tierTasks.add(tierTask);
		if (this.running) {
			if (!this.holdsThread) {
				this.scheduler.acquire();
				this.holdsThread = true;
			}
			tierTask.start();
		}
		return () -> {
			synchronized (this) {
				this.tierTasks.remove(tierTask);
				tierTask.stop();
			}
		};
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
		this.tierTasks.forEach(TierTask::stop);
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

	/** A periodic task of the shared tier, whose failure is logged and does not end it. Guarded by the outer lock. */
	private final class TierTask {

		private final Runnable task;

		private final long intervalNanos;

		private @Nullable ScheduledFuture<?> future;

		TierTask(Runnable task, long intervalNanos) {
			this.task = task;
			this.intervalNanos = intervalNanos;
		}

		void start() {
			this.future = Background.this.scheduler.scheduleWithFixedDelay(this::run, this.intervalNanos);
		}

		void stop() {
			ScheduledFuture<?> future = this.future;
			this.future = null;
			if (future != null) {
				future.cancel(false);
			}
		}

		private void run() {
			try {
				this.task.run();
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "A task of the cache's shared tier failed; it runs again at its next interval",
						ex);
			}
		}

	}

}
