package io.tokencache.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

import io.tokencache.TokenLoadException;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * What the caching response clients share: answering Spring Security with what the cache
 * holds, and failing as the uncached client would have.
 */
final class TokenResponses {

	private TokenResponses() {
	}

	/**
	 * Runs a cache lookup and rethrows a failed load's own cause, such as Spring Security's
	 * {@code OAuth2AuthorizationException}, so that Spring's failure handling (which removes a
	 * client on {@code invalid_grant}) sees what it would see without the cache.
	 */
	static String unwrap(Supplier<String> lookup) {
		try {
			return lookup.get();
		}
		catch (TokenLoadException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/** A response for a cached token, stating the lifetime left, counted from now. */
	static OAuth2AccessTokenResponse of(String token, OAuth2AccessToken.TokenType type, Set<String> scopes,
			Instant expiresAt, Clock clock) {
		return OAuth2AccessTokenResponse.withToken(token)
			.tokenType(type)
			.scopes(scopes)
			.expiresIn(secondsLeft(expiresAt, clock))
			.build();
	}

	/** A bearer token's response, for tokens the cache holds without what the issuer said of them. */
	static OAuth2AccessTokenResponse bearer(String token, Set<String> scopes, Instant expiresAt, Clock clock) {
		return of(token, OAuth2AccessToken.TokenType.BEARER, scopes, expiresAt, clock);
	}

	/**
	 * Whole seconds left, rounded down so that Spring Security never believes a token lives
	 * longer than it does, and at least 1, the least an access token response can state.
	 */
	static long secondsLeft(Instant expiresAt, Clock clock) {
		return Math.max(1, Duration.between(clock.instant(), expiresAt).toSeconds());
	}

}
