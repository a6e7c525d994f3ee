package io.tokencache.redis;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenCipher}.
 */
class TokenCipherTests {

	private static final String TOKEN = "eyJhbGciOi.SECRET-7f3a9c.sig";

	/** A fixed test key; in production each deployment generates its own. */
	static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	private final TokenCipher cipher = TokenCipher.aesGcm(Base64.getDecoder().decode(ENCRYPTION_KEY));

	@Test
	void sealedTokenOpensUnderTheSameRedisKey() {
		String sealed = this.cipher.seal(TOKEN, "token-cache:{#billing-api}:token");
		assertThat(sealed).startsWith("a:").doesNotContain("SECRET");
		assertThat(this.cipher.open(sealed, "token-cache:{#billing-api}:token")).isEqualTo(TOKEN);
	}

	@Test
	void everySealIsDifferent() {
		assertThat(this.cipher.seal(TOKEN, "k")).isNotEqualTo(this.cipher.seal(TOKEN, "k"));
	}

	@Test
	void sealedTokenCopiedUnderAnotherKeyDoesNotOpen() {
		String sealed = this.cipher.seal(TOKEN, "token-cache:{#billing-api}:token");
		assertThat(this.cipher.open(sealed, "token-cache:token:crm-api")).isNull();
	}

	@Test
	void anotherEncryptionKeyDoesNotOpenIt() {
		TokenCipher other = TokenCipher.aesGcm(new byte[32]);
		assertThat(other.open(this.cipher.seal(TOKEN, "k"), "k")).isNull();
	}

	@Test
	void tamperedOrTruncatedTextDoesNotOpen() {
		String sealed = this.cipher.seal(TOKEN, "k");
		char last = sealed.charAt(sealed.length() - 3);
		String tampered = sealed.substring(0, sealed.length() - 3) + ((last == 'A') ? 'B' : 'A')
				+ sealed.substring(sealed.length() - 2);
		assertThat(this.cipher.open(tampered, "k")).isNull();
		assertThat(this.cipher.open("a:AAAA", "k")).isNull();
		assertThat(this.cipher.open("a:not base64!", "k")).isNull();
	}

	@Test
	void plainAndEncryptedModesDoNotReadEachOther() {
		TokenCipher plain = TokenCipher.plain();
		assertThat(plain.open(plain.seal(TOKEN, "k"), "k")).isEqualTo(TOKEN);
		assertThat(plain.open(this.cipher.seal(TOKEN, "k"), "k")).isNull();
		assertThat(this.cipher.open(plain.seal(TOKEN, "k"), "k")).isNull();
	}

}
