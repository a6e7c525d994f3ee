package io.tokencache.actuate;

import io.tokencache.actuate.TokenCacheEndpoint.TokenEntryDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.jmx.annotation.EndpointJmxExtension;

/**
 * {@link EndpointJmxExtension @EndpointJmxExtension} that adds the operations on one key to the
 * {@link TokenCacheEndpoint}, with the key as one plain string, so that any key, the empty one
 * included, can be reached.
 */
@EndpointJmxExtension(endpoint = TokenCacheEndpoint.class)
public final class TokenCacheEndpointJmxExtension {

	private final TokenCacheEndpoint delegate;

	public TokenCacheEndpointJmxExtension(TokenCacheEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Describes the usable token under a key.
	 * @param key the key
	 * @return the description, or {@code null} if the key holds no usable token
	 */
	@ReadOperation
	public @Nullable TokenEntryDescriptor entry(@Selector String key) {
		return this.delegate.entry(key);
	}

	/**
	 * Removes the token under a key. Returns a description rather than a boolean because
	 * actuator's JMX mapping turns every result that is not a string or a collection into a map.
	 * @param key the key
	 * @return the description of the usable token that was removed, or {@code null} if the key
	 * held none
	 */
	@DeleteOperation
	public @Nullable TokenEntryDescriptor invalidate(@Selector String key) {
		return this.delegate.invalidate(key);
	}

}
