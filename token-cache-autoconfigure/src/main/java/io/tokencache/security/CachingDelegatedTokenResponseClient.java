package io.tokencache.security;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * An {@link OAuth2AccessTokenResponseClient} for token exchange or the JWT bearer grant that
 * asks its delegate only when the cache holds no usable token for this registration and this
 * user's token, and then once, however many of the user's requests ask at the same time (see
 * {@link DelegatedTokens}).
 * <p>
 * A delegate the starter built is closed with this client, as in
 * {@link CachingClientCredentialsTokenResponseClient}.
 * @param <T> the grant request
 */
final class CachingDelegatedTokenResponseClient<T extends AbstractOAuth2AuthorizationGrantRequest>
		implements OAuth2AccessTokenResponseClient<T>, DisposableBean {

	private final DelegatedTokens tokens;

	private final OAuth2AccessTokenResponseClient<T> delegate;

	private final @Nullable Object requests;

	/**
	 * @param grant the grant of the requests, which the cache now holds the clients of
	 * @param requests what the starter built the delegate on, or {@code null} for the
	 * application's delegate
	 */
	CachingDelegatedTokenResponseClient(DelegatedTokens tokens, AuthorizationGrantType grant,
			OAuth2AccessTokenResponseClient<T> delegate, @Nullable Object requests) {
		this.tokens = tokens;
		this.delegate = delegate;
		this.requests = requests;
		tokens.caching(grant);
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(T grantRequest) {
		return this.tokens.get(grantRequest.getClientRegistration(), this.tokens.subject(grantRequest),
				() -> this.delegate.getTokenResponse(grantRequest));
	}

	@Override
	public void destroy() throws Exception {
		TokenRequests.close(this.requests);
	}

	@Override
	public String toString() {
		return "CachingDelegatedTokenResponseClient[delegate=" + this.delegate.getClass().getName() + "]";
	}

}
