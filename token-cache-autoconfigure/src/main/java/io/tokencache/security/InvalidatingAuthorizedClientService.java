package io.tokencache.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * Decorates the application's {@link OAuth2AuthorizedClientService} so that removing an
 * authorized client, which Spring Security's failure handlers do when a resource server
 * rejects its token, also removes that token from the cache, and so that the clients whose
 * tokens the cache holds for each user are not kept a second time, per principal (see
 * {@link OAuth2ClientTokens#keep}). It knows only the principal's name, not the user's token,
 * so a rejected token exchange or JWT bearer token is removed by the repository's decorator.
 */
final class InvalidatingAuthorizedClientService implements OAuth2AuthorizedClientService {

	private final OAuth2AuthorizedClientService delegate;

	private final OAuth2ClientTokens tokens;

	InvalidatingAuthorizedClientService(OAuth2AuthorizedClientService delegate, OAuth2ClientTokens tokens) {
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
		if (this.tokens.keep(authorizedClient, this.delegate
			.loadAuthorizedClient(authorizedClient.getClientRegistration().getRegistrationId(), principal.getName()))) {
			this.delegate.saveAuthorizedClient(authorizedClient, principal);
		}
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		this.tokens.rejected(this.delegate.loadAuthorizedClient(clientRegistrationId, principalName),
				clientRegistrationId, null);
		this.delegate.removeAuthorizedClient(clientRegistrationId, principalName);
	}

	@Override
	public String toString() {
		return "InvalidatingAuthorizedClientService[delegate=" + this.delegate + "]";
	}

}
