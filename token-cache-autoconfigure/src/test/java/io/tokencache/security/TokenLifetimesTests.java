package io.tokencache.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifetime rules of {@link TokenLifetimes}, on responses as Spring Security builds them.
 * The token endpoints themselves are in {@link TokenLifetimeIntegrationTests}.
 */
class TokenLifetimesTests {

	private static final Instant NOW = Instant.parse("2026-12-04T16:00:00Z");

	private final TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofMinutes(5), Duration.ofHours(24),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void expiresInWinsOverTheJwtsExp() {
		TokenLifetimes now = new TokenLifetimes(Duration.ofMinutes(5), Duration.ofHours(24), Clock.systemUTC());
		String token = jwt("{\"exp\":" + Instant.now().plusSeconds(7200).getEpochSecond() + "}");
		assertThat(now.expiresIn(response(token).expiresIn(600).build().getAccessToken(), "test"))
			.isBetween(Duration.ofSeconds(595), Duration.ofSeconds(600));
	}

	@Test
	void withoutExpiresInAJwtLivesUntilItsExp() {
		assertThat(lifetime(response(jwt("{\"sub\":\"x\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}"))))
			.isEqualTo(Duration.ofHours(1));
	}

	@Test
	void withoutExpiresInAnOpaqueTokenLivesTheDefault() {
		assertThat(lifetime(response("opaque-token-value"))).isEqualTo(Duration.ofMinutes(5));
		assertThat(lifetime(response("two.dots.but-not-base64-json!"))).isEqualTo(Duration.ofMinutes(5));
		assertThat(lifetime(response(jwt("{\"sub\":\"no exp\"}")))).isEqualTo(Duration.ofMinutes(5));
		assertThat(lifetime(response(jwt("{\"exp\":\"soon\"}")))).isEqualTo(Duration.ofMinutes(5));
		assertThat(lifetime(response("a.b.c.d.e"))).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void expiresInOfZeroIsReadAsNotStated() {
		assertThat(lifetime(response("opaque").expiresIn(0))).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void expInThePastFallsBackToTheDefault() {
		assertThat(lifetime(response(jwt("{\"exp\":" + NOW.minusSeconds(10).getEpochSecond() + "}"))))
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(lifetime(response(jwt("{\"exp\":" + Long.MIN_VALUE + "}")))).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void expYearsAheadIsCutToTheCap() {
		assertThat(lifetime(response(jwt("{\"exp\":" + NOW.plus(Duration.ofDays(3650)).getEpochSecond() + "}"))))
			.isEqualTo(Duration.ofHours(24));
		assertThat(lifetime(response(jwt("{\"exp\":" + Long.MAX_VALUE + "}")))).isEqualTo(Duration.ofHours(24));
		assertThat(lifetime(response(jwt("{\"exp\":1e300}")))).isEqualTo(Duration.ofHours(24));
	}

	@Test
	void unsignedAndFractionalExpAreRead() {
		assertThat(TokenLifetimes.jwtExpiry(jwt("{\"exp\":1700000000.9}"))).isEqualTo(1700000000L);
		assertThat(TokenLifetimes.jwtExpiry(jwt("{\"exp\":1700000000}").replaceAll("\\.[^.]*$", "."))).isEqualTo(1700000000L);
	}

	private Duration lifetime(OAuth2AccessTokenResponse.Builder response) {
		return this.lifetimes.expiresIn(response.build().getAccessToken(), "test");
	}

	private static OAuth2AccessTokenResponse.Builder response(String token) {
		return OAuth2AccessTokenResponse.withToken(token).tokenType(OAuth2AccessToken.TokenType.BEARER);
	}

	static String jwt(String claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
	}

}
