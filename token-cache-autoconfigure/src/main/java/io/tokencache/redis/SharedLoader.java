package io.tokencache.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.tokencache.AccessToken;
import io.tokencache.TokenLoader;
import io.tokencache.redis.TierMessage.Kind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Cluster-wide single flight. It runs inside the local cache's own single flight, so on each
 * instance one caller per key gets here, and it either reads the token another instance
 * shared, or takes the key's lock ({@code SET NX PX} with this instance's id) and calls the
 * real loader, or waits for the instance that holds the lock. A waiter is woken by that
 * instance's pub/sub message, or by its own poll, since pub/sub may drop a message; at every
 * wake-up it reads Redis and tries the lock again, so it takes over once a dead holder's lease
 * lapses. A duplicate load after a lapse is harmless, so one Redis node is enough: no Redlock.
 */
final class SharedLoader {

	private static final Log logger = LogFactory.getLog(SharedLoader.class);

	private final SharedTokens tokens;

	private final Sharing sharing;

	private final String owner;

	private final Duration lockLease;

	private final long pollNanos;

	/** The waiting caller of each key on this instance: the local single flight admits one. */
	private final Map<String, CountDownLatch> wakeups = new ConcurrentHashMap<>();

	private final LongAdder sharedReads = new LongAdder();

	private final LongAdder loaderCalls = new LongAdder();

	private final LongAdder localLoads = new LongAdder();

	private volatile boolean warnedUndecryptable;

	SharedLoader(SharedTokens tokens, Sharing sharing, String owner, Duration lockLease, Duration pollInterval) {
		this.tokens = tokens;
		this.sharing = sharing;
		this.owner = owner;
		this.lockLease = lockLease;
		this.pollNanos = pollInterval.toNanos();
	}

	/**
	 * Gets the key's token from Redis, from the loader under the cluster-wide lock, or, when
	 * Redis is unreachable, from the loader alone.
	 * @param refreshBuffer the local cache's buffer, stored with a loaded token
	 */
	@Nullable AccessToken load(String key, TokenLoader loader, Duration refreshBuffer) throws Exception {
		if (this.sharing.isShared()) {
			try {
				return loadShared(key, loader, refreshBuffer);
			}
			catch (RedisUnavailableException ex) {
				this.sharing.failed(ex);
			}
		}
		this.localLoads.increment();
		return loader.load(key);
	}

	private @Nullable AccessToken loadShared(String key, TokenLoader loader, Duration refreshBuffer)
			throws Exception {
		while (true) {
			CountDownLatch wakeup = new CountDownLatch(1);
			this.wakeups.put(key, wakeup);
			try {
				AccessToken shared = readUsable(key);
				if (shared != null) {
					return shared;
				}
				if (this.tokens.tryLock(key, this.owner, this.lockLease)) {
					return loadLocked(key, loader, refreshBuffer);
				}
				// Registered before the read, so a message sent after it is not missed.
				wakeup.await(this.pollNanos, TimeUnit.NANOSECONDS);
			}
			finally {
				this.wakeups.remove(key, wakeup);
			}
		}
	}

	private @Nullable AccessToken loadLocked(String key, TokenLoader loader, Duration refreshBuffer)
			throws Exception {
		boolean loaded = false;
		try {
			// The holder before us may have stored the token between our read and our lock.
			AccessToken shared = readUsable(key);
			if (shared != null) {
				loaded = true;
				return shared;
			}
			this.loaderCalls.increment();
			AccessToken token = loader.load(key);
			if (token != null) {
				loaded = true;
				share(key, token, refreshBuffer);
			}
			return token;
		}
		finally {
			release(key, loaded);
		}
	}

	/** Stores a loaded token for the others; if Redis fails now, this instance still has it. */
	private void share(String key, AccessToken token, Duration refreshBuffer) {
		try {
			this.tokens.write(key, token.value(), token.expiresIn(), refreshBuffer);
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
		}
	}

	private void release(String key, boolean loaded) {
		try {
			this.tokens.publish(new TierMessage(loaded ? Kind.LOADED : Kind.LOAD_FAILED, this.owner, key).encode());
			this.tokens.unlock(key, this.owner);
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
		}
	}

	private @Nullable AccessToken readUsable(String key) {
		SharedToken shared;
		try {
			shared = this.tokens.read(key);
		}
		catch (UndecryptableTokenException ex) {
			if (!this.warnedUndecryptable) {
				this.warnedUndecryptable = true;
				logger.warn(ex.getMessage());
			}
			return null;
		}
		if (shared == null || !shared.isUsable()) {
			return null;
		}
		this.sharedReads.increment();
		return new AccessToken(shared.value(), shared.remaining());
	}

	/** Wakes this instance's waiter for the key, if any, after another instance's message. */
	void wake(String key) {
		CountDownLatch wakeup = this.wakeups.get(key);
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

}
