package io.tokencache;

import java.time.Duration;

/**
 * A token as a {@link TokenLoader} returns it: its value and how long it lives from now.
 *
 * <p>The value is a secret: {@link #toString()} never shows it. {@code equals} and
 * {@code hashCode} are the record's own, over both components.
 *
 * @param value the token, never blank
 * @param expiresIn the lifetime from now, always positive
 */
public record AccessToken(String value, Duration expiresIn) {

	/**
	 * Creates a token, checking it as {@link TokenCache#put(String, String, Duration)} would.
	 * @throws NullPointerException if {@code value} or {@code expiresIn} is {@code null}
	 * @throws IllegalArgumentException if {@code value} is blank or {@code expiresIn} is not
	 * positive
	 */
	public AccessToken {
		Arguments.checkToken(value, "value");
		Arguments.checkTtl(expiresIn, "expiresIn");
	}

	/**
	 * Creates a token from the {@code access_token} and {@code expires_in} fields of an OAuth2
	 * token response (RFC 6749, section 5.1).
	 * @param value the {@code access_token}
	 * @param expiresInSeconds the {@code expires_in}, in seconds
	 * @return the token
	 */
	public static AccessToken of(String value, long expiresInSeconds) {
		return new AccessToken(value, Duration.ofSeconds(expiresInSeconds));
	}

	@Override
	public String toString() {
		return "AccessToken[value=<redacted>, expiresIn=" + this.expiresIn + "]";
	}

}
