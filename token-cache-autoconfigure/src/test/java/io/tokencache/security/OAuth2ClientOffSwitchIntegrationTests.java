package io.tokencache.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code token-cache.oauth2-client.enabled=false} gives back Spring Security's own behaviour,
 * shown by the request loop the bridge otherwise prevents: a token that lives less than Spring
 * Security's 60-second clock skew counts as expired at once, so every call of one session
 * requests a new one.
 */
@SpringBootTest(classes = ServletClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "token-cache.oauth2-client.enabled=false")
class OAuth2ClientOffSwitchIntegrationTests {

	private static final AuthorizationServer issuer = AuthorizationServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenCache tokenCache;

	@DynamicPropertySource
	static void registrations(DynamicPropertyRegistry registry) {
		ClientProperties.register(registry, issuer.registration("short", "short-client"));
	}

	@BeforeEach
	void resetCounters() {
		issuer.probe().reset();
	}

	@Test
	void springSecurityRequestsATokenPerCallWhenTokensAreShorterThanItsClockSkew() {
		Callers session = Callers.withSession(this.port);
		for (int i = 0; i < 5; i++) {
			assertThat(session.get("/call?registration=short&uri="
					+ URLEncoder.encode(issuer.uri("/resource"), StandardCharsets.UTF_8))
				.statusCode()).isEqualTo(200);
		}
		assertThat(issuer.probe().tokenRequests("short-client")).isEqualTo(5);
		assertThat(this.tokenCache.stats().keys()).isEmpty();
	}

}
