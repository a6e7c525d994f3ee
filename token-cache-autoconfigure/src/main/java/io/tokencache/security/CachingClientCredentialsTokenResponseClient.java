package io.tokencache.security;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
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
 * <p>
 * When the starter builds the delegate itself, it hands over what the delegate's requests run
 * on, an HTTP library's connection pool for instance, and this client closes it with the
 * context. A delegate that the application defines is not closed here: Spring destroys the bean
 * it defined, which this client only wraps.
 */
final class CachingClientCredentialsTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>, DisposableBean {

	private final ClientCredentialsTokens tokens;

	private final OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate;

	/** What the starter built the delegate on, closed with this client; {@code null} for the application's. */
	private final @Nullable Object requests;

	CachingClientCredentialsTokenResponseClient(ClientCredentialsTokens tokens,
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate) {
		this(tokens, delegate, null);
	}

	CachingClientCredentialsTokenResponseClient(ClientCredentialsTokens tokens,
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> delegate, @Nullable Object requests) {
		this.tokens = tokens;
		this.delegate = delegate;
		this.requests = requests;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2ClientCredentialsGrantRequest grantRequest) {
		return this.tokens.get(grantRequest.getClientRegistration(),
				() -> this.delegate.getTokenResponse(grantRequest));
	}

	/** Closes the request factory the starter built, if it holds anything to close (the JDK's does not). */
	@Override
	public void destroy() throws Exception {
		TokenRequests.close(this.requests);
	}

	/** The request factory the starter built the delegate on; for tests. */
	@Nullable Object requests() {
		return this.requests;
	}

	@Override
	public String toString() {
		return "CachingClientCredentialsTokenResponseClient[delegate=" + this.delegate.getClass().getName() + "]";
	}

}
