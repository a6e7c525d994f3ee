package io.tokencache.security;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * The reactive counterpart of {@link InvalidatingAuthorizedClientRepository}, for
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction}'s failure handler. The
 * invalidation runs on {@link Schedulers#boundedElastic()}: with a shared tier it writes to
 * Redis, which must not block the event loop.
 */
final class InvalidatingServerAuthorizedClientRepository implements ServerOAuth2AuthorizedClientRepository {

	private final ServerOAuth2AuthorizedClientRepository delegate;

	private final OAuth2ClientTokens tokens;

	InvalidatingServerAuthorizedClientRepository(ServerOAuth2AuthorizedClientRepository delegate,
			OAuth2ClientTokens tokens) {
		this.delegate = delegate;
		this.tokens = tokens;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			@Nullable Authentication principal, ServerWebExchange exchange) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principal, exchange);
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient,
			@Nullable Authentication principal, ServerWebExchange exchange) {
		return this.delegate
			.<OAuth2AuthorizedClient>loadAuthorizedClient(authorizedClient.getClientRegistration().getRegistrationId(), principal, exchange)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.filter((stored) -> this.tokens.keep(authorizedClient, stored.orElse(null)))
			.flatMap((stored) -> this.delegate.saveAuthorizedClient(authorizedClient, principal, exchange));
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, @Nullable Authentication principal,
			ServerWebExchange exchange) {
		return this.delegate.<OAuth2AuthorizedClient>loadAuthorizedClient(clientRegistrationId, principal, exchange)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((stored) -> Mono.fromRunnable(() -> this.tokens.rejected(stored.orElse(null), clientRegistrationId, principal))
				.subscribeOn(Schedulers.boundedElastic()))
			.then(this.delegate.removeAuthorizedClient(clientRegistrationId, principal, exchange));
	}

	@Override
	public String toString() {
		return "InvalidatingServerAuthorizedClientRepository[delegate=" + this.delegate + "]";
	}

}
