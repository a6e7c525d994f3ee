package io.tokencache.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive side: a WebFlux application on Reactor Netty whose {@code WebClient} gets
 * client-credentials tokens through Spring Security's
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction}, against a real Spring
 * Authorization Server.
 */
@SpringBootTest(classes = ReactiveClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
class ReactiveOAuth2ClientIntegrationTests {

	static final int CALLERS = 100;

	private static final AuthorizationServer issuer = AuthorizationServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenCache tokenCache;

	@Autowired
	private RegistrationKeys keys;

	@Autowired
	private ReactiveClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void registrations(DynamicPropertyRegistry registry) {
		ClientProperties.register(registry, issuer.registration("test", "client-1"));
	}

	@BeforeEach
	void emptyCacheAndCounters() {
		this.tokenCache.clear();
		issuer.probe().reset();
	}

	@Test
	void concurrentCallsMakeOneTokenRequest() throws Exception {
		MissGate gate = new MissGate(this.tokenCache, CALLERS);
		issuer.probe().onTokenRequest(gate);
		List<String> bodies = new Callers(this.port).concurrently(CALLERS, call());
		assertThat(bodies).hasSize(CALLERS).allMatch((body) -> body.equals(bodies.get(0)));
		assertThat(bodies.get(0)).startsWith("200 token-");
		assertThat(gate.reached()).as("all callers missed the cache before the token was issued").isTrue();
		assertThat(issuer.probe().tokenRequests("client-1")).isEqualTo(1);
		assertThat(this.tokenCache.stats().keys()).containsExactly(this.keys.registrationKey(
				this.registrations.findByRegistrationId("test").block()));
	}

	@Test
	void rejectedTokenIsReplacedAfterExactlyOneMoreTokenRequest() {
		Callers callers = new Callers(this.port);
		issuer.probe().rejectNextNewTokenOnce();
		assertThat(callers.get(call()).statusCode()).isEqualTo(401);
		String second = callers.get(call()).body();
		assertThat(callers.get(call()).body()).isEqualTo(second).startsWith("token-");
		assertThat(issuer.probe().tokenRequests("client-1")).isEqualTo(2);
	}

	private static String call() {
		return "/call?registration=test&uri=" + URLEncoder.encode(issuer.uri("/resource"), StandardCharsets.UTF_8);
	}

}
