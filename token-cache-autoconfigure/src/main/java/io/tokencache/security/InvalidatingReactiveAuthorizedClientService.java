package io.tokencache.security;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;

/**
 * The reactive counterpart of {@link InvalidatingAuthorizedClientService}.
 */
final class InvalidatingReactiveAuthorizedClientService implements ReactiveOAuth2AuthorizedClientService {

	private final ReactiveOAuth2AuthorizedClientService delegate;

	private final OAuth2ClientTokens tokens;

	InvalidatingReactiveAuthorizedClientService(ReactiveOAuth2AuthorizedClientService delegate,
			OAuth2ClientTokens tokens) {
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
		return this.delegate
			.<OAuth2AuthorizedClient>loadAuthorizedClient(authorizedClient.getClientRegistration().getRegistrationId(), principal.getName())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.filter((stored) -> this.tokens.keep(authorizedClient, stored.orElse(null)))
			.flatMap((stored) -> this.delegate.saveAuthorizedClient(authorizedClient, principal));
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
		return this.delegate.<OAuth2AuthorizedClient>loadAuthorizedClient(clientRegistrationId, principalName)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.doOnNext((stored) -> this.tokens.rejected(stored.orElse(null), clientRegistrationId, null))
			.then(this.delegate.removeAuthorizedClient(clientRegistrationId, principalName));
	}

	@Override
	public String toString() {
		return "InvalidatingReactiveAuthorizedClientService[delegate=" + this.delegate + "]";
	}

}
