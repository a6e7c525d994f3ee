package io.tokencache.security;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * An {@link OAuth2AccessTokenResponseClient} for the client-credentials grant that asks its
 * delegate for a token only when the {@link io.tokencache.TokenCache} holds no usable one, and
 * then once, however many threads ask at the same time.
 * <p>
 * The response it returns states the token's remaining lifetime, counted from now, so that
 * Spring Security's own expiry check sees the token as the cache does.
 */
final class CachingClientCredentialsTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	private final ClientCredentialsTokens tokens;

	private final OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate;

	CachingClientCredentialsTokenResponseClient(ClientCredentialsTokens tokens,
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate) {
		this.tokens = tokens;
		this.delegate = delegate;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return this.tokens.get(grantRequest.getClientRegistration(),
				() -> this.delegate.getTokenResponse(grantRequest));
	}

	@Override
	public String toString() {
		return "CachingClientCredentialsTokenResponseClient[delegate=" + this.delegate.getClass().getName() + "]";
	}

}
