package io.tokencache.security;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The reactive counterpart of {@link CachingRefreshTokenResponseClient}. The refresh runs
 * without blocking, subscribed once per refresh token; a caller that cancels leaves it running
 * for the others.
 */
final class CachingReactiveRefreshTokenResponseClient
		implements ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> {

	private final RefreshTokens refreshes;

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> delegate;

	CachingReactiveRefreshTokenResponseClient(RefreshTokens refreshes,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> delegate) {
		this.refreshes = refreshes;
		this.delegate = delegate;
	}

	@Override
	public Mono<OAuth2AccessTokenResponse> getTokenResponse(OAuth2RefreshTokenGrantRequest grantRequest) {
		return Mono.fromFuture(() -> this.refreshes.refresh(this.refreshes.key(grantRequest),
				() -> this.delegate.getTokenResponse(grantRequest).toFuture()), true);
	}

	@Override
	public String toString() {
		return "CachingReactiveRefreshTokenResponseClient[delegate=" + this.delegate.getClass().getName() + "]";
	}

}
