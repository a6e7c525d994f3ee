package io.tokencache.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.tokencache.TokenCache;
import io.tokencache.TokenEntryInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet service that calls the next service on its users' behalf, as Spring Security
 * documents it, against a real Spring Authorization Server: it exchanges their tokens (RFC
 * 8693), and refreshes their expired tokens with refresh tokens the issuer rotates. With the
 * starter added and no code change, the exchanges go through the cache, one per user's token,
 * and concurrent refreshes of one user make one refresh request.
 */
@SpringBootTest(classes = ServletUserApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=" + (ServletUserTokensIntegrationTests.CALLERS + 50) })
@Timeout(180)
class ServletUserTokensIntegrationTests {

	static final int CALLERS = 100;

	private static final AuthorizationServer issuer = AuthorizationServer.shared();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenCache tokenCache;

	@Autowired
	private OAuth2AuthorizedClientService service;

	@Autowired
	private ClientRegistrationRepository registrations;

	@Autowired
	private RefreshTokens refreshes;

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
	void startsTheGrantWithTheCachingResponseClient(
			@Autowired OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> client) {
		assertThat(client).isInstanceOf(CachingDelegatedTokenResponseClient.class);
	}

	@Test
	void oneUsersConcurrentRequestsMakeOneExchange() throws Exception {
		String user = issuer.userToken("user-1");
		MissGate gate = new MissGate(this.tokenCache, CALLERS);
		issuer.probe().onTokenRequest(gate);
		List<String> bodies = Callers.withBearer(this.port, user).concurrently(CALLERS, call());
		assertThat(bodies).hasSize(CALLERS).allMatch((body) -> body.equals(bodies.get(0)));
		assertThat(bodies.get(0)).startsWith("200 token-").endsWith(" sub=user-1");
		assertThat(gate.reached()).as("all callers missed the cache before the exchange").isTrue();
		assertThat(issuer.probe().tokenRequests("exchanger")).isEqualTo(1);
	}

	@Test
	void twoUsersInOneBurstEachGetTheirOwnToken() throws Exception {
		TwoUsers.burst(this.port, issuer, call(), CALLERS);
		assertThat(issuer.probe().tokenRequests("exchanger")).isEqualTo(2);
	}

	@Test
	void noPerPrincipalCopyIsKeptBesideTheCache() {
		Callers callers = Callers.withBearer(this.port, issuer.userToken("user-1"));
		assertThat(callers.get(call()).statusCode()).isEqualTo(200);
		assertThat(callers.get(call()).statusCode()).isEqualTo(200);
		assertThat(this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("exchange", "user-1")).isNull();
		assertThat(issuer.probe().tokenRequests("exchanger")).isEqualTo(1);
	}

	@Test
	void rejectedTokenIsRemovedForThatUserOnly() {
		String userOne = issuer.userToken("user-1");
		Callers one = Callers.withBearer(this.port, userOne);
		Callers two = Callers.withBearer(this.port, issuer.userToken("user-2"));
		String twos = two.get(call()).body();
		issuer.probe().rejectNextNewTokenOnce();
		assertThat(one.get(call()).statusCode()).isEqualTo(401);
		assertThat(this.tokenCache.entries()).hasSize(1);
		assertThat(two.get(call()).body()).isEqualTo(twos);
		assertThat(one.get(call()).body()).endsWith(" sub=user-1");
		assertThat(issuer.probe().tokenRequests("exchanger")).isEqualTo(3);
	}

	@Test
	void keyHoldsNeitherTheUsersTokenNorTheExchangedOneAndExpiresNoLaterThanTheUsersToken() {
		String user = issuer.userToken("user-1");
		Callers.withBearer(this.port, user).get(call());
		List<TokenEntryInfo> entries = this.tokenCache.entries();
		assertThat(entries).hasSize(1);
		String key = entries.get(0).key();
		assertThat(key).matches("oauth2-client:exchange:exchanger:.*:token-exchange:[A-Za-z0-9_-]{43}")
			.doesNotContain(user)
			.doesNotContain(this.tokenCache.get(key).orElseThrow());
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
		OAuth2AuthorizedClient saved = this.service.loadAuthorizedClient("login", "user-1");
		assertThat(saved.getRefreshToken().getTokenValue()).isNotEqualTo(used);
		assertThat(saved.getAccessToken().getExpiresAt()).isAfter(Instant.now().plusSeconds(120));
	}

	@Test
	void twoUsersRefreshingInOneBurstEachGetTheirOwnToken() throws Exception {
		loggedIn("user-1");
		loggedIn("user-2");
		TwoUsers.burst(this.port, issuer, call("login"), CALLERS);
		assertThat(issuer.probe().tokenRequests("login-client")).isEqualTo(2);
		assertThat(issuer.probe().tokenErrors("login-client")).isZero();
	}

	/**
	 * Records that the user logged in: the issuer holds a refresh token of the user's, and this
	 * application holds it with an access token that has expired.
	 * @return the refresh token
	 */
	private String loggedIn(String user) {
		String refreshToken = issuer.seedRefreshToken(user);
		Instant now = Instant.now();
		OAuth2AccessToken expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired-" + user,
				now.minusSeconds(600), now.minusSeconds(300));
		this.service.saveAuthorizedClient(
				new OAuth2AuthorizedClient(this.registrations.findByRegistrationId("login"), user, expired,
						new OAuth2RefreshToken(refreshToken, now.minusSeconds(600))),
				UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
		return refreshToken;
	}

	private static String call() {
		return call("exchange");
	}

	private static String call(String registration) {
		return "/call?registration=" + registration + "&uri="
				+ URLEncoder.encode(issuer.uri("/resource"), StandardCharsets.UTF_8);
	}

}
