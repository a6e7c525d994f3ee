package io.tokencache.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tokencache.autoconfigure.redis.TokenCacheRedisProperties;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the HMAC key of the client-secret fingerprints in {@link RegistrationKeys}.
 * <p>
 * Instances that share tokens through the Redis tier must compute the same keys, so a random
 * key of each instance would split what they share. In order: the configured
 * {@code token-cache.oauth2-client.secret-fingerprint-key}; else a key derived from
 * {@code token-cache.redis.encryption-key}, which those instances already share and keep secret
 * (derived, so that the AES key itself is never used for a second purpose); else, with the tier
 * off, a random key of this process, since no other process needs to agree with it. With the
 * tier on and neither key set, start-up fails rather than silently sharing nothing.
 */
final class FingerprintKeys {

	private static final byte[] DERIVATION_LABEL = "token-cache oauth2-client secret fingerprint"
		.getBytes(StandardCharsets.UTF_8);

	private FingerprintKeys() {
	}

	/**
	 * @param properties the bridge's properties
	 * @param redis the Redis tier's properties, or {@code null} when the tier is off
	 * @return the fingerprint key
	 * @throws IllegalStateException if the tier is on and no shared key is configured
	 */
	static byte[] choose(TokenCacheOAuth2ClientProperties properties, @Nullable TokenCacheRedisProperties redis) {
		String configured = properties.getSecretFingerprintKey();
		if (configured != null) {
			return TokenCacheOAuth2ClientProperties.decodeFingerprintKey(configured);
		}
		if (redis == null || !redis.isEnabled()) {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			return key;
		}
		String encryptionKey = redis.getEncryptionKey();
		if (encryptionKey == null) {
			throw new IllegalStateException("token-cache.oauth2-client.secret-fingerprint-key must be set when the "
					+ "Redis tier is enabled without token-cache.redis.encryption-key: instances that share tokens "
					+ "must fingerprint client secrets alike. Set it to the same Base64 key of at least 16 bytes on "
					+ "every instance (generate one with: openssl rand -base64 32).");
		}
		return derive(Base64.getDecoder().decode(encryptionKey.strip()));
	}

	private static byte[] derive(byte[] encryptionKey) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(encryptionKey, "HmacSHA256"));
			return mac.doFinal(DERIVATION_LABEL);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
