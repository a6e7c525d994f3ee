package io.tokencache.actuate;

import io.tokencache.actuate.TokenCacheEndpoint.TokenEntryDescriptor;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} that adds the operations on one key to the
 * {@link TokenCacheEndpoint}, and maps their results to HTTP status codes.
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
	 * Describes the usable token under a key.
	 * @param key the segments of the key
	 * @return the description with status 200, or 404 if the key holds no usable token
	 */
	@ReadOperation
	public WebEndpointResponse<TokenEntryDescriptor> entry(@Selector(match = Match.ALL_REMAINING) String[] key) {
		TokenEntryDescriptor entry = this.delegate.entry(join(key));
		return (entry != null) ? new WebEndpointResponse<>(entry, WebEndpointResponse.STATUS_OK)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Removes the token under a key.
	 * @param key the segments of the key
	 * @return status 204, or 404 if the key held no usable token
	 */
	@DeleteOperation
	public WebEndpointResponse<Void> invalidate(@Selector(match = Match.ALL_REMAINING) String[] key) {
		TokenEntryDescriptor removed = this.delegate.invalidate(join(key));
		return new WebEndpointResponse<>(
				(removed != null) ? WebEndpointResponse.STATUS_NO_CONTENT : WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static String join(String[] segments) {
		return String.join("/", segments);
	}

}
