package io.tokencache.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * Decorates the application's {@link OAuth2AuthorizedClientService} so that removing an
 * authorized client, which Spring Security's failure handlers do when a resource server
 * rejects its token, also removes that token from the cache.
 */
final class InvalidatingAuthorizedClientService implements OAuth2AuthorizedClientService {

	private final OAuth2AuthorizedClientService delegate;

	private final ClientCredentialsTokens tokens;

	InvalidatingAuthorizedClientService(OAuth2AuthorizedClientService delegate, ClientCredentialsTokens tokens) {
		this.delegate = delegate;
		this.tokens = tokens;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principalName);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		this.delegate.saveAuthorizedClient(authorizedClient, principal);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		this.tokens.rejected(this.delegate.loadAuthorizedClient(clientRegistrationId, principalName));
		this.delegate.removeAuthorizedClient(clientRegistrationId, principalName);
	}

	@Override
	public String toString() {
		return "InvalidatingAuthorizedClientService[delegate=" + this.delegate + "]";
	}

}
