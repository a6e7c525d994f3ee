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
 * A hit is answered on the calling thread, without blocking; inside the refresh-ahead window
 * it also starts the background refresh, which runs on the cache's executor, as the servlet
 * client's does. On a miss, the callers of a key share one {@code Mono}, which runs the cache's
 * (blocking) {@code get(key, loader)} on {@link Schedulers#boundedElastic()}: one thread per key
 * waits for the token endpoint, however many reactive callers miss at once, instead of one per
 * caller, which would also exhaust the bounded pool. Each caller that misses counts one miss;
 * the shared load counts one more.
 * <p>
 * The caller's context (its current observation, see {@link CallerContext}) is restored around
 * the load, so that the load's observation is a child of the first caller's.
 * <p>
 * A shared load leaves the map before its outcome reaches its subscribers, so that a caller
 * that asks after the outcome starts afresh instead of being handed it again: a failure whose
 * backoff is over, or a token that a resource server has since rejected.
 */
final class CachingReactiveClientCredentialsTokenResponseClient
		implements ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	private final ClientCredentialsTokens tokens;

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate;

	private final SharedLoads<OAuth2AccessTokenResponse> loads;

	CachingReactiveClientCredentialsTokenResponseClient(ClientCredentialsTokens tokens,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate) {
		this.tokens = tokens;
		this.delegate = delegate;
		this.loads = new SharedLoads<>(tokens.callerContext());
	}

	@Override
	public Mono<OAuth2AccessTokenResponse> getTokenResponse(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return Mono.defer(() -> this.tokens.cached(grantRequest.getClientRegistration(), () -> request(grantRequest))
			.map(Mono::just)
			.orElseGet(() -> load(grantRequest)));
	}

	/** A token request, blocking: the cache runs it on a thread of its own or of the bounded elastic pool. */
	private OAuth2AccessTokenResponse request(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return Objects.requireNonNull(this.delegate.getTokenResponse(grantRequest).block(), "token response");
	}

	private Mono<OAuth2AccessTokenResponse> load(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return this.loads.load(this.tokens.key(grantRequest.getClientRegistration()),
				() -> this.tokens.get(grantRequest.getClientRegistration(), () -> request(grantRequest)));
	}

	@Override
	public String toString() {
		return "CachingReactiveClientCredentialsTokenResponseClient[delegate=" + this.delegate.getClass().getName()
				+ "]";
	}

}
