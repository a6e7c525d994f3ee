package io.tokencache.security;

import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Base64 key, of at least 16 bytes, of the HMAC that fingerprints client secrets in cache
	 * keys, so that a rotated secret gets a new token. Instances that share tokens through the
	 * Redis tier need the same one; when unset, it is derived from
	 * token-cache.redis.encryption-key, else drawn at random when the application starts.
	 */
	private @Nullable String secretFingerprintKey;

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

	public @Nullable String getSecretFingerprintKey() {
		return this.secretFingerprintKey;
	}

	public void setSecretFingerprintKey(@Nullable String secretFingerprintKey) {
		if (secretFingerprintKey != null) {
			decodeFingerprintKey(secretFingerprintKey);
		}
		this.secretFingerprintKey = secretFingerprintKey;
	}

	/**
	 * Decodes {@code secret-fingerprint-key}, naming only its length when it is wrong.
	 * @throws IllegalArgumentException if it is not Base64 of at least 16 bytes
	 */
	static byte[] decodeFingerprintKey(String secretFingerprintKey) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secretFingerprintKey.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"token-cache.oauth2-client.secret-fingerprint-key must be Base64 (the value is not shown)");
		}
		if (key.length < RegistrationKeys.MINIMUM_KEY_BYTES) {
			throw new IllegalArgumentException("token-cache.oauth2-client.secret-fingerprint-key must decode to at "
					+ "least " + RegistrationKeys.MINIMUM_KEY_BYTES + " bytes but decodes to " + key.length
					+ " (the value is not shown)");
		}
		return key;
	}

}
