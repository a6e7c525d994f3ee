package io.tokencache.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Users' own tokens at the test issuer: access tokens requested over HTTP, and refresh tokens
 * recorded in the issuer's authorization service as its authorization-code flow would.
 */
final class UserTokens {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private final AuthorizationServer issuer;

	UserTokens(AuthorizationServer issuer) {
		this.issuer = issuer;
	}

	String clientCredentials(String clientId) {
		String basic = Base64.getEncoder()
			.encodeToString((clientId + ":" + AuthorizationServer.SECRET + "-" + clientId)
				.getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer.uri("/oauth2/token")))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api.read"))
			.build();
		try {
			String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
			Matcher token = ACCESS_TOKEN.matcher(body);
			if (!token.find()) {
				throw new IllegalStateException("No access token in " + body);
			}
			return token.group(1);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String seedRefreshToken(String user) {
		RegisteredClient client = this.issuer.context()
			.getBean(RegisteredClientRepository.class)
			.findByClientId("login-client");
		Instant now = Instant.now();
		OAuth2AccessToken expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				"seed-access-" + UUID.randomUUID(), now.minusSeconds(600), now.minusSeconds(300), Set.of("api.read"));
		OAuth2RefreshToken refresh = new OAuth2RefreshToken("seed-refresh-" + UUID.randomUUID(), now,
				now.plus(Duration.ofHours(1)));
		this.issuer.context()
			.getBean(OAuth2AuthorizationService.class)
			.save(OAuth2Authorization.withRegisteredClient(client)
				.principalName(user)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizedScopes(Set.of("api.read"))
				.token(expired)
				.refreshToken(refresh)
				.attribute(Principal.class.getName(),
						UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()))
				.build());
		return refresh.getTokenValue();
	}

}
