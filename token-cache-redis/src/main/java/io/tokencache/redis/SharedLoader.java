package io.tokencache.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.tokencache.AccessToken;
import io.tokencache.TokenLoader;
import io.tokencache.redis.SharedTokens.Read;
import io.tokencache.redis.TierMessage.Kind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Cluster-wide single flight. It runs inside the cache's own single flight, so on each instance
 * one load per key gets here, and it either reads the token another instance shared, or takes
 * the key's lock ({@code SET NX PX} with this instance's id) and calls the real loader, or waits
 * for the instance that holds the lock. A waiter is woken by that instance's pub/sub message, or
 * by its own poll, since pub/sub may drop a message; at every wake-up it reads Redis and tries
 * the lock again, so it takes over once a dead holder's lease lapses. A duplicate load after a
 * lapse is harmless, so one Redis node is enough: no Redlock.
 * <p>
 * The holder writes its token only if the key's version is still the one it read before taking
 * the lock. If a put, invalidation or clear changed it meanwhile, on any instance, the loaded
 * token is discarded: the holder serves the token now shared, or, if there is none, loads again.
 */
final class SharedLoader {

	private static final Log logger = LogFactory.getLog(SharedLoader.class);

	/** Loads whose write keeps losing to invalidations serve their last token unshared after this many. */
	static final int MAXIMUM_LOADS = 3;

	private final SharedTokens tokens;

	private final Sharing sharing;

	private final String owner;

	private final Duration lockLease;

	private final long pollNanos;

	/** The waiting load of each Redis id on this instance: the cache's single flight admits one. */
	private final Map<String, CountDownLatch> wakeups = new ConcurrentHashMap<>();

	private final LongAdder sharedReads = new LongAdder();

	private final LongAdder loaderCalls = new LongAdder();

	private final LongAdder localLoads = new LongAdder();

	private final LongAdder discardedWrites = new LongAdder();

	private volatile boolean warnedUndecryptable;

	SharedLoader(SharedTokens tokens, Sharing sharing, String owner, Duration lockLease, Duration pollInterval) {
		this.tokens = tokens;
		this.sharing = sharing;
		this.owner = owner;
		this.lockLease = lockLease;
		this.pollNanos = pollInterval.toNanos();
	}

	/**
	 * Gets the key's token from Redis, or from the loader under the cluster-wide lock.
	 * @param held the token being refreshed ahead, which a shared read must not answer with
	 * @param refreshBuffer the buffer stored with a loaded token
	 * @throws RedisUnavailableException if Redis failed before the loader was called
	 */
	AccessToken load(String key, TokenLoader loader, @Nullable String held, Duration refreshBuffer)
			throws Exception {
		String id = this.tokens.names().id(key);
		while (true) {
			CountDownLatch wakeup = new CountDownLatch(1);
			this.wakeups.put(id, wakeup);
			try {
				Read read = this.tokens.read(key);
				AccessToken shared = usable(key, read, held);
				if (shared != null) {
					return shared;
				}
				if (this.tokens.tryLock(key, this.owner, this.lockLease)) {
					return loadLocked(key, loader, held, refreshBuffer, read.version());
				}
				// Registered before the read, so a message sent after it is not missed.
				wakeup.await(this.pollNanos, TimeUnit.NANOSECONDS);
			}
			finally {
				this.wakeups.remove(id, wakeup);
			}
		}
	}

	/** Counts a load made without Redis, because it was unreachable. */
	AccessToken loadLocally(String key, TokenLoader loader) throws Exception {
		this.localLoads.increment();
		return loader.load(key);
	}

	private AccessToken loadLocked(String key, TokenLoader loader, @Nullable String held, Duration refreshBuffer,
			String version) throws Exception {
		boolean loaded = false;
		try {
			// The holder before us may have stored the token between our read and our lock.
			Read read = this.tokens.read(key);
			AccessToken shared = usable(key, read, held);
			if (shared != null) {
				loaded = true;
				return shared;
			}
			AccessToken token = loadAndShare(key, loader, held, refreshBuffer, version);
			loaded = true;
			return token;
		}
		finally {
			release(key, loaded);
		}
	}

	/**
	 * Calls the loader and writes its token if the version is unchanged. After a lost write it
	 * serves the token shared now, or loads again: an invalidation meanwhile means the token it
	 * loaded may be the one rejected.
	 */
	private AccessToken loadAndShare(String key, TokenLoader loader, @Nullable String held, Duration refreshBuffer,
			String version) throws Exception {
		String expected = version;
		for (int load = 1;; load++) {
			this.loaderCalls.increment();
			AccessToken token = loader.load(key);
			if (token == null) {
				throw new IllegalStateException("TokenLoader returned null");
			}
			Read now;
			try {
				if (this.tokens.writeIfVersion(key, expected, token, refreshBuffer)) {
					return token;
				}
				this.discardedWrites.increment();
				now = this.tokens.read(key);
			}
			catch (RedisUnavailableException ex) {
				// The token is loaded: this instance serves it, and shares again once Redis answers.
				this.sharing.failed(ex);
				return token;
			}
			AccessToken shared = usable(key, now, held);
			if (shared != null) {
				return shared;
			}
			if (load == MAXIMUM_LOADS) {
				return token;
			}
			expected = now.version();
		}
	}

	private void release(String key, boolean loaded) {
		try {
			this.tokens.publish(new TierMessage(loaded ? Kind.LOADED : Kind.LOAD_FAILED, this.owner,
					this.tokens.names().id(key)));
			this.tokens.unlock(key, this.owner);
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
		}
	}

	private @Nullable AccessToken usable(String key, Read read, @Nullable String held) {
		if (read.undecryptable() && !this.warnedUndecryptable) {
			this.warnedUndecryptable = true;
			logger.warn(new UndecryptableTokenException(key).getMessage());
		}
		SharedToken shared = read.token();
		if (shared == null || !shared.isUsable() || shared.value().equals(held)) {
			return null;
		}
		this.sharedReads.increment();
		return new AccessToken(shared.value(), shared.remaining());
	}

	/** Wakes this instance's waiter for the Redis id, if any, after another instance's message. */
	void wake(String id) {
		CountDownLatch wakeup = this.wakeups.get(id);
		if (wakeup != null) {
			wakeup.countDown();
		}
	}

	/** Tokens taken from Redis instead of being loaded. */
	long sharedReads() {
		return this.sharedReads.sum();
	}

	/** Loader calls made under the cluster-wide lock. */
	long loaderCalls() {
		return this.loaderCalls.sum();
	}

	/** Loader calls made without Redis, because it was unreachable. */
	long localLoads() {
		return this.localLoads.sum();
	}

	/** Loaded tokens not written because a put, invalidation or clear changed the key meanwhile. */
	long discardedWrites() {
		return this.discardedWrites.sum();
	}

}
