package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether this instance shares through Redis or, while Redis is unreachable, loads on its own;
 * and what it must tell the others when Redis answers again.
 * <p>
 * The first failed operation switches to local mode. From then on no caller waits for Redis:
 * a probe pings it every {@link #PROBE_INTERVAL} in the background. When it answers, the
 * changes made here in the meantime (puts, invalidations, a clear) are replayed to Redis and
 * published, and only then is sharing resumed. Mode changes and the record of pending changes
 * share one lock, so that no change slips between the replay and the switch back.
 */
final class Sharing implements AutoCloseable {

	/** How often the probe pings a Redis that has failed. */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(Sharing.class);

	private final Clock clock;

	private final ScheduledExecutorService probes;

	/** Keys changed while local, in order; {@code null} key means clear. Guarded by this. */
	private final Map<String, Change> pending = new LinkedHashMap<>();

	private boolean pendingClear;

	private volatile boolean local;

	private volatile @Nullable Instant localSince;

	private volatile @Nullable String lastFailure;

	private @Nullable ScheduledFuture<?> probe;

	private @Nullable Runnable ping;

	private @Nullable Consumer<Replay> resume;

	Sharing(Clock clock) {
		this.clock = clock;
		this.probes = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "token-cache-redis-probe");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Sets what the probe does.
	 * @param ping throws {@link RedisUnavailableException} while Redis is unreachable
	 * @param resume replays the pending changes; may throw {@link RedisUnavailableException}
	 */
	synchronized void onProbe(Runnable ping, Consumer<Replay> resume) {
		this.ping = ping;
		this.resume = resume;
	}

	private volatile boolean closed;

	boolean isShared() {
		return !this.local && !this.closed;
	}

	@Nullable Instant localSince() {
		return this.localSince;
	}

	@Nullable String lastFailure() {
		return this.lastFailure;
	}

	/** Switches to local mode after a failed operation; logs once per outage. */
	void failed(RedisUnavailableException failure) {
		if (this.closed) {
			return;
		}
		this.lastFailure = failure.describe();
		synchronized (this) {
			if (this.local) {
				return;
			}
			this.local = true;
			this.localSince = this.clock.instant();
			long millis = PROBE_INTERVAL.toMillis();
			this.probe = this.probes.scheduleWithFixedDelay(this::probe, millis, millis, TimeUnit.MILLISECONDS);
		}
		logger.warn("Redis tier unreachable (" + this.lastFailure + "); each instance loads its own tokens until "
				+ "Redis answers again");
	}

	/**
	 * Records a change that must reach Redis, if this instance is local.
	 * @return whether it was recorded; {@code false} means the caller sends it to Redis itself
	 */
	synchronized boolean recordIfLocal(String key, Change change) {
		if (!this.local) {
			return false;
		}
		this.pending.remove(key);
		this.pending.put(key, change);
		return true;
	}

	/** Records a clear, which supersedes every pending change; see {@link #recordIfLocal}. */
	synchronized boolean recordClearIfLocal() {
		if (!this.local) {
			return false;
		}
		this.pending.clear();
		this.pendingClear = true;
		return true;
	}

	private void probe() {
		try {
			Runnable ping = this.ping;
			Consumer<Replay> resume = this.resume;
			if (ping == null || resume == null) {
				return;
			}
			ping.run();
			for (boolean first = true;; first = false) {
				Replay replay = takePending(first);
				if (replay == null) {
					break;
				}
				try {
					resume.accept(replay);
				}
				catch (RuntimeException ex) {
					restore(replay);
					throw ex;
				}
			}
			logger.info("Redis tier answers again; sharing tokens resumed");
		}
		catch (RedisUnavailableException ex) {
			this.lastFailure = ex.describe();
		}
		catch (RuntimeException ex) {
			this.lastFailure = ex.getClass().getName();
			logger.warn("Redis tier could not resume sharing (" + ex.getClass().getName() + ")");
		}
	}

	/**
	 * Takes the pending changes, or, when there are none left, resumes sharing: in one step, so
	 * that a change recorded meanwhile is either taken or sent by its caller.
	 * @param first whether this is the first replay of the recovery, which always runs, since
	 * it also drops the local tokens that changed in Redis meanwhile
	 * @return the changes to replay, or {@code null} once sharing has resumed
	 */
	private synchronized @Nullable Replay takePending(boolean first) {
		if (!first && this.pending.isEmpty() && !this.pendingClear) {
			this.local = false;
			this.localSince = null;
			ScheduledFuture<?> probe = this.probe;
			if (probe != null) {
				probe.cancel(false);
			}
			return null;
		}
		Replay replay = new Replay(this.pendingClear, Map.copyOf(this.pending));
		this.pending.clear();
		this.pendingClear = false;
		return replay;
	}

	/**
	 * Runs a task on the probe's thread, never on a Redis client thread, which must not block.
	 * @param task the task; a {@link RedisUnavailableException} it throws switches to local mode
	 */
	void background(Runnable task) {
		try {
			this.probes.execute(guarded(task));
		}
		catch (RejectedExecutionException ex) {
			// closed: nothing left to do
		}
	}

	/**
	 * Runs a short task every {@link #PROBE_INTERVAL} on the probe's thread until closed.
	 * @param task the task; a {@link RedisUnavailableException} it throws switches to local mode
	 */
	void everyInterval(Runnable task) {
		long millis = PROBE_INTERVAL.toMillis();
		try {
			this.probes.scheduleWithFixedDelay(guarded(task), millis, millis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed: nothing left to do
		}
	}

	/** The task, switching to local mode if Redis fails it. */
	private Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RedisUnavailableException ex) {
				failed(ex);
			}
		};
	}

	/** Puts back changes whose replay failed, behind any change recorded since. */
	private synchronized void restore(Replay replay) {
		if (this.pendingClear) {
			return;
		}
		this.pendingClear = replay.clear();
		replay.changes().forEach(this.pending::putIfAbsent);
	}

	/** Stops sharing for good: from now on the cache is local and nothing is logged. */
	@Override
	public void close() {
		this.closed = true;
		this.probes.shutdownNow();
	}

	/** What a key's latest change while local was. */
	enum Change {

		PUT, INVALIDATE

	}

	/**
	 * Changes to send to Redis when it answers again.
	 * @param clear whether every token was removed first
	 * @param changes the latest change of each key since
	 */
	record Replay(boolean clear, Map<String, Change> changes) {

	}

}
