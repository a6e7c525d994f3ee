package io.tokencache.security;

import java.util.Base64;

import io.tokencache.autoconfigure.redis.TokenCacheRedisProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where the secret fingerprints' HMAC key comes from: instances that share tokens must agree on
 * it, and nothing else needs to.
 */
class FingerprintKeysTests {

	private static final String AES_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private final TokenCacheOAuth2ClientProperties properties = new TokenCacheOAuth2ClientProperties();

	@Test
	void configuredKeyIsUsedAsItIs() {
		byte[] key = "0123456789abcdef0123".getBytes();
		this.properties.setSecretFingerprintKey(Base64.getEncoder().encodeToString(key));
		assertThat(FingerprintKeys.choose(this.properties, tier(AES_KEY))).isEqualTo(key);
	}

	@Test
	void withoutTheTierEachStartDrawsItsOwnKey() {
		byte[] first = FingerprintKeys.choose(this.properties, null);
		assertThat(first).hasSize(32);
		assertThat(FingerprintKeys.choose(this.properties, null)).isNotEqualTo(first);
	}

	@Test
	void withTheTierTheKeyIsDerivedFromTheEncryptionKeyAlikeOnEveryInstanceButIsNotIt() {
		byte[] first = FingerprintKeys.choose(this.properties, tier(AES_KEY));
		assertThat(FingerprintKeys.choose(new TokenCacheOAuth2ClientProperties(), tier(AES_KEY))).isEqualTo(first);
		assertThat(first).isNotEqualTo(Base64.getDecoder().decode(AES_KEY));
		assertThat(FingerprintKeys.choose(this.properties,
				tier(Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
						15, 16 }))))
			.isNotEqualTo(first);
	}

	@Test
	void withTheTierAndNoSharedKeyStartUpFailsNamingTheProperty() {
		TokenCacheRedisProperties redis = tier(null);
		redis.setEncrypt(false);
		assertThatIllegalStateException().isThrownBy(() -> FingerprintKeys.choose(this.properties, redis))
			.withMessageStartingWith("token-cache.oauth2-client.secret-fingerprint-key must be set when the Redis "
					+ "tier is enabled without token-cache.redis.encryption-key");
	}

	@Test
	void badConfiguredKeysAreRefusedWithoutShowingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.properties.setSecretFingerprintKey("not base64!"))
			.withMessage("token-cache.oauth2-client.secret-fingerprint-key must be Base64 (the value is not shown)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.properties.setSecretFingerprintKey(Base64.getEncoder().encodeToString(new byte[8])))
			.withMessage("token-cache.oauth2-client.secret-fingerprint-key must decode to at least 16 bytes but "
					+ "decodes to 8 (the value is not shown)");
		assertThat(this.properties.getSecretFingerprintKey()).isNull();
	}

	private static TokenCacheRedisProperties tier(String encryptionKey) {
		TokenCacheRedisProperties redis = new TokenCacheRedisProperties();
		redis.setEnabled(true);
		redis.setEncryptionKey(encryptionKey);
		return redis;
	}

}
