package io.tokencache.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The Redis names of the tier: the channel, and the token, lock and version keys of each cache
 * key, {@code <prefix>{<id>}:token}, {@code :lock} and {@code :version}. The braces are a Redis
 * Cluster hash tag, so that the three keys of one cache key share a slot and one script can
 * touch them; the {@code #} in front of the id keeps the tag from being empty.
 * <p>
 * The id is the cache key itself, or, with encryption on, an HMAC-SHA256 of it under a key
 * derived from the encryption key, so that neither Redis key names nor pub/sub messages show a
 * cache key, which may hold a user or tenant id.
 */
public final class KeyNames {

	private static final String TOKEN = "}:token";

	private static final String LOCK = "}:lock";

	private static final String VERSION = "}:version";

	/** 16 bytes of the HMAC: collisions between the keys of one cache are out of reach. */
	private static final int ID_BYTES = 16;

	private final String prefix;

	private final @Nullable SecretKeySpec hashKey;

	KeyNames(String prefix, byte @Nullable [] encryptionKey) {
		this.prefix = prefix;
		this.hashKey = (encryptionKey != null) ? new SecretKeySpec(derive(encryptionKey), "HmacSHA256") : null;
	}

	/** A key of its own for names, so that the AES key is never used for two purposes. */
	private static byte[] derive(byte[] encryptionKey) {
		return hmac(new SecretKeySpec(encryptionKey, "HmacSHA256"), "token-cache key names");
	}

	/**
	 * Returns the id that names a cache key in Redis.
	 * @param key the cache key
	 * @return the key itself, or its keyed hash with encryption on
	 */
	public String id(String key) {
		SecretKeySpec hashKey = this.hashKey;
		if (hashKey == null) {
			return key;
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hmac(hashKey, key), ID_BYTES));
	}

	/** @return the pub/sub channel of the tier */
	public String channel() {
		return this.prefix + "events";
	}

	/**
	 * @param id an {@link #id(String) id}
	 * @return the Redis key of its token
	 */
	public String token(String id) {
		return this.prefix + "{#" + id + TOKEN;
	}

	/**
	 * @param id an {@link #id(String) id}
	 * @return the Redis key of its load lock
	 */
	public String lock(String id) {
		return this.prefix + "{#" + id + LOCK;
	}

	/**
	 * @param id an {@link #id(String) id}
	 * @return the Redis key of its version
	 */
	public String version(String id) {
		return this.prefix + "{#" + id + VERSION;
	}

	/** The SCAN pattern of every key of the tier under the prefix. */
	String pattern() {
		return SharedTokens.glob(this.prefix + "{#") + "*";
	}

	/**
	 * The id a Redis key of the tier names.
	 * @return the id, or {@code null} if the key is not one of the tier's
	 */
	@Nullable String idOf(String redisKey) {
		String start = this.prefix + "{#";
		if (!redisKey.startsWith(start)) {
			return null;
		}
		for (String suffix : new String[] { TOKEN, LOCK, VERSION }) {
			if (redisKey.endsWith(suffix) && redisKey.length() >= start.length() + suffix.length()) {
				return redisKey.substring(start.length(), redisKey.length() - suffix.length());
			}
		}
		return null;
	}

	private static byte[] hmac(SecretKeySpec key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 failed (" + ex.getClass().getName() + ")");
		}
	}

}
