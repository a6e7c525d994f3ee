package io.tokencache.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheStats;
import io.tokencache.TokenEntryInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that shows what a {@link TokenCache} holds and how it performs,
 * and clears it. It never shows a token value: it reads only keys, instants and counters.
 *
 * <p>The operations on one key are declared by {@link TokenCacheEndpointWebExtension} and
 * {@link TokenCacheEndpointJmxExtension}, not here: over HTTP a key may span several path
 * segments (it may contain {@code /}), while over JMX it is one plain string, and a single
 * selector cannot serve both.
 */
@Endpoint(id = "tokencache")
public final class TokenCacheEndpoint {

	private final TokenCache tokenCache;

	public TokenCacheEndpoint(TokenCache tokenCache) {
		this.tokenCache = tokenCache;
	}

	/**
	 * Describes the whole cache. {@code size} and {@code keys} are derived from the same
	 * snapshot as {@code entries}, so the three always agree.
	 * @return the description
	 */
	@ReadOperation
	public TokenCacheDescriptor cache() {
		List<TokenEntryDescriptor> entries = this.tokenCache.entries().stream().map(TokenEntryDescriptor::of).toList();
		List<String> keys = entries.stream().map(TokenEntryDescriptor::key).toList();
		TokenCacheStats stats = this.tokenCache.stats();
		return new TokenCacheDescriptor(entries.size(), keys, stats.hitCount(), stats.missCount(),
				stats.loadSuccessCount(), stats.loadFailureCount(), stats.evictionCount(), stats.putCount(),
				stats.refreshCount(), stats.loadTimeoutCount(), stats.backoffCount(), this.tokenCache.refreshBuffer(),
				this.tokenCache.refreshAhead(), this.tokenCache.loadTimeout(), entries);
	}

	/**
	 * Removes every token.
	 */
	@DeleteOperation
	public void clear() {
		this.tokenCache.clear();
	}

	/**
	 * Describes the usable token under a key.
	 * @param key the key
	 * @return the description, or {@code null} if the key holds no usable token
	 */
	public @Nullable TokenEntryDescriptor entry(String key) {
		return this.tokenCache.describe(key).map(TokenEntryDescriptor::of).orElse(null);
	}

	/**
	 * Removes the token under a key. A token past its refresh point, kept only to be served if
	 * a refresh fails, is removed too, but is not reported.
	 * @param key the key
	 * @return the description of the usable token that was removed, or {@code null} if the key
	 * held none
	 */
	public @Nullable TokenEntryDescriptor invalidate(String key) {
		TokenEntryDescriptor removed = entry(key);
		this.tokenCache.invalidate(key);
		return removed;
	}

	/**
	 * What the endpoint shows of a whole cache.
	 *
	 * @param size the number of usable tokens
	 * @param keys the keys of the usable tokens, sorted
	 * @param hits lookups that returned a cached token
	 * @param misses lookups that found no usable token
	 * @param loadSuccesses loader calls that returned a token
	 * @param loadFailures loader calls that failed
	 * @param evictions tokens removed by the cache itself, past their expiry or over the size
	 * limit
	 * @param puts tokens stored, by a put or a successful load
	 * @param refreshes background loads started ahead of a token's refresh point
	 * @param loadTimeouts callers that stopped waiting for a load at the load timeout
	 * @param backoffs callers answered without a loader call while their key backed off after a
	 * failure
	 * @param refreshBuffer how long before expiry the cache stops returning a token, for puts
	 * and loads that give no buffer of their own
	 * @param refreshAhead how long before the refresh point a background load starts, at most
	 * @param loadTimeout how long a caller waits for a load at most
	 * @param entries one description per usable token, sorted by key
	 */
	public record TokenCacheDescriptor(int size, List<String> keys, long hits, long misses, long loadSuccesses,
			long loadFailures, long evictions, long puts, long refreshes, long loadTimeouts, long backoffs,
			Duration refreshBuffer, Duration refreshAhead, Duration loadTimeout,
			List<TokenEntryDescriptor> entries) implements OperationResponseBody {

	}

	/**
	 * What the endpoint shows of one token: never its value.
	 *
	 * @param key the key
	 * @param refreshAt when the cache stops returning the token and loads a new one
	 * @param expiresAt when the token itself expires
	 */
	public record TokenEntryDescriptor(String key, Instant refreshAt, Instant expiresAt)
			implements OperationResponseBody {

		static TokenEntryDescriptor of(TokenEntryInfo info) {
			return new TokenEntryDescriptor(info.key(), info.refreshAt(), info.expiresAt());
		}

	}

}
