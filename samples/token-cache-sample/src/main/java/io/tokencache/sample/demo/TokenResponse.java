package io.tokencache.sample.demo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A successful token response (RFC 6749, section 5.1).
 *
 * @param accessToken the token; a secret, so {@link #toString()} hides it
 * @param tokenType always {@code Bearer}
 * @param expiresIn lifetime in seconds
 * @param scope the granted scope, if one was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
		@JsonProperty("expires_in") long expiresIn, @Nullable String scope) {

	@Override
	public String toString() {
		return "TokenResponse[accessToken=<redacted>, tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn
				+ ", scope=" + this.scope + "]";
	}

}
