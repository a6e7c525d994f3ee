package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

import io.tokencache.redis.RedisTierSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.env.Environment;

/**
 * Configuration properties for the Redis tier of the auto-configured
 * {@link io.tokencache.TokenCache}.
 * <p>
 * Each setter rejects a bad value while it is bound, so that start-up fails with a report
 * naming the property (see {@link TokenCacheRedisPropertiesFailureAnalyzer}). The encryption
 * key never appears in a message: only its length does.
 */
@ConfigurationProperties("token-cache.redis")
public class TokenCacheRedisProperties {

	/** Upper bound of every duration here, so that a typo such as an extra zero fails at once. */
	static final Duration MAXIMUM_DURATION = Duration.ofDays(1);

	/** The start of every default prefix. */
	static final String DEFAULT_KEY_PREFIX = "token-cache:";

	/**
	 * Whether to share tokens, loads and invalidations between instances through Redis.
	 */
	private boolean enabled;

	/**
	 * Prefix of every Redis key and of the channel the tier uses. Instances with the same
	 * prefix share tokens. Defaults to "token-cache:<spring.application.name>:", or
	 * "token-cache:" without an application name, so that services sharing one Redis do not
	 * share tokens; services that mean to share set the same prefix. Must not contain braces,
	 * which Redis Cluster reads as a hash tag.
	 */
	private @Nullable String keyPrefix;

	/**
	 * Whether to encrypt token values in Redis with AES-GCM. When true, encryption-key must be
	 * set.
	 */
	private boolean encrypt = true;

	/**
	 * Base64 AES key of 16, 24 or 32 bytes that encrypts token values in Redis, the same on every
	 * instance. Generate one with "openssl rand -base64 32".
	 */
	private @Nullable String encryptionKey;

	/**
	 * Maximum time of each Redis operation, after which it is cancelled. A slower or failed
	 * operation switches the instance to local loading until Redis answers again. Shorter than
	 * lock-lease. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration timeout = Duration.ofMillis(500);

	/**
	 * How long the cluster-wide load lock outlives a lock holder that dies: longer than any
	 * token load takes, since a lease that lapses during a load lets another instance load too.
	 * With the starter's own OAuth2 client, longer than twice
	 * token-cache.oauth2-client.request-timeout plus twice timeout. Other instances load after
	 * it lapses. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration lockLease = Duration.ofSeconds(30);

	/**
	 * How often an instance waiting for another instance's load looks in Redis, in case the
	 * pub/sub message that wakes it is lost. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration pollInterval = Duration.ofMillis(100);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		Objects.requireNonNull(keyPrefix, "token-cache.redis.key-prefix");
		if (keyPrefix.isBlank()) {
			throw new IllegalArgumentException("token-cache.redis.key-prefix must not be blank");
		}
		if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException(
					"token-cache.redis.key-prefix must not contain '{' or '}' but was '" + keyPrefix + "'");
		}
		this.keyPrefix = keyPrefix;
	}

	/**
	 * The runtime's settings from these properties.
	 * @param environment where {@code spring.application.name} is read for the default prefix
	 * @return the settings
	 * @throws RedisTierConfigurationException if encryption is on without a key, or the
	 * timeout is not shorter than the lease
	 */
	RedisTierSettings toSettings(Environment environment) {
		if (this.timeout.compareTo(this.lockLease) >= 0) {
			throw RedisTierConfigurationException.timeoutNotBelowLease(this);
		}
		byte[] key = null;
		if (this.encrypt) {
			if (this.encryptionKey == null) {
				throw RedisTierConfigurationException.missingEncryptionKey();
			}
			key = decodeKey(this.encryptionKey);
		}
		return new RedisTierSettings(resolveKeyPrefix(environment), key, this.timeout, this.lockLease,
				this.pollInterval);
	}

	/**
	 * The prefix in use: the one set, or one per application.
	 * @param environment where {@code spring.application.name} is read
	 * @return the prefix
	 */
	String resolveKeyPrefix(Environment environment) {
		if (this.keyPrefix != null) {
			return this.keyPrefix;
		}
		String application = environment.getProperty("spring.application.name");
		if (application == null || application.isBlank()) {
			return DEFAULT_KEY_PREFIX;
		}
		return DEFAULT_KEY_PREFIX + application.strip().replace("{", "").replace("}", "") + ":";
	}

	public boolean isEncrypt() {
		return this.encrypt;
	}

	public void setEncrypt(boolean encrypt) {
		this.encrypt = encrypt;
	}

	public @Nullable String getEncryptionKey() {
		return this.encryptionKey;
	}

	public void setEncryptionKey(@Nullable String encryptionKey) {
		if (encryptionKey != null) {
			decodeKey(encryptionKey);
		}
		this.encryptionKey = encryptionKey;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = checkPositive(timeout, "token-cache.redis.timeout");
	}

	public Duration getLockLease() {
		return this.lockLease;
	}

	public void setLockLease(Duration lockLease) {
		this.lockLease = checkPositive(lockLease, "token-cache.redis.lock-lease");
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = checkPositive(pollInterval, "token-cache.redis.poll-interval");
	}

	/**
	 * Decodes an AES key, naming only its length when it is wrong.
	 * @param encryptionKey the Base64 text
	 * @return the key bytes
	 * @throws IllegalArgumentException if it is not Base64 of 16, 24 or 32 bytes
	 */
	static byte[] decodeKey(String encryptionKey) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(encryptionKey.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("token-cache.redis.encryption-key must be Base64 (the value is not shown)");
		}
		if (key.length != 16 && key.length != 24 && key.length != 32) {
			throw new IllegalArgumentException("token-cache.redis.encryption-key must decode to 16, 24 or 32 bytes but "
					+ "decodes to " + key.length + " (the value is not shown)");
		}
		return key;
	}

	private static Duration checkPositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero() || duration.compareTo(MAXIMUM_DURATION) > 0) {
			throw new IllegalArgumentException(name + " must be positive and at most 1d but was " + duration);
		}
		return duration;
	}

}
