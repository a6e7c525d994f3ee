package io.tokencache.actuate;

import java.util.Collection;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * Thrown when an operation of the {@link TokenCacheEndpoint} names no cache while several
 * {@code TokenCache} beans exist and none is primary. The web extension answers it with 400.
 */
public final class NonUniqueTokenCacheException extends InvalidEndpointRequestException {

	NonUniqueTokenCacheException(Collection<String> cacheNames) {
		super("Several TokenCache beans " + cacheNames + " and none is primary: name one with the 'cache' parameter",
				"Several TokenCache beans and none is primary: name one with the 'cache' parameter");
	}

}
