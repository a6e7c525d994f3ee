package io.tokencache.security;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The reactive counterpart of {@link CachingDelegatedTokenResponseClient}: a hit is answered on
 * the calling thread without blocking; the callers that miss one key share one load (see
 * {@link SharedLoads}).
 * @param <T> the grant request
 */
final class CachingReactiveDelegatedTokenResponseClient<T extends AbstractOAuth2AuthorizationGrantRequest>
		implements ReactiveOAuth2AccessTokenResponseClient<T> {

	private final DelegatedTokens tokens;

	private final ReactiveOAuth2AccessTokenResponseClient<T> delegate;

	private final SharedLoads<OAuth2AccessTokenResponse> loads;

	CachingReactiveDelegatedTokenResponseClient(DelegatedTokens tokens, AuthorizationGrantType grant,
			ReactiveOAuth2AccessTokenResponseClient<T> delegate, CallerContext callerContext) {
		this.tokens = tokens;
		this.delegate = delegate;
		this.loads = new SharedLoads<>(callerContext);
		tokens.caching(grant);
	}

	@Override
	public Mono<OAuth2AccessTokenResponse> getTokenResponse(T grantRequest) {
		return Mono.defer(() -> {
			DelegatedTokens.Subject subject = this.tokens.subject(grantRequest);
			return this.tokens.cached(grantRequest.getClientRegistration(), subject)
				.map(Mono::just)
				.orElseGet(() -> this.loads.load(subject.key(),
						() -> this.tokens.get(grantRequest.getClientRegistration(), subject,
								() -> Objects.requireNonNull(this.delegate.getTokenResponse(grantRequest).block(),
										"token response"))));
		});
	}

	@Override
	public String toString() {
		return "CachingReactiveDelegatedTokenResponseClient[delegate=" + this.delegate.getClass().getName() + "]";
	}

}
