package io.tokencache.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Turns a token into the text stored in Redis and back: AES-GCM, or plain text when encryption
 * is off. The Redis key is the additional authenticated data, so a ciphertext copied under
 * another key does not decrypt. The JDK's own AES-GCM is used: no library is needed for one
 * cipher.
 */
abstract sealed class TokenCipher permits TokenCipher.Plain, TokenCipher.AesGcm {

	/**
	 * Seals a token.
	 * @param token the token
	 * @param redisKey the Redis key it is stored under
	 * @return the stored text
	 */
	abstract String seal(String token, String redisKey);

	/**
	 * Opens what {@link #seal} stored.
	 * @param sealed the stored text
	 * @param redisKey the Redis key it was read from
	 * @return the token, or {@code null} if it cannot be opened: another key, tampering, or the
	 * other mode
	 */
	abstract @Nullable String open(String sealed, String redisKey);

	static TokenCipher plain() {
		return new Plain();
	}

	static TokenCipher aesGcm(byte[] key) {
		return new AesGcm(key);
	}

	static final class Plain extends TokenCipher {

		private static final String MARK = "p:";

		@Override
		String seal(String token, String redisKey) {
			return MARK + token;
		}

		@Override
		@Nullable String open(String sealed, String redisKey) {
			return sealed.startsWith(MARK) ? sealed.substring(MARK.length()) : null;
		}

	}

	static final class AesGcm extends TokenCipher {

		private static final String MARK = "a:";

		private static final int NONCE_BYTES = 12;

		private static final int TAG_BITS = 128;

		private final SecretKeySpec key;

		private final SecureRandom random = new SecureRandom();

		AesGcm(byte[] key) {
			this.key = new SecretKeySpec(key, "AES");
		}

		@Override
		String seal(String token, String redisKey) {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			try {
				Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, redisKey);
				byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
				byte[] stored = new byte[NONCE_BYTES + sealed.length];
				System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
				System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
				return MARK + Base64.getEncoder().encodeToString(stored);
			}
			catch (GeneralSecurityException ex) {
				// Only the type: a JCE message never holds the plain text, but there is no reason to find out.
				throw new IllegalStateException("AES-GCM encryption failed (" + ex.getClass().getName() + ")");
			}
		}

		@Override
		@Nullable String open(String sealed, String redisKey) {
			if (!sealed.startsWith(MARK)) {
				return null;
			}
			try {
				byte[] stored = Base64.getDecoder().decode(sealed.substring(MARK.length()));
				if (stored.length <= NONCE_BYTES) {
					return null;
				}
				Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(stored, NONCE_BYTES), redisKey);
				byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
				return new String(plain, StandardCharsets.UTF_8);
			}
			catch (GeneralSecurityException | IllegalArgumentException ex) {
				return null;
			}
		}

		private Cipher cipher(int mode, byte[] nonce, String redisKey) throws GeneralSecurityException {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(redisKey.getBytes(StandardCharsets.UTF_8));
			return cipher;
		}

	}

}
