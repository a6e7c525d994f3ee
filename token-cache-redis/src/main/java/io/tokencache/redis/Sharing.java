package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.tokencache.LocalTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * Whether this instance shares through Redis or, while Redis is unreachable, loads on its own;
 * and what it must tell the others when Redis answers again.
 * <p>
 * The first failed operation switches to local mode. From then on no caller waits for Redis:
 * a probe pings it every {@link #PROBE_INTERVAL} in the background. When it answers, the
 * changes made here in the meantime (puts, invalidations, a clear) are replayed to Redis and
 * published, and only then is sharing resumed. Mode changes and the record of pending changes
 * share one lock, so that no change slips between the replay and the switch back.
 * <p>
 * The tier has no thread of its own. The probe and the heartbeat are timed by the cache's
 * background thread ({@link LocalTokens#schedule}), from the moment the cache binds the tier;
 * that thread keeps every cache's clock moving, so its tasks never wait for Redis. The
 * heartbeat only starts an asynchronous publish. The probe's recovery is a sequence of Redis
 * calls, each under the tier's timeout, and the connection factory may connect synchronously
 * on the first of them, so each probe run is handed to Reactor's shared
 * {@link Schedulers#boundedElastic() bounded elastic} pool, at most one run at a time.
 */
final class Sharing implements AutoCloseable {

	/** How often the probe pings a Redis that has failed. */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(Sharing.class);

	private final Clock clock;

	/** Set once the cache binds the tier: it times the probe and the heartbeat. Guarded by this. */
	private @Nullable LocalTokens scheduling;

	private @Nullable AutoCloseable heartbeat;

	private @Nullable Runnable heartbeatTask;

	/** Whether a probe run is in progress, so that a slow one is never overlapped by the next. */
	private final AtomicBoolean probing = new AtomicBoolean();

	/** Keys changed while local, in order; {@code null} key means clear. Guarded by this. */
	private final Map<String, Change> pending = new LinkedHashMap<>();

	private boolean pendingClear;

	private volatile boolean local;

	private volatile @Nullable Instant localSince;

	private volatile @Nullable String lastFailure;

	private @Nullable AutoCloseable probe;

	private @Nullable Runnable ping;

	private @Nullable Consumer<Replay> resume;

	Sharing(Clock clock) {
		this.clock = clock;
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

	/**
	 * Sets the heartbeat, a short task that must not block, run every {@link #PROBE_INTERVAL}
	 * once the cache binds the tier.
	 * @param task the task; a {@link RedisUnavailableException} it throws switches to local mode
	 */
	synchronized void onHeartbeat(Runnable task) {
		this.heartbeatTask = task;
	}

	/**
	 * Starts the heartbeat, and the probe if Redis already failed, on the cache's background
	 * thread; before, as the tier connects while the application starts, nothing is timed.
	 */
	synchronized void bind(LocalTokens scheduling) {
		if (this.closed) {
			return;
		}
		this.scheduling = scheduling;
		Runnable heartbeat = this.heartbeatTask;
		if (heartbeat != null) {
			this.heartbeat = scheduling.schedule(guarded(heartbeat), PROBE_INTERVAL);
		}
		if (this.local) {
			startProbe();
		}
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
			startProbe();
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

	/** Times the probe on the cache's background thread, once the cache is bound; guarded by this. */
	private void startProbe() {
		LocalTokens scheduling = this.scheduling;
		if (scheduling != null && this.probe == null) {
			this.probe = scheduling.schedule(this::handOverProbe, PROBE_INTERVAL);
		}
	}

	/** Runs on the cache's background thread, so it only hands the probe over. */
	private void handOverProbe() {
		if (this.closed || !this.probing.compareAndSet(false, true)) {
			return;
		}
		try {
			Schedulers.boundedElastic().schedule(() -> {
				try {
					probe();
				}
				finally {
					this.probing.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.probing.set(false);
		}
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
			closeQuietly(this.probe);
			this.probe = null;
			return null;
		}
		Replay replay = new Replay(this.pendingClear, Map.copyOf(this.pending));
		this.pending.clear();
		this.pendingClear = false;
		return replay;
	}

	/**
	 * Runs a task that calls Redis and waits for it, handed over from a Redis client thread,
	 * which must not block, to Reactor's shared bounded elastic pool.
	 * @param task the task; a {@link RedisUnavailableException} it throws switches to local mode
	 */
	void background(Runnable task) {
		if (this.closed) {
			return;
		}
		try {
			Schedulers.boundedElastic().schedule(guarded(task));
		}
		catch (RejectedExecutionException ex) {
			// Reactor's pool is shut down: the JVM is ending.
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
	public synchronized void close() {
		this.closed = true;
		closeQuietly(this.probe);
		this.probe = null;
		closeQuietly(this.heartbeat);
		this.heartbeat = null;
	}

	private static void closeQuietly(@Nullable AutoCloseable task) {
		if (task == null) {
			return;
		}
		try {
			task.close();
		}
		catch (Exception ex) {
			logger.debug("Could not cancel a task of the Redis tier", ex);
		}
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
