package io.tokencache.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheCounters;
import io.tokencache.TokenEntryInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that shows what the {@link TokenCache} beans hold and how they
 * perform, and clears them. It never shows a token value: it reads only keys, instants and
 * counters.
 *
 * <p>As Spring Boot's {@code caches} endpoint takes a {@code cacheManager} parameter, every
 * operation takes an optional {@code cache} parameter, the bean name of the cache to act on. A
 * name that is not a {@code TokenCache} bean finds nothing (404 over HTTP). Without it, an
 * operation acts on the default cache: the only one, or the {@code @Primary} one. When there is
 * no default, reading the whole endpoint describes every cache by name, and every other
 * operation throws {@link NonUniqueTokenCacheException} (400 over HTTP).
 *
 * <p>Clearing and the operations on one key are declared by
 * {@link TokenCacheEndpointWebExtension} and {@link TokenCacheEndpointJmxExtension}, not here:
 * over HTTP a key may span several path segments (it may contain {@code /}), while over JMX it
 * is one plain string, and a single selector cannot serve both.
 */
@Endpoint(id = "tokencache")
public final class TokenCacheEndpoint {

	private final Map<String, TokenCache> tokenCaches;

	private final @Nullable String defaultCache;

	/**
	 * Creates an endpoint for one cache, which is then its default, named {@code tokenCache}.
	 * @param tokenCache the cache
	 */
	public TokenCacheEndpoint(TokenCache tokenCache) {
		this(Map.of("tokenCache", tokenCache), "tokenCache");
	}

	/**
	 * Creates an endpoint for several caches.
	 * @param tokenCaches the caches by bean name
	 * @param defaultCache the name of the cache that operations without a {@code cache}
	 * parameter act on, or {@code null} if there is none
	 */
	public TokenCacheEndpoint(Map<String, TokenCache> tokenCaches, @Nullable String defaultCache) {
		this.tokenCaches = new LinkedHashMap<>(tokenCaches);
		this.defaultCache = defaultCache;
	}

	/**
	 * Describes a cache: the named one, or the default one; or, with no name and no default,
	 * every cache.
	 * @param cache the bean name of the cache, or {@code null}
	 * @return a {@link TokenCacheDescriptor}, a {@link TokenCachesDescriptor}, or {@code null}
	 * if no cache has that name
	 */
	@ReadOperation
	public @Nullable OperationResponseBody cache(@Nullable String cache) {
		if (cache == null && this.defaultCache == null) {
			Map<String, TokenCacheDescriptor> caches = new LinkedHashMap<>();
			this.tokenCaches.forEach((name, tokenCache) -> caches.put(name, describe(tokenCache)));
			return new TokenCachesDescriptor(caches);
		}
		TokenCache tokenCache = find(cache);
		return (tokenCache != null) ? describe(tokenCache) : null;
	}

	/**
	 * Removes every token of a cache. Declared as an operation by the extensions, since a
	 * {@code boolean} cannot be a JMX operation's result.
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return whether a cache was cleared; {@code false} if no cache has that name
	 * @throws NonUniqueTokenCacheException if no cache is named and there is no default
	 */
	public boolean clear(@Nullable String cache) {
		TokenCache tokenCache = find(cache);
		if (tokenCache == null) {
			return false;
		}
		tokenCache.clear();
		return true;
	}

	/**
	 * Describes the usable token under a key.
	 * @param key the key
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return the description, or {@code null} if no cache has that name or the key holds no
	 * usable token
	 * @throws NonUniqueTokenCacheException if no cache is named and there is no default
	 */
	public @Nullable TokenEntryDescriptor entry(String key, @Nullable String cache) {
		TokenCache tokenCache = find(cache);
		return (tokenCache != null) ? tokenCache.describe(key).map(TokenEntryDescriptor::of).orElse(null) : null;
	}

	/**
	 * Removes the token under a key. A token past its refresh point, kept only to be served if
	 * a refresh fails, is removed too, but is not reported.
	 * @param key the key
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return the description of the usable token that was removed, or {@code null} if no
	 * cache has that name or the key held none
	 * @throws NonUniqueTokenCacheException if no cache is named and there is no default
	 */
	public @Nullable TokenEntryDescriptor invalidate(String key, @Nullable String cache) {
		TokenCache tokenCache = find(cache);
		if (tokenCache == null) {
			return null;
		}
		TokenEntryDescriptor removed = tokenCache.describe(key).map(TokenEntryDescriptor::of).orElse(null);
		tokenCache.invalidate(key);
		return removed;
	}

	private @Nullable TokenCache find(@Nullable String cache) {
		String name = (cache != null) ? cache : this.defaultCache;
		if (name == null) {
			throw new NonUniqueTokenCacheException(this.tokenCaches.keySet());
		}
		return this.tokenCaches.get(name);
	}

	/**
	 * {@code size} and {@code keys} are derived from the same snapshot as {@code entries}, so
	 * the three always agree.
	 */
	private static TokenCacheDescriptor describe(TokenCache tokenCache) {
		List<TokenEntryDescriptor> entries = tokenCache.entries().stream().map(TokenEntryDescriptor::of).toList();
		List<String> keys = entries.stream().map(TokenEntryDescriptor::key).toList();
		TokenCacheCounters counters = tokenCache.counters();
		return new TokenCacheDescriptor(entries.size(), keys, counters.hitCount(), counters.missCount(),
				counters.loadSuccessCount(), counters.loadFailureCount(), counters.evictionCount(), counters.putCount(),
				tokenCache.refreshBuffer(), entries);
	}

	/**
	 * What the endpoint shows when several caches exist, none is primary and none is named.
	 *
	 * @param caches the description of each cache, by bean name
	 */
	public record TokenCachesDescriptor(Map<String, TokenCacheDescriptor> caches) implements OperationResponseBody {

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
	 * @param refreshBuffer how long before expiry the cache stops returning a token, for puts
	 * and loads that give no buffer of their own
	 * @param entries one description per usable token, sorted by key
	 */
	public record TokenCacheDescriptor(int size, List<String> keys, long hits, long misses, long loadSuccesses,
			long loadFailures, long evictions, long puts, Duration refreshBuffer,
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
