package io.tokencache.security;

import java.util.Objects;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The reactive counterpart of {@link CachingClientCredentialsTokenResponseClient}, for
 * {@code WebClient}'s {@code ServerOAuth2AuthorizedClientExchangeFilterFunction}.
 * <p>
 * A hit is answered on the calling thread, without blocking. A miss waits for the single load
 * of its key on {@link Schedulers#boundedElastic()}, because {@code TokenCache.get(key, loader)}
 * blocks the callers that wait for another caller's load; the loading caller subscribes to the
 * delegate's {@code Mono} there and waits for it.
 */
final class CachingReactiveClientCredentialsTokenResponseClient
		implements ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	private final ClientCredentialsTokens tokens;

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate;

	CachingReactiveClientCredentialsTokenResponseClient(ClientCredentialsTokens tokens,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate) {
		this.tokens = tokens;
		this.delegate = delegate;
	}

	@Override
	public Mono<OAuth2AccessTokenResponse> getTokenResponse(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return Mono.defer(() -> this.tokens.cached(grantRequest.getClientRegistration())
			.map(Mono::just)
			.orElseGet(() -> load(grantRequest)));
	}

	private Mono<OAuth2AccessTokenResponse> load(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return Mono.fromCallable(() -> this.tokens.get(grantRequest.getClientRegistration(),
				() -> Objects.requireNonNull(this.delegate.getTokenResponse(grantRequest).block(),
						"token response")))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public String toString() {
		return "CachingReactiveClientCredentialsTokenResponseClient[delegate=" + this.delegate.getClass().getName()
				+ "]";
	}

}
