package io.tokencache.security;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

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

	private final Map<String, Mono<OAuth2AccessTokenResponse>> loads = new ConcurrentHashMap<>();

	CachingReactiveClientCredentialsTokenResponseClient(ClientCredentialsTokens tokens,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate) {
		this.tokens = tokens;
		this.delegate = delegate;
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

	/** Joins the key's shared load, or starts it; it leaves the map once it has finished. */
	private Mono<OAuth2AccessTokenResponse> load(OAuth2ClientCredentialsGrantRequest grantRequest) {
		String key = this.tokens.key(grantRequest.getClientRegistration());
		Mono<OAuth2AccessTokenResponse> existing = this.loads.get(key);
		if (existing != null) {
			return existing;
		}
		AtomicReference<Mono<OAuth2AccessTokenResponse>> self = new AtomicReference<>();
		Mono<OAuth2AccessTokenResponse> load = Mono.deferContextual((view) -> {
			CallerContext.Opener caller = this.tokens.callerContext().capture(view);
			return Mono.fromCallable(() -> {
				try (CallerContext.Scope scope = caller.open()) {
					return this.tokens.get(grantRequest.getClientRegistration(), () -> request(grantRequest));
				}
			}).subscribeOn(Schedulers.boundedElastic());
		})
			.doOnTerminate(() -> this.loads.remove(key, self.get()))
			.cache();
		self.set(load);
		existing = this.loads.putIfAbsent(key, load);
		return (existing != null) ? existing : load;
	}

	@Override
	public String toString() {
		return "CachingReactiveClientCredentialsTokenResponseClient[delegate=" + this.delegate.getClass().getName()
				+ "]";
	}

}
