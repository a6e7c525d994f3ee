package io.tokencache.actuate;

import io.tokencache.actuate.TokenCacheEndpoint.TokenEntryDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.jmx.annotation.EndpointJmxExtension;

/**
 * {@link EndpointJmxExtension @EndpointJmxExtension} that adds clearing and the operations on
 * one key to the {@link TokenCacheEndpoint}, with the key as one plain string, so that any key,
 * the empty one included, can be reached.
 */
@EndpointJmxExtension(endpoint = TokenCacheEndpoint.class)
public final class TokenCacheEndpointJmxExtension {

	private final TokenCacheEndpoint delegate;

	public TokenCacheEndpointJmxExtension(TokenCacheEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Removes every token of a cache.
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @throws IllegalArgumentException if no cache has that name
	 * @throws NonUniqueTokenCacheException if no cache is named and there is no default
	 */
	@DeleteOperation
	public void clear(@Nullable String cache) {
		if (!this.delegate.clear(cache)) {
			throw new IllegalArgumentException("No TokenCache bean named '" + cache + "'");
		}
	}

	/**
	 * Describes the usable token under a key.
	 * @param key the key
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return the description, or {@code null} if no cache has that name or the key holds no
	 * usable token
	 * @throws NonUniqueTokenCacheException if no cache is named and there is no default
	 */
	@ReadOperation
	public @Nullable TokenEntryDescriptor entry(@Selector String key, @Nullable String cache) {
		return this.delegate.entry(key, cache);
	}

	/**
	 * Removes the token under a key. Returns a description rather than a boolean because
	 * actuator's JMX mapping turns every result that is not a string or a collection into a map.
	 * @param key the key
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return the description of the usable token that was removed, or {@code null} if no
	 * cache has that name or the key held none
	 * @throws NonUniqueTokenCacheException if no cache is named and there is no default
	 */
	@DeleteOperation
	public @Nullable TokenEntryDescriptor invalidate(@Selector String key, @Nullable String cache) {
		return this.delegate.invalidate(key, cache);
	}

}
