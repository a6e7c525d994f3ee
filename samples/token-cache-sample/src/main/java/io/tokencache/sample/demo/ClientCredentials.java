package io.tokencache.sample.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * A client's id and secret as a token request presents them: in an HTTP Basic header or in the
 * form body (RFC 6749, section 2.3.1).
 *
 * @param clientId the client id
 * @param clientSecret the client secret
 */
record ClientCredentials(String clientId, String clientSecret) {

	private static final String BASIC = "Basic ";

	static Optional<ClientCredentials> from(@Nullable String authorization, MultiValueMap<String, String> form) {
		if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return fromBasic(authorization.substring(BASIC.length()).trim());
		}
		String clientId = form.getFirst("client_id");
		String clientSecret = form.getFirst("client_secret");
		return (clientId != null && clientSecret != null) ? Optional.of(new ClientCredentials(clientId, clientSecret))
				: Optional.empty();
	}

	private static Optional<ClientCredentials> fromBasic(String encoded) {
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return Optional.empty();
			}
			String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
			String clientSecret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			return Optional.of(new ClientCredentials(clientId, clientSecret));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	boolean matches(String clientId, String clientSecret) {
		// Constant-time, as a real identity provider would compare secrets.
		return this.clientId.equals(clientId) && MessageDigest.isEqual(
				this.clientSecret.getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "ClientCredentials[clientId=" + this.clientId + ", clientSecret=<redacted>]";
	}

}
