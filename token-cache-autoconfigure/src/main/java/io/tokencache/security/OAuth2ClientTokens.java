package io.tokencache.security;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;

/**
 * What the decorators of Spring Security's beans work with: the cached tokens of each grant,
 * and the rules for saving and removing authorized clients that follow from them.
 * @param clientCredentials the client-credentials tokens
 * @param delegated the token exchange and JWT bearer tokens
 * @param refreshes the coalesced refreshes
 */
record OAuth2ClientTokens(ClientCredentialsTokens clientCredentials, DelegatedTokens delegated,
		RefreshTokens refreshes) {

	/**
	 * Whether an authorized client should go on to the application's store.
	 * <p>
	 * Not if the cache holds its token already (token exchange, JWT bearer): the store would
	 * keep a copy per principal, for good in Spring's in-memory service. Nor if the store holds
	 * these very tokens: the requests that shared one refresh each save its response, and the
	 * new refresh token is saved once.
	 * @param client the client about to be saved
	 * @param stored the client the store holds for the same registration and principal
	 */
	boolean keep(OAuth2AuthorizedClient client, @Nullable OAuth2AuthorizedClient stored) {
		if (this.delegated.held(client)) {
			return false;
		}
		return stored == null || !same(client, stored);
	}

	/**
	 * Removes the cached token of a client that a resource server rejected: the stored
	 * client's (client credentials), or the user's (token exchange, JWT bearer, which no store
	 * holds).
	 * @param stored the client the store holds, if any
	 * @param registrationId the registration of the rejected client
	 * @param principal the user whose request was rejected, if known
	 */
	void rejected(@Nullable OAuth2AuthorizedClient stored, String registrationId, @Nullable Authentication principal) {
		this.clientCredentials.rejected(stored);
		this.delegated.rejected(registrationId, principal);
	}

	private static boolean same(OAuth2AuthorizedClient client, OAuth2AuthorizedClient stored) {
		return client.getClientRegistration().getRegistrationId()
			.equals(stored.getClientRegistration().getRegistrationId())
				&& value(client.getAccessToken()).equals(value(stored.getAccessToken()))
				&& Objects.equals(valueOrNull(client.getRefreshToken()), valueOrNull(stored.getRefreshToken()));
	}

	private static String value(AbstractOAuth2Token token) {
		return token.getTokenValue();
	}

	private static @Nullable String valueOrNull(@Nullable AbstractOAuth2Token token) {
		return (token != null) ? token.getTokenValue() : null;
	}

	@Override
	public String toString() {
		return "OAuth2ClientTokens[" + this.delegated + ", " + this.refreshes + "]";
	}

}
