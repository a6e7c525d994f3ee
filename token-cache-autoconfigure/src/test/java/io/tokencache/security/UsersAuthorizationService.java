package io.tokencache.security;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The test issuer's authorizations, in memory, where each client-credentials token of a client
 * named after a user ({@code user-1}) counts as that user's own token, as if the user had
 * logged in: Spring Authorization Server exchanges a subject token only if its authorization
 * names an authenticated principal, which client-credentials authorizations do not.
 */
final class UsersAuthorizationService implements OAuth2AuthorizationService {

	private final InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();

	@Override
	public void save(OAuth2Authorization authorization) {
		if (authorization.getAttribute(Principal.class.getName()) == null) {
			authorization = OAuth2Authorization.from(authorization)
				.attribute(Principal.class.getName(),
						UsernamePasswordAuthenticationToken.authenticated(authorization.getPrincipalName(), null, List.of()))
				.build();
		}
		this.store.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.store.remove(authorization);
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.store.findById(id);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		return this.store.findByToken(token, tokenType);
	}

}
