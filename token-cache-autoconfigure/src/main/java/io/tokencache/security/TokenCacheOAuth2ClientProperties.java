package io.tokencache.security;

import java.time.Duration;
import java.util.Objects;

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

	/**
	 * Timeout of each token request of the starter's own response clients, to connect and
	 * again to answer (the JDK's client and the reactive client count both together), after
	 * which the request fails and the key backs off. Without it a token endpoint that never
	 * answers would hold the key's load for good. A response client that the application
	 * defines keeps its own settings.
	 */
	// Twice the cache's default load timeout, so that a slow answer still arrives and is cached.
	private Duration requestTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		Objects.requireNonNull(requestTimeout, "token-cache.oauth2-client.request-timeout");
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException(
					"token-cache.oauth2-client.request-timeout must be positive but was " + requestTimeout);
		}
		this.requestTimeout = requestTimeout;
	}

}
