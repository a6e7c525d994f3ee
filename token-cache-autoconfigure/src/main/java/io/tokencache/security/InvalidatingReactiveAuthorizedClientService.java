package io.tokencache.security;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;

/**
 * The reactive counterpart of {@link InvalidatingAuthorizedClientService}.
 */
final class InvalidatingReactiveAuthorizedClientService implements ReactiveOAuth2AuthorizedClientService {

	private final ReactiveOAuth2AuthorizedClientService delegate;

	private final ClientCredentialsTokens tokens;

	InvalidatingReactiveAuthorizedClientService(ReactiveOAuth2AuthorizedClientService delegate,
			ClientCredentialsTokens tokens) {
		this.delegate = delegate;
		this.tokens = tokens;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principalName);
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		return this.delegate.saveAuthorizedClient(authorizedClient, principal);
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principalName)
			.doOnNext(this.tokens::rejected)
			.then(this.delegate.removeAuthorizedClient(clientRegistrationId, principalName));
	}

	@Override
	public String toString() {
		return "InvalidatingReactiveAuthorizedClientService[delegate=" + this.delegate + "]";
	}

}
