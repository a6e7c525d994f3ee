package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;

import io.tokencache.AccessToken;
import io.tokencache.LocalTokens;
import io.tokencache.SharedTier;
import io.tokencache.TokenLoader;
import io.tokencache.redis.Sharing.Change;
import io.tokencache.redis.TierMessage.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The Redis tier as a step of the cache's load path: loads go through the {@link SharedLoader},
 * so that one instance per cluster loads; {@code put}, {@code invalidate} and {@code clear} are
 * written to Redis, with a new version of the key, and published, so that the other instances
 * drop their copies. While Redis is unreachable the cache runs on its own tokens and
 * {@link Sharing} replays its changes when Redis answers again.
 */
final class RedisSharedTier implements SharedTier {

	private final SharedTokens tokens;

	private final SharedLoader loader;

	private final Sharing sharing;

	private final String instanceId;

	private final KnownKeys keys;

	private volatile @Nullable LocalTokens local;

	private volatile @Nullable AutoCloseable pruning;

	RedisSharedTier(SharedTokens tokens, SharedLoader loader, Sharing sharing, String instanceId, Clock clock) {
		this.tokens = tokens;
		this.loader = loader;
		this.sharing = sharing;
		this.instanceId = instanceId;
		this.keys = new KnownKeys(clock);
	}

	@Override
	public synchronized void bind(LocalTokens local) {
		if (this.local != null) {
			throw new IllegalStateException("The Redis tier is already bound to a TokenCache");
		}
		this.local = local;
		this.sharing.bind(local);
		this.pruning = local.schedule(this::prune, KnownKeys.GRACE);
	}

	/** Forgets the ids that this instance no longer needs; short, on the cache's background thread. */
	void prune() {
		LocalTokens local = this.local;
		if (local != null) {
			this.keys.prune(local.keys());
		}
	}

	/** Stops pruning, as the tier stops. */
	void close() {
		AutoCloseable pruning = this.pruning;
		if (pruning != null) {
			try {
				pruning.close();
			}
			catch (Exception ex) {
				// Cancelling a scheduled task does not fail.
			}
		}
	}

	/** How many ids this instance knows the key of. */
	int knownKeys() {
		return this.keys.size();
	}

	@Override
	public AccessToken load(String key, TokenLoader loader, @Nullable String held) throws Exception {
		String id = this.tokens.names().id(key);
		this.keys.loadStarted(id, key);
		try {
			if (this.sharing.isShared()) {
				try {
					return this.loader.load(key, loader, held, local().refreshBuffer());
				}
				catch (RedisUnavailableException ex) {
					this.sharing.failed(ex);
				}
			}
			return this.loader.loadLocally(key, loader);
		}
		finally {
			this.keys.loadEnded(id, key);
		}
	}

	@Override
	public void put(String key, AccessToken token, Duration refreshBuffer) {
		String id = remember(key);
		if (this.sharing.recordIfLocal(key, Change.PUT)) {
			return;
		}
		try {
			this.tokens.put(key, token, refreshBuffer);
			this.tokens.publish(message(Kind.PUT, id));
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
			this.sharing.recordIfLocal(key, Change.PUT);
		}
	}

	@Override
	public void invalidate(String key) {
		String id = remember(key);
		if (this.sharing.recordIfLocal(key, Change.INVALIDATE)) {
			return;
		}
		try {
			this.tokens.invalidate(key);
			this.tokens.publish(message(Kind.INVALIDATED, id));
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
			this.sharing.recordIfLocal(key, Change.INVALIDATE);
		}
	}

	@Override
	public void clear() {
		if (this.sharing.recordClearIfLocal()) {
			return;
		}
		try {
			this.tokens.clear();
			this.tokens.publish(message(Kind.CLEARED, ""));
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
			this.sharing.recordClearIfLocal();
		}
	}

	/** Applies another instance's message. */
	void onMessage(TierMessage message) {
		LocalTokens local = this.local;
		if (message.sender().equals(this.instanceId) || local == null) {
			return;
		}
		switch (message.kind()) {
			case LOADED, LOAD_FAILED -> this.loader.wake(message.key());
			case PUT, INVALIDATED -> {
				String key = this.keys.key(message.key());
				if (key != null) {
					local.drop(key);
				}
				this.loader.wake(message.key());
			}
			case CLEARED -> local.dropAll();
			case HEARTBEAT -> {
				// Only the sender's own heartbeats matter, to the sender.
			}
		}
	}

	/**
	 * Drops every local token that Redis no longer holds, or holds in another version: run when
	 * this instance may have missed messages, after its subscription was re-established or Redis
	 * answered again. A token past its refresh point, kept only to serve if a load fails, is
	 * dropped too: it cannot be compared, and a missed invalidation must not let it be served.
	 */
	void reconcile() {
		LocalTokens local = local();
		for (String key : local.keys()) {
			AccessToken mine = local.held(key);
			SharedToken shared = this.tokens.read(key).token();
			if (mine == null || shared == null || !shared.value().equals(mine.value())) {
				local.drop(key);
			}
		}
	}

	/** Sends the changes made while Redis was unreachable, then drops what it no longer holds. */
	void replay(Sharing.Replay replay) {
		if (replay.clear()) {
			this.tokens.clear();
			this.tokens.publish(message(Kind.CLEARED, ""));
		}
		replay.changes().forEach((key, change) -> {
			String id = remember(key);
			AccessToken held = (change == Change.PUT) ? local().held(key) : null;
			if (held != null) {
				this.tokens.put(key, held, local().refreshBuffer());
				this.tokens.publish(message(Kind.PUT, id));
			}
			else {
				this.tokens.invalidate(key);
				this.tokens.publish(message(Kind.INVALIDATED, id));
			}
		});
		reconcile();
	}

	private String remember(String key) {
		String id = this.tokens.names().id(key);
		this.keys.touch(id, key);
		return id;
	}

	private LocalTokens local() {
		LocalTokens local = this.local;
		if (local == null) {
			throw new IllegalStateException("The Redis tier is not bound to a TokenCache");
		}
		return local;
	}

	private TierMessage message(Kind kind, String id) {
		return new TierMessage(kind, this.instanceId, id);
	}

	/** Whether a cache was built with this tier. */
	boolean isBound() {
		return this.local != null;
	}

	SharedLoader loader() {
		return this.loader;
	}

	@Override
	public String toString() {
		return "RedisSharedTier[shared=" + this.sharing.isShared() + "]";
	}

}
