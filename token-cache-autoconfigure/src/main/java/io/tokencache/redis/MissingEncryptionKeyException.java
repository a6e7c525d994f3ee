package io.tokencache.redis;

/**
 * The Redis tier is on, encrypts by default, and has no key.
 * {@link TokenCacheRedisPropertiesFailureAnalyzer} turns it into a start-up report.
 */
final class MissingEncryptionKeyException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	MissingEncryptionKeyException() {
		super("token-cache.redis.encryption-key is not set, and token-cache.redis.encrypt is true");
	}

}
