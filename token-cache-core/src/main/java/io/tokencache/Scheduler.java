package io.tokencache;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The one background thread of the JVM, shared by every open cache: it advances the
 * {@link CoarseClock} (and the clocks of caches on custom tickers) every tick, runs the
 * deadlines due on them, and runs the caches' periodic tasks (sweeps). It starts when
 * the first cache acquires it and stops, and is joined, when the last one releases it, so ten
 * idle caches cost what one costs, and none costs anything once all are closed.
 *
 * <p>Tasks must be short and must never block: a tick waits behind them, and the clock has one
 * tick of margin (see {@link CoarseClock}). Blocking work, such as a token load, belongs on an
 * executor of its own; a task here may hand it over.
 */
final class Scheduler {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	/** Prefix of the thread's name, so that tests and thread dumps can find it. */
	static final String THREAD_NAME_PREFIX = "token-cache-";

	static final String THREAD_NAME = THREAD_NAME_PREFIX + "scheduler";

	private static final Scheduler SHARED = new Scheduler(CoarseClock.system());

	private final CoarseClock clock;

	/** Guarded by this. */
	private int users;

	/** Guarded by this. */
	private @Nullable ScheduledThreadPoolExecutor executor;

	/** Guarded by this. */
	private @Nullable Thread thread;

	/** The clocks of custom tickers that each tick advances besides {@link #clock}; replaced, never changed, under this. */
	private volatile CoarseClock[] others = new CoarseClock[0];

	Scheduler(CoarseClock clock) {
		this.clock = clock;
	}

	static Scheduler shared() {
		return SHARED;
	}

	/**
	 * Registers one user, and starts the thread for the first. The clock is advanced before this
	 * returns, since it stood still while no thread ran.
	 */
	synchronized void acquire() {
		if (this.users++ > 0) {
			return;
		}
		this.clock.advance();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, THREAD_NAME);
			thread.setDaemon(true);
			this.thread = thread;
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		executor.scheduleAtFixedRate(this::tick, CoarseClock.TICK_NANOS, CoarseClock.TICK_NANOS,
				TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	/**
	 * Adds a clock of a custom ticker, which every tick then advances too, until it is
	 * {@link #detach detached}. Attaching holds no thread:
	 * a cache {@link #acquire() acquires} the scheduler for that.
	 */
	synchronized void attach(CoarseClock clock) {
		if (clock != this.clock) {
			CoarseClock[] others = Arrays.copyOf(this.others, this.others.length + 1);
			others[others.length - 1] = clock;
			this.others = others;
			clock.advance();
		}
	}

	synchronized void detach(CoarseClock clock) {
		List<CoarseClock> others = new ArrayList<>(Arrays.asList(this.others));
		others.remove(clock);
		this.others = others.toArray(new CoarseClock[0]);
	}

	/**
	 * Advances every clock. A custom ticker that throws is logged and skipped, so that it cannot
	 * end the periodic task, which would stop the time of every cache of the JVM.
	 */
	private void tick() {
		this.clock.advance();
		for (CoarseClock clock : this.others) {
			try {
				clock.advance();
			}
			catch (RuntimeException | Error ex) {
				logger.log(Level.ERROR, "A cache's ticker failed; its clock stands still until it reads again", ex);
			}
		}
	}

	/**
	 * Unregisters one user; the last one stops the thread and waits for it to end, so that no
	 * thread of the library outlives the last cache. The executor terminates a moment before its
	 * thread ends, so the thread is joined as well.
	 */
	synchronized void release() {
		if (this.users == 0) {
			throw new IllegalStateException("Scheduler released more often than acquired");
		}
		if (--this.users > 0) {
			return;
		}
		ScheduledThreadPoolExecutor executor = this.executor;
		Thread thread = this.thread;
		this.executor = null;
		this.thread = null;
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		if (thread == Thread.currentThread()) {
			return;
		}
		try {
			if (executor.awaitTermination(10, TimeUnit.SECONDS) && thread != null) {
				thread.join(TimeUnit.SECONDS.toMillis(10));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Runs a short task every {@code periodNanos}, the first after one period, until cancelled or
	 * until the last user releases the scheduler.
	 * @throws IllegalStateException if no user holds the scheduler
	 */
	synchronized ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long periodNanos) {
		return running().scheduleWithFixedDelay(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Runs a short task once after {@code delayNanos}, unless cancelled first or the last user
	 * releases the scheduler.
	 * @throws IllegalStateException if no user holds the scheduler
	 */
	synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
		return running().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	synchronized int users() {
		return this.users;
	}

	private ScheduledThreadPoolExecutor running() {
		ScheduledThreadPoolExecutor executor = this.executor;
		if (executor == null) {
			throw new IllegalStateException("Scheduler is not acquired");
		}
		return executor;
	}

}
