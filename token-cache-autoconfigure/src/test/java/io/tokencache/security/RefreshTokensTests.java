package io.tokencache.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RefreshTokens}: what a refresh token's requests share, and for how long.
 */
@Timeout(30)
class RefreshTokensTests {

	private static final ClientRegistration LOGIN = ClientRegistration.withRegistrationId("login")
		.clientId("login-client")
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("http://localhost/callback")
		.authorizationUri("https://idp.example.com/oauth2/authorize")
		.tokenUri("https://idp.example.com/oauth2/token")
		.build();

	private final RegistrationKeys keys = new RegistrationKeys(new byte[32]);

	private final AtomicInteger requests = new AtomicInteger();

	@Test
	void aRequestPresentingAnAlreadyUsedRefreshTokenGetsItsResponseWithoutARequest() {
		RefreshTokens refreshes = new RefreshTokens(this.keys, Clock.systemUTC(), Duration.ofSeconds(5), 10);
		OAuth2AccessTokenResponse first = refresh(refreshes, "refresh-1");
		OAuth2AccessTokenResponse late = refresh(refreshes, "refresh-1");
		assertThat(late).isSameAs(first);
		assertThat(late.getRefreshToken().getTokenValue()).isEqualTo("rotated-1");
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void anotherRefreshTokenMakesItsOwnRequest() {
		RefreshTokens refreshes = new RefreshTokens(this.keys, Clock.systemUTC(), Duration.ofSeconds(5), 10);
		refresh(refreshes, "refresh-1");
		refresh(refreshes, "refresh-2");
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void remembersAtMostMaximumSizeResponses() {
		RefreshTokens refreshes = new RefreshTokens(this.keys, Clock.systemUTC(), Duration.ofSeconds(5), 3);
		for (int i = 0; i < 10; i++) {
			refresh(refreshes, "refresh-" + i);
		}
		assertThat(refreshes.remembered()).isEqualTo(3);
	}

	@Test
	void joinersOfAFailedRefreshGetItsFailureAsItWasThrownAndNothingIsRemembered() {
		RefreshTokens refreshes = new RefreshTokens(this.keys, Clock.systemUTC(), Duration.ofSeconds(5), 10);
		String key = refreshes.key(request("refresh-1"));
		CompletableFuture<OAuth2AccessTokenResponse> running = new CompletableFuture<>();
		CompletableFuture<OAuth2AccessTokenResponse> leader = refreshes.refresh(key, () -> running);
		CompletableFuture<OAuth2AccessTokenResponse> joiner = refreshes.refresh(key, () -> {
			throw new AssertionError("a second refresh of the same token");
		});
		running.completeExceptionally(new OAuth2AuthorizationException(new OAuth2Error("invalid_grant")));
		for (CompletableFuture<OAuth2AccessTokenResponse> response : java.util.List.of(leader, joiner)) {
			assertThatExceptionOfType(OAuth2AuthorizationException.class).isThrownBy(() -> refreshes.await(response))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		}
		assertThat(refreshes.remembered()).isZero();
	}

	@Test
	void keyHoldsNeitherTheRefreshTokenNorTheScopes() {
		RefreshTokens refreshes = new RefreshTokens(this.keys, Clock.systemUTC(), Duration.ofSeconds(5), 10);
		String key = refreshes.key(request("refresh-token-never-in-a-key"));
		assertThat(key).startsWith(this.keys.registrationKey(LOGIN) + ":refresh-token:")
			.doesNotContain("refresh-token-never-in-a-key");
		assertThat(refreshes.key(request("another"))).isNotEqualTo(key);
	}

	private OAuth2AccessTokenResponse refresh(RefreshTokens refreshes, String refreshToken) {
		return refreshes.await(refreshes.refresh(refreshes.key(request(refreshToken)),
				() -> CompletableFuture.completedFuture(OAuth2AccessTokenResponse
					.withToken("access-" + this.requests.incrementAndGet())
					.tokenType(OAuth2AccessToken.TokenType.BEARER)
					.expiresIn(300)
					.refreshToken(refreshToken.replace("refresh", "rotated"))
					.build())));
	}

	private static OAuth2RefreshTokenGrantRequest request(String refreshToken) {
		Instant now = Instant.now();
		return new OAuth2RefreshTokenGrantRequest(LOGIN,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired", now.minusSeconds(600),
						now.minusSeconds(300)),
				new OAuth2RefreshToken(refreshToken, now.minusSeconds(600)), Set.of());
	}

}
