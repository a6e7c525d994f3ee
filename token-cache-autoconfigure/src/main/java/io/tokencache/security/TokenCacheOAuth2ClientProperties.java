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
	 * Whether to cache the tokens that Spring Security's OAuth2 client requests (client
	 * credentials, token exchange and JWT bearer) in the application's TokenCache, and to make
	 * one refresh request per refresh token.
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
	 * How long to cache a token whose response has no expires_in and that is not a JWT with an
	 * exp claim. A resource server's 401 still removes the token at once.
	 */
	// As short as the shortest common default lifetime (Spring Authorization Server's and
	// Keycloak's are 5 minutes), so that a guessed lifetime rarely outlives the token.
	private Duration defaultExpiresIn = Duration.ofMinutes(5);

	/**
	 * Longest time to cache a token by the exp claim of a JWT access token whose response has no
	 * expires_in, so that a nonsense exp years ahead does not keep a token for years.
	 */
	private Duration maxExpiresIn = Duration.ofHours(24);

	/**
	 * Longest time a token endpoint's Retry-After (on a 429 or 503 answer) keeps a registration
	 * from requesting a token. Meanwhile callers get the unexpired cached token, or fail at once.
	 */
	private Duration maxRetryAfter = Duration.ofMinutes(5);

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
		this.requestTimeout = checkPositive(requestTimeout, "token-cache.oauth2-client.request-timeout");
	}

	public Duration getDefaultExpiresIn() {
		return this.defaultExpiresIn;
	}

	public void setDefaultExpiresIn(Duration defaultExpiresIn) {
		this.defaultExpiresIn = checkPositive(defaultExpiresIn, "token-cache.oauth2-client.default-expires-in");
	}

	public Duration getMaxExpiresIn() {
		return this.maxExpiresIn;
	}

	public void setMaxExpiresIn(Duration maxExpiresIn) {
		this.maxExpiresIn = checkPositive(maxExpiresIn, "token-cache.oauth2-client.max-expires-in");
	}

	public Duration getMaxRetryAfter() {
		return this.maxRetryAfter;
	}

	public void setMaxRetryAfter(Duration maxRetryAfter) {
		this.maxRetryAfter = checkPositive(maxRetryAfter, "token-cache.oauth2-client.max-retry-after");
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

	private static Duration checkPositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + duration);
		}
		return duration;
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
