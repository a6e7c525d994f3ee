package io.tokencache.sample.greeting;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Where the sample gets its token and which API it calls with it. A URI that is only a path, such
 * as {@code /demo-issuer/oauth2/token}, points at this application's own server.
 *
 * @param cacheKey key the token is cached under, as shown by {@code /actuator/tokencache}
 * @param tokenUri OAuth2 token endpoint that answers the client-credentials request
 * @param clientId client identifier registered with the identity provider
 * @param clientSecret client secret registered with the identity provider
 * @param authentication how the client credentials are sent to the token endpoint
 * @param scope scopes to request, separated by spaces; blank to request none
 * @param apiUri protected API that {@code GET /api/greeting} calls with the token
 * @param timeout connect and read timeout of every outgoing call, so that a hung identity
 * provider fails the load instead of holding its waiters forever
 */
@ConfigurationProperties("sample.client")
record ClientProperties(String cacheKey, URI tokenUri, String clientId, String clientSecret,
		ClientAuthentication authentication, @Nullable String scope, URI apiUri, Duration timeout) {

	ClientProperties {
		Assert.notNull(cacheKey, "sample.client.cache-key must be set");
		Assert.notNull(tokenUri, "sample.client.token-uri must be set");
		Assert.hasText(clientId, "sample.client.client-id must not be blank");
		Assert.hasText(clientSecret, "sample.client.client-secret must not be blank");
		Assert.notNull(authentication, "sample.client.authentication must be set");
		Assert.notNull(apiUri, "sample.client.api-uri must be set");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				"sample.client.timeout must be positive");
	}

	@Override
	public String toString() {
		return "ClientProperties[cacheKey=" + this.cacheKey + ", tokenUri=" + this.tokenUri + ", clientId="
				+ this.clientId + ", clientSecret=<redacted>, apiUri=" + this.apiUri + "]";
	}

	/**
	 * How a client authenticates to the token endpoint (RFC 6749, section 2.3.1).
	 */
	enum ClientAuthentication {

		/** HTTP Basic authentication, which every token endpoint must support. */
		CLIENT_SECRET_BASIC,

		/** {@code client_id} and {@code client_secret} in the form body. */
		CLIENT_SECRET_POST

	}

}
