package io.tokencache.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Decorates the application's {@link OAuth2AuthorizedClientRepository} so that removing an
 * authorized client, which {@code OAuth2ClientHttpRequestInterceptor}'s failure handler does
 * when a resource server answers 401, also removes that token from the cache. Boot's default
 * repository keeps an anonymous caller's client in the HTTP session, out of the
 * {@code OAuth2AuthorizedClientService}'s sight, so the service's decorator alone would miss it.
 * It has the user's authentication, and so removes that user's token exchange or JWT bearer
 * token, and no other user's. Saves follow {@link OAuth2ClientTokens#keep}.
 */
final class InvalidatingAuthorizedClientRepository implements OAuth2AuthorizedClientRepository {

	private final OAuth2AuthorizedClientRepository delegate;

	private final OAuth2ClientTokens tokens;

	InvalidatingAuthorizedClientRepository(OAuth2AuthorizedClientRepository delegate, OAuth2ClientTokens tokens) {
		this.delegate = delegate;
		this.tokens = tokens;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			@Nullable Authentication principal, HttpServletRequest request) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principal, request);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, @Nullable Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		if (this.tokens.keep(authorizedClient, this.delegate.loadAuthorizedClient(
				authorizedClient.getClientRegistration().getRegistrationId(), principal, request))) {
			this.delegate.saveAuthorizedClient(authorizedClient, principal, request, response);
		}
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, @Nullable Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		this.tokens.rejected(this.delegate.loadAuthorizedClient(clientRegistrationId, principal, request),
				clientRegistrationId, principal);
		this.delegate.removeAuthorizedClient(clientRegistrationId, principal, request, response);
	}

	@Override
	public String toString() {
		return "InvalidatingAuthorizedClientRepository[delegate=" + this.delegate + "]";
	}

}
