package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.tokencache.AccessToken;

/**
 * A Caffeine variable {@link Expiry} that ends each token's life at TokenCache's refresh point,
 * {@code ttl - min(buffer, ttl / 2)}: what a user of Caffeine would write to get the same
 * behaviour, and so the fair opponent.
 */
final class UsableWindow implements Expiry<String, AccessToken> {

	private final long bufferNanos;

	private UsableWindow(Duration buffer) {
		this.bufferNanos = buffer.toNanos();
	}

	/**
	 * Builds the Caffeine cache the benchmarks compare with: per-entry expiry, and bounded as
	 * TokenCache is by default.
	 */
	static Cache<String, AccessToken> caffeine(long maximumSize) {
		return Caffeine.newBuilder().expireAfter(forTokens()).maximumSize(maximumSize).build();
	}

	/** As {@link #caffeine(long)}, with Caffeine's maintenance, eviction included, on the given executor. */
	static Cache<String, AccessToken> caffeine(long maximumSize, Executor executor) {
		return Caffeine.newBuilder().expireAfter(forTokens()).maximumSize(maximumSize).executor(executor).build();
	}

	static UsableWindow forTokens() {
		return new UsableWindow(Tokens.REFRESH_BUFFER);
	}

	@Override
	public long expireAfterCreate(String key, AccessToken token, long currentTime) {
		long ttl = token.expiresIn().toNanos();
		return ttl - Math.min(this.bufferNanos, ttl / 2);
	}

	@Override
	public long expireAfterUpdate(String key, AccessToken token, long currentTime, long currentDuration) {
		return expireAfterCreate(key, token, currentTime);
	}

	@Override
	public long expireAfterRead(String key, AccessToken token, long currentTime, long currentDuration) {
		return currentDuration;
	}

}
