package io.tokencache.security;

import java.io.Serial;
import java.time.Duration;
import java.time.Instant;

import io.tokencache.RetryAfter;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A token endpoint answered 429 or 503 with a {@code Retry-After}: no token is requested for the
 * registration before {@link #nextTry()}. Until then, callers get the registration's unexpired
 * cached token or, without one, this exception at once.
 * <p>
 * It is the {@link OAuth2AuthorizationException} with error {@code invalid_token_response} that
 * Spring Security itself raises for a failed token response, so that its failure handling
 * treats it alike, and the cache's {@link RetryAfter}, so that the key backs off for the wait.
 */
public final class TokenEndpointRetryAfterException extends OAuth2AuthorizationException implements RetryAfter {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Duration retryAfter;

	private final Instant nextTry;

	TokenEndpointRetryAfterException(String description, Duration retryAfter, Instant nextTry) {
		super(new OAuth2Error("invalid_token_response", description, null), description);
		this.retryAfter = retryAfter;
		this.nextTry = nextTry;
	}

	/** How long, from when the answer came, no token is requested: the header's wait, capped. */
	@Override
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** When the next token request may be made. */
	public Instant nextTry() {
		return this.nextTry;
	}

}
