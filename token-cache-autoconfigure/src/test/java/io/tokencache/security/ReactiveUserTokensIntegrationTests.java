package io.tokencache.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive counterpart of {@link ServletUserTokensIntegrationTests}: a WebFlux service
 * that exchanges its users' tokens and refreshes their rotated refresh tokens through
 * {@code WebClient}, against a real Spring Authorization Server.
 */
@SpringBootTest(classes = ReactiveUserApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@Timeout(180)
class ReactiveUserTokensIntegrationTests {

	static final int CALLERS = 100;

	private static final AuthorizationServer issuer = AuthorizationServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenCache tokenCache;

	@Autowired
	private RefreshTokens refreshes;

	@Autowired
	private ReactiveOAuth2AuthorizedClientService service;

	@Autowired
	private ReactiveClientRegistrationRepository registrations;

	@DynamicPropertySource
	static void registrations(DynamicPropertyRegistry registry) {
		ClientProperties.registerUserGrants(registry, issuer);
	}

	@BeforeEach
	void emptyCacheAndCounters() {
		this.tokenCache.clear();
		issuer.probe().reset();
	}

	@Test
	void responseClientsGoThroughTheCache(
			@Autowired ReactiveOAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> exchange,
			@Autowired ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refresh) {
		assertThat(exchange).isInstanceOf(CachingReactiveDelegatedTokenResponseClient.class);
		assertThat(refresh).isInstanceOf(CachingReactiveRefreshTokenResponseClient.class);
	}

	@Test
	void oneUsersConcurrentRequestsMakeOneExchange() throws Exception {
		Callers user = Callers.withBearer(this.port, issuer.userToken("user-1"));
		MissGate gate = new MissGate(this.tokenCache, CALLERS);
		issuer.probe().onTokenRequest(gate);
		List<String> bodies = user.concurrently(CALLERS, call("exchange"));
		assertThat(bodies).hasSize(CALLERS).allMatch((body) -> body.equals(bodies.get(0)));
		assertThat(bodies.get(0)).startsWith("200 token-").endsWith(" sub=user-1");
		assertThat(gate.reached()).as("all callers missed the cache before the exchange").isTrue();
		assertThat(issuer.probe().tokenRequests("exchanger")).isEqualTo(1);
	}

	@Test
	void twoUsersInOneBurstEachGetTheirOwnExchangedToken() throws Exception {
		TwoUsers.burst(this.port, issuer, call("exchange"), CALLERS);
		assertThat(issuer.probe().tokenRequests("exchanger")).isEqualTo(2);
	}

	@Test
	void oneUsersConcurrentRefreshesMakeOneRefreshRequestAndNoneIsRefused() throws Exception {
		String used = loggedIn("user-1");
		Callers user = Callers.withBearer(this.port, issuer.userToken("user-1"));
		MissGate gate = new MissGate(this.refreshes::asked, CALLERS);
		issuer.probe().onTokenRequest(gate);
		List<String> bodies = user.concurrently(CALLERS, call("login"));
		assertThat(bodies).hasSize(CALLERS).allMatch((body) -> body.equals(bodies.get(0)));
		assertThat(bodies.get(0)).startsWith("200 token-").endsWith(" sub=user-1");
		assertThat(gate.reached()).as("all callers asked for a refresh before the first was answered").isTrue();
		assertThat(issuer.probe().tokenRequests("login-client")).isEqualTo(1);
		assertThat(issuer.probe().tokenErrors("login-client")).isZero();
		OAuth2AuthorizedClient saved = this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("login", "user-1")
			.block();
		assertThat(saved.getRefreshToken().getTokenValue()).isNotEqualTo(used);
	}

	@Test
	void twoUsersRefreshingInOneBurstEachGetTheirOwnToken() throws Exception {
		loggedIn("user-1");
		loggedIn("user-2");
		TwoUsers.burst(this.port, issuer, call("login"), CALLERS);
		assertThat(issuer.probe().tokenRequests("login-client")).isEqualTo(2);
		assertThat(issuer.probe().tokenErrors("login-client")).isZero();
	}

	/** As {@code ServletUserTokensIntegrationTests#loggedIn}: the user's access token has expired. */
	private String loggedIn(String user) {
		String refreshToken = issuer.seedRefreshToken(user);
		Instant now = Instant.now();
		OAuth2AccessToken expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired-" + user,
				now.minusSeconds(600), now.minusSeconds(300));
		this.service
			.saveAuthorizedClient(
					new OAuth2AuthorizedClient(this.registrations.findByRegistrationId("login").block(), user, expired,
							new OAuth2RefreshToken(refreshToken, now.minusSeconds(600))),
					UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()))
			.block();
		return refreshToken;
	}

	private static String call(String registration) {
		return "/call?registration=" + registration + "&uri="
				+ URLEncoder.encode(issuer.uri("/resource"), StandardCharsets.UTF_8);
	}

}
