package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import io.tokencache.StatsRecorder;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheCounters;
import io.tokencache.TokenCacheStats;
import io.tokencache.TokenEntryInfo;
import io.tokencache.TokenLoader;
import io.tokencache.redis.Sharing.Change;
import io.tokencache.redis.TierMessage.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenCache} that keeps the local cache in front and shares tokens, loads and
 * invalidations with every other instance through Redis.
 * <p>
 * A hit is the local cache's {@link TokenCache#get(String)}: no Redis round trip, no
 * allocation. A miss goes through the local cache's single flight to a {@link SharedLoader},
 * so that one caller per instance, and one instance per cluster, loads. {@code put},
 * {@code invalidate} and {@code clear} apply here, then in Redis, then are published, so that
 * the other instances drop their copies. While Redis is unreachable this instance runs on its
 * local cache alone and {@link Sharing} replays its changes when Redis answers again.
 */
final class RedisTokenCache implements TokenCache {

	/** A load that keeps being invalidated is returned after this many attempts. */
	private static final int MAXIMUM_ATTEMPTS = 10;

	private final TokenCache local;

	private final SharedTokens tokens;

	private final SharedLoader loader;

	private final Sharing sharing;

	private final String instanceId;

	private final Clock clock;

	private final Epochs epochs = new Epochs();

	/**
	 * Misses counted twice: once by the lookup in front of the local load and once by the load.
	 * Subtracted in {@link #stats()}, so that each lookup counts once.
	 */
	private final LongAdder doubleCountedMisses = new LongAdder();

	RedisTokenCache(TokenCache local, SharedTokens tokens, SharedLoader loader, Sharing sharing, String instanceId,
			Clock clock) {
		this.local = local;
		this.tokens = tokens;
		this.loader = loader;
		this.sharing = sharing;
		this.instanceId = instanceId;
		this.clock = clock;
	}

	@Override
	public Optional<String> get(String key) {
		return this.local.get(key);
	}

	/**
	 * Looks up with the local {@code get(key)} first, which allocates nothing: calling the local
	 * {@code get(key, loader)} with a wrapping loader would allocate the wrapper on every hit.
	 * The miss is a method of its own, so that this one stays small enough to be inlined.
	 */
	@Override
	public String get(String key, TokenLoader loader) {
		Optional<String> hit = this.local.get(key);
		Objects.requireNonNull(loader, "loader");
		return hit.isPresent() ? hit.get() : miss(key, loader);
	}

	/**
	 * Loads through the local cache's single flight and the {@link SharedLoader}. A load during
	 * which an invalidation arrived is discarded and retried, since it may have read the token
	 * that was being invalidated.
	 */
	private String miss(String key, TokenLoader loader) {
		Duration refreshBuffer = this.local.refreshBuffer();
		TokenLoader shared = (k) -> this.loader.load(k, loader, refreshBuffer);
		for (int attempt = 1;; attempt++) {
			this.doubleCountedMisses.increment();
			long epoch = this.epochs.read(key);
			String token = this.local.get(key, shared);
			if (this.epochs.read(key) == epoch || attempt == MAXIMUM_ATTEMPTS) {
				return token;
			}
			this.local.invalidate(key);
		}
	}

	@Override
	public void put(String key, String token, Duration ttl) {
		put(key, token, ttl, this.local.refreshBuffer());
	}

	@Override
	public void put(String key, String token, Duration ttl, Duration refreshBuffer) {
		this.local.put(key, token, ttl, refreshBuffer);
		if (this.sharing.recordIfLocal(key, Change.PUT)) {
			return;
		}
		try {
			this.tokens.write(key, token, ttl, refreshBuffer);
			this.tokens.publish(message(Kind.PUT, key));
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
			this.sharing.recordIfLocal(key, Change.PUT);
		}
	}

	/**
	 * Deletes the token in Redis before dropping the local copy and counting the invalidation,
	 * so that a load that starts after the count cannot read the old token from Redis.
	 */
	@Override
	public void invalidate(String key) {
		Objects.requireNonNull(key, "key");
		if (!this.sharing.recordIfLocal(key, Change.INVALIDATE)) {
			try {
				this.tokens.delete(key);
				publishAfterLocal(key);
				return;
			}
			catch (RedisUnavailableException ex) {
				this.sharing.failed(ex);
				this.sharing.recordIfLocal(key, Change.INVALIDATE);
			}
		}
		dropLocal(key);
	}

	private void publishAfterLocal(String key) {
		dropLocal(key);
		this.tokens.publish(message(Kind.INVALIDATED, key));
	}

	@Override
	public void clear() {
		if (!this.sharing.recordClearIfLocal()) {
			try {
				this.tokens.deleteAll();
				dropAllLocal();
				this.tokens.publish(message(Kind.CLEARED, ""));
				return;
			}
			catch (RedisUnavailableException ex) {
				this.sharing.failed(ex);
				this.sharing.recordClearIfLocal();
			}
		}
		dropAllLocal();
	}

	/** Applies another instance's message. */
	void onMessage(TierMessage message) {
		if (message.sender().equals(this.instanceId)) {
			return;
		}
		switch (message.kind()) {
			case LOADED, LOAD_FAILED -> this.loader.wake(message.key());
			case PUT, INVALIDATED -> {
				dropLocal(message.key());
				this.loader.wake(message.key());
			}
			case CLEARED -> dropAllLocal();
		}
	}

	/**
	 * Drops every local token that Redis no longer holds, or holds in another version: run when
	 * this instance may have missed messages, after its subscription was re-established or Redis
	 * answered again.
	 */
	void reconcile() {
		for (TokenEntryInfo entry : this.local.entries()) {
			String key = entry.key();
			Optional<String> mine = this.local.get(key);
			SharedToken shared = readQuietly(key);
			if (mine.isPresent() && (shared == null || !shared.value().equals(mine.get()))) {
				dropLocal(key);
			}
		}
	}

	private @Nullable SharedToken readQuietly(String key) {
		try {
			return this.tokens.read(key);
		}
		catch (UndecryptableTokenException ex) {
			return null;
		}
	}

	/** Sends the changes made while Redis was unreachable, then drops what it no longer holds. */
	void replay(Sharing.Replay replay) {
		if (replay.clear()) {
			this.tokens.deleteAll();
			this.tokens.publish(message(Kind.CLEARED, ""));
		}
		replay.changes().forEach((key, change) -> {
			if (change == Change.PUT && republish(key)) {
				return;
			}
			this.tokens.delete(key);
			this.tokens.publish(message(Kind.INVALIDATED, key));
		});
		reconcile();
	}

	/** Writes this instance's token for the key to Redis, if it still has a usable one. */
	private boolean republish(String key) {
		Optional<String> token = this.local.get(key);
		Optional<TokenEntryInfo> info = this.local.describe(key);
		if (token.isEmpty() || info.isEmpty()) {
			return false;
		}
		Duration lifetime = Duration.between(this.clock.instant(), info.get().expiresAt());
		if (lifetime.isNegative() || lifetime.isZero()) {
			return false;
		}
		this.tokens.write(key, token.get(), lifetime, Duration.between(info.get().refreshAt(), info.get().expiresAt()));
		this.tokens.publish(message(Kind.PUT, key));
		return true;
	}

	private void dropLocal(String key) {
		this.epochs.bump(key);
		this.local.invalidate(key);
	}

	private void dropAllLocal() {
		this.epochs.bumpAll();
		this.local.clear();
	}

	private String message(Kind kind, String key) {
		return new TierMessage(kind, this.instanceId, key).encode();
	}

	@Override
	public TokenCacheStats stats() {
		TokenCacheStats stats = this.local.stats();
		return new TokenCacheStats(stats.size(), stats.keys(), stats.hitCount(), lookupMisses(stats.missCount()),
				stats.loadSuccessCount(), stats.loadFailureCount(), stats.evictionCount(), stats.putCount(),
				stats.totalLoadSuccessTime(), stats.totalLoadFailureTime(), stats.refreshCount(),
				stats.loadTimeoutCount(), stats.backoffCount());
	}

	@Override
	public TokenCacheCounters counters() {
		TokenCacheCounters counters = this.local.counters();
		return new TokenCacheCounters(counters.hitCount(), lookupMisses(counters.missCount()),
				counters.loadSuccessCount(), counters.loadFailureCount(), counters.evictionCount(),
				counters.putCount(), counters.totalLoadSuccessTime(), counters.totalLoadFailureTime(),
				counters.refreshCount(), counters.loadTimeoutCount(), counters.backoffCount());
	}

	private long lookupMisses(long localMisses) {
		return Math.max(0, localMisses - this.doubleCountedMisses.sum());
	}

	@Override
	public long estimatedSize() {
		return this.local.estimatedSize();
	}

	/** Loads answered from Redis are loads here too: the recorder sees every miss this instance answered. */
	@Override
	public void addStatsRecorder(StatsRecorder recorder) {
		this.local.addStatsRecorder(recorder);
	}

	@Override
	public Optional<TokenEntryInfo> describe(String key) {
		return this.local.describe(key);
	}

	@Override
	public List<TokenEntryInfo> entries() {
		return this.local.entries();
	}

	@Override
	public Duration refreshBuffer() {
		return this.local.refreshBuffer();
	}

	@Override
	public Duration refreshAhead() {
		return this.local.refreshAhead();
	}

	@Override
	public Duration loadTimeout() {
		return this.local.loadTimeout();
	}

	@Override
	public void init() {
		this.local.init();
	}

	@Override
	public void close() {
		this.local.close();
	}

	@Override
	public String toString() {
		return "RedisTokenCache[local=" + this.local + ", shared=" + this.sharing.isShared() + "]";
	}

}
