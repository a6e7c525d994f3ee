package io.tokencache.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for caching Spring Security's OAuth2 client-credentials tokens.
 */
@ConfigurationProperties("token-cache.oauth2-client")
public class TokenCacheOAuth2ClientProperties {

	/**
	 * Whether to cache the client-credentials tokens that Spring Security's OAuth2 client
	 * requests in the application's TokenCache.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
