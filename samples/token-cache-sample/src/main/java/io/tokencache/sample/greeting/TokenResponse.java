package io.tokencache.sample.greeting;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The fields of an OAuth2 token response (RFC 6749, section 5.1) that the sample uses.
 *
 * @param accessToken the token; a secret, so {@link #toString()} hides it
 * @param expiresIn its lifetime in seconds; optional in the RFC, required here
 */
record TokenResponse(@JsonProperty("access_token") @Nullable String accessToken,
		@JsonProperty("expires_in") @Nullable Long expiresIn) {

	@Override
	public String toString() {
		return "TokenResponse[accessToken=<redacted>, expiresIn=" + this.expiresIn + "]";
	}

}
