package io.tokencache.security;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * An {@link OAuth2AccessTokenResponseClient} for the refresh-token grant that makes one request
 * per refresh token, however many requests of the user refresh at once, and answers a request
 * that presents an already used refresh token with the response it got (see
 * {@link RefreshTokens}). The request runs on the thread of the first caller; the others wait
 * for it.
 */
final class CachingRefreshTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest>, DisposableBean {

	private final RefreshTokens refreshes;

	private final OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> delegate;

	private final @Nullable Object requests;

	CachingRefreshTokenResponseClient(RefreshTokens refreshes,
			OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> delegate, @Nullable Object requests) {
		this.refreshes = refreshes;
		this.delegate = delegate;
		this.requests = requests;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2RefreshTokenGrantRequest grantRequest) {
		return this.refreshes.await(this.refreshes.refresh(this.refreshes.key(grantRequest),
				() -> CompletableFuture.completedFuture(this.delegate.getTokenResponse(grantRequest))));
	}

	@Override
	public void destroy() throws Exception {
		TokenRequests.close(this.requests);
	}

	@Override
	public String toString() {
		return "CachingRefreshTokenResponseClient[delegate=" + this.delegate.getClass().getName() + "]";
	}

}
