package io.tokencache.redis;

/**
 * A token in Redis does not open with this instance's key, or is not in the tier's format: the
 * instances disagree on {@code token-cache.redis.encryption-key} or {@code encrypt}, or something
 * else wrote the key. The tier then loads the token itself and overwrites the shared one.
 */
final class UndecryptableTokenException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	UndecryptableTokenException(String key) {
		super("The shared token for key '" + key + "' cannot be opened: check that every instance has the same "
				+ "token-cache.redis.encrypt and token-cache.redis.encryption-key, and that nothing else writes under "
				+ "token-cache.redis.key-prefix");
	}

}
