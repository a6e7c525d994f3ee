package io.tokencache.actuate;

import io.tokencache.actuate.TokenCacheEndpoint.TokenEntryDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} that adds the operations on one key to the
 * {@link TokenCacheEndpoint}, and maps their results to HTTP status codes: 404 for a
 * {@code cache} parameter that names no {@code TokenCache} bean or a key that holds no usable
 * token, 400 when no cache is named and several exist with none primary, as Spring Boot's
 * {@code CachesEndpointWebExtension} does for a cache name found in several cache managers.
 *
 * <p>The key is every path segment after {@code /tokencache/}, joined with {@code /}, so that
 * keys such as {@code tenant/api} are sent as they are. Each segment is percent-decoded, so a
 * key with a space, {@code :} or {@code %} is sent encoded. Empty segments are dropped, so a
 * key that is empty, starts or ends with {@code /}, or contains {@code //} cannot be reached
 * over HTTP; JMX and the Java API reach every key.
 */
@EndpointWebExtension(endpoint = TokenCacheEndpoint.class)
public final class TokenCacheEndpointWebExtension {

	private final TokenCacheEndpoint delegate;

	public TokenCacheEndpointWebExtension(TokenCacheEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Removes every token of a cache.
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return status 204, 404 if no cache has that name, or 400 if none is named and there is
	 * no default
	 */
	@DeleteOperation
	public WebEndpointResponse<Void> clear(@Nullable String cache) {
		try {
			return status(this.delegate.clear(cache));
		}
		catch (NonUniqueTokenCacheException ex) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * Describes the usable token under a key.
	 * @param key the segments of the key
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return the description with status 200, 404 if no cache has that name or the key holds
	 * no usable token, or 400 if no cache is named and there is no default
	 */
	@ReadOperation
	public WebEndpointResponse<TokenEntryDescriptor> entry(@Selector(match = Match.ALL_REMAINING) String[] key,
			@Nullable String cache) {
		try {
			TokenEntryDescriptor entry = this.delegate.entry(join(key), cache);
			return (entry != null) ? new WebEndpointResponse<>(entry, WebEndpointResponse.STATUS_OK)
					: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (NonUniqueTokenCacheException ex) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * Removes the token under a key.
	 * @param key the segments of the key
	 * @param cache the bean name of the cache, or {@code null} for the default one
	 * @return status 204, 404 if no cache has that name or the key held no usable token, or
	 * 400 if no cache is named and there is no default
	 */
	@DeleteOperation
	public WebEndpointResponse<Void> invalidate(@Selector(match = Match.ALL_REMAINING) String[] key,
			@Nullable String cache) {
		try {
			return status(this.delegate.invalidate(join(key), cache) != null);
		}
		catch (NonUniqueTokenCacheException ex) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	private static WebEndpointResponse<Void> status(boolean found) {
		return new WebEndpointResponse<>(
				found ? WebEndpointResponse.STATUS_NO_CONTENT : WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static String join(String[] segments) {
		return String.join("/", segments);
	}

}
