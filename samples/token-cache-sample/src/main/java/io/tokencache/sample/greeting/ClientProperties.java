package io.tokencache.sample.greeting;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Which client registration the sample's API uses and which API it calls. The registration
 * itself (client id, secret, scopes, token URI) is Spring Security's:
 * {@code spring.security.oauth2.client.registration.<id>.*}. A URI that is only a path, such as
 * {@code /demo-api/greeting}, points at this application's own server.
 *
 * @param registrationId id of the {@code spring.security.oauth2.client.registration} entry whose
 * client-credentials token {@code GET /api/greeting} sends
 * @param apiUri protected API that {@code GET /api/greeting} calls with the token
 * @param timeout connect and read timeout of every outgoing call, the token request included, so
 * that a hung identity provider fails the load instead of holding its waiters forever
 */
@ConfigurationProperties("sample.client")
record ClientProperties(String registrationId, URI apiUri, Duration timeout) {

	ClientProperties {
		Assert.hasText(registrationId, "sample.client.registration-id must not be blank");
		Assert.notNull(apiUri, "sample.client.api-uri must be set");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				"sample.client.timeout must be positive");
	}

}
