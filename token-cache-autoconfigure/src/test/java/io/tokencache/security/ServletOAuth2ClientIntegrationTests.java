package io.tokencache.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tokencache.TokenCache;
import io.tokencache.security.AuthorizationServer.Probe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's OAuth2 client, as an application configures it with properties and a
 * {@code RestClient} interceptor, against a real Spring Authorization Server: with the starter
 * on the classpath its client-credentials tokens come from the cache. Nothing of Spring
 * Security is mocked.
 */
@SpringBootTest(classes = ServletClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=" + (ServletOAuth2ClientIntegrationTests.CALLERS + 50),
				"management.endpoints.web.exposure.include=tokencache" })
class ServletOAuth2ClientIntegrationTests {

	static final int CALLERS = 200;

	private static final AuthorizationServer issuer = AuthorizationServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenCache tokenCache;

	@Autowired
	private RegistrationKeys keys;

	@Autowired
	private ClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void registrations(DynamicPropertyRegistry registry) {
		ClientProperties.register(registry, issuer.registration("test", "client-1"));
		ClientProperties.register(registry, issuer.registration("short", "short-client"));
	}

	@BeforeEach
	void emptyCacheAndCounters() {
		this.tokenCache.clear();
		issuer.probe().reset();
	}

	@Test
	void concurrentCallsMakeOneTokenRequest() throws Exception {
		Probe probe = issuer.probe();
		MissGate gate = new MissGate(this.tokenCache, CALLERS);
		probe.onTokenRequest(gate);
		List<String> bodies = new Callers(this.port).concurrently(CALLERS, call("test"));
		assertThat(bodies).hasSize(CALLERS).allMatch((body) -> body.equals(bodies.get(0)));
		assertThat(bodies.get(0)).startsWith("200 token-");
		assertThat(gate.reached()).as("all callers missed the cache before the token was issued").isTrue();
		assertThat(probe.tokenRequests("client-1")).isEqualTo(1);
	}

	@Test
	void rejectedTokenIsReplacedAfterExactlyOneMoreTokenRequest() {
		Callers callers = new Callers(this.port);
		issuer.probe().rejectNextNewTokenOnce();
		assertThat(callers.get(call("test")).statusCode()).isEqualTo(401);
		assertThat(this.tokenCache.get(key())).isEmpty();
		String second = callers.get(call("test")).body();
		assertThat(callers.get(call("test")).body()).isEqualTo(second);
		assertThat(issuer.probe().tokenRequests("client-1")).isEqualTo(2);
	}

	@Test
	void tokensShorterThanSpringSecuritysClockSkewAreRequestedOnce() {
		Callers session = Callers.withSession(this.port);
		for (int i = 0; i < 10; i++) {
			assertThat(session.get(call("short")).statusCode()).isEqualTo(200);
		}
		assertThat(issuer.probe().tokenRequests("short-client")).isEqualTo(1);
	}

	@Test
	void responseStatesRemainingLifetimeTokenTypeAndScopes(
			@Autowired OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client) {
		OAuth2ClientCredentialsGrantRequest request = new OAuth2ClientCredentialsGrantRequest(
				this.registrations.findByRegistrationId("test"));
		OAuth2AccessTokenResponse first = client.getTokenResponse(request);
		OAuth2AccessTokenResponse second = client.getTokenResponse(request);
		OAuth2AccessToken token = second.getAccessToken();
		assertThat(client).isInstanceOf(CachingClientCredentialsTokenResponseClient.class);
		assertThat(token.getTokenValue()).isEqualTo(first.getAccessToken().getTokenValue());
		assertThat(token.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(token.getScopes()).containsExactlyInAnyOrder("api.read", "api.write");
		assertThat(token.getExpiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(4)),
				Instant.now().plus(Duration.ofMinutes(5)));
		assertThat(issuer.probe().tokenRequests("client-1")).isEqualTo(1);
	}

	@Test
	void tokenCacheEndpointListsTheKeyWhichHoldsNoSecret() {
		Callers callers = new Callers(this.port);
		callers.get(call("test"));
		String token = this.tokenCache.get(key()).orElseThrow();
		String body = callers.get("/actuator/tokencache").body();
		assertThat(key()).matches("oauth2-client:test:client-1:localhost-[0-9a-f]{16}:"
				+ "client_secret_basic:api.read,api.write:[0-9a-f]{16}");
		assertThat(body).contains("\"" + key() + "\"").doesNotContain(token).doesNotContain(AuthorizationServer.SECRET);
	}

	/** The cache key of registration {@code test}. */
	private String key() {
		return this.keys.registrationKey(this.registrations.findByRegistrationId("test"));
	}

	private static String call(String registration) {
		return "/call?registration=" + registration + "&uri="
				+ URLEncoder.encode(issuer.uri("/resource"), StandardCharsets.UTF_8);
	}

}
