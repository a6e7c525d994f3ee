package io.tokencache.redis;

/**
 * The {@code token-cache.redis.*} properties are valid one by one but not together.
 * {@link RedisTierConfigurationFailureAnalyzer} turns it into a start-up report.
 */
final class RedisTierConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	private RedisTierConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	String action() {
		return this.action;
	}

	/** Tokens are bearer credentials, so the tier encrypts them unless told in so many words not to. */
	static RedisTierConfigurationException missingEncryptionKey() {
		return new RedisTierConfigurationException(
				"The token cache's Redis tier is enabled (token-cache.redis.enabled=true) and encrypts tokens in Redis "
						+ "by default, but token-cache.redis.encryption-key is not set.",
				"Set token-cache.redis.encryption-key to the Base64 text of a 16, 24 or 32-byte AES key, the same on "
						+ "every instance (generate one with: openssl rand -base64 32). Or, if Redis is private to "
						+ "this service and access to it is controlled, set token-cache.redis.encrypt=false to store "
						+ "tokens in plain text.");
	}

	/** A Redis operation that may take as long as the lock lasts would let the lock lapse under a live holder. */
	static RedisTierConfigurationException timeoutNotBelowLease(TokenCacheRedisProperties properties) {
		return new RedisTierConfigurationException(
				"token-cache.redis.timeout (" + properties.getTimeout() + ") must be shorter than "
						+ "token-cache.redis.lock-lease (" + properties.getLockLease() + ").",
				"Lower token-cache.redis.timeout (default 500ms) or raise token-cache.redis.lock-lease (default 30s).");
	}

}
