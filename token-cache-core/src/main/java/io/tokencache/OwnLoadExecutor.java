package io.tokencache;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The executor a cache runs its loads on when the builder is given none.
 *
 * <p>A pool with no core threads: it starts a daemon thread for a load and lets it end after
 * {@link #KEEP_ALIVE_SECONDS} of idleness, so an idle cache has no thread of its own here. It is
 * unbounded because loads are single-flight: there is at most one per key at a time, as many as
 * callers would have blocked in without it, and a bound would let a few hung loads hold up the
 * loads of every other key. It is created on the first load and shut down by {@link #shutdown()}
 * (from {@code close()}), which interrupts running loaders; until {@link #open()} it rejects
 * work, so that a load racing with {@code close()} cannot start a new pool.
 */
final class OwnLoadExecutor implements Executor {

	/** Prefix of the thread names, so that tests and thread dumps can find them. */
	static final String THREAD_NAME_PREFIX = "token-cache-loader-";

	static final long KEEP_ALIVE_SECONDS = 10;

	private static final AtomicInteger threadNumber = new AtomicInteger();

	private @Nullable ThreadPoolExecutor pool;

	private boolean open = true;

	@Override
	public void execute(Runnable load) {
		pool().execute(load);
	}

	private synchronized ThreadPoolExecutor pool() {
		if (!this.open) {
			throw new RejectedExecutionException("TokenCache is closed");
		}
		ThreadPoolExecutor pool = this.pool;
		if (pool == null) {
			pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
					new SynchronousQueue<>(), (task) -> {
						Thread thread = new Thread(task, THREAD_NAME_PREFIX + threadNumber.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
			this.pool = pool;
		}
		return pool;
	}

	synchronized void open() {
		this.open = true;
	}

	/**
	 * Interrupts running loads and waits a moment for their threads to end. A loader that
	 * ignores interruption keeps its daemon thread until it returns; what it loads is not stored.
	 */
	void shutdown() {
		ThreadPoolExecutor pool;
		synchronized (this) {
			this.open = false;
			pool = this.pool;
			this.pool = null;
		}
		if (pool == null) {
			return;
		}
		pool.shutdownNow();
		try {
			pool.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
