package io.tokencache.redis;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a Redis tier turned on without an encryption key: tokens are bearer credentials, so
 * the tier encrypts them unless told in so many words not to.
 */
final class MissingEncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<MissingEncryptionKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingEncryptionKeyException cause) {
		return new FailureAnalysis(
				"The token cache's Redis tier is enabled (token-cache.redis.enabled=true) and encrypts tokens in Redis "
						+ "by default, but token-cache.redis.encryption-key is not set.",
				"Set token-cache.redis.encryption-key to the Base64 text of a 16, 24 or 32-byte AES key, the same on "
						+ "every instance (generate one with: openssl rand -base64 32). Or, if Redis is private to "
						+ "this service and access to it is controlled, set token-cache.redis.encrypt=false to store "
						+ "tokens in plain text.",
				cause);
	}

}
