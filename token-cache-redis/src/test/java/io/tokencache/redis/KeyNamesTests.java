package io.tokencache.redis;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis names of a cache key: one hash tag for its three keys, never empty, and with
 * encryption on a keyed hash instead of the key.
 */
class KeyNamesTests {

	private final KeyNames plain = new KeyNames("svc:", null);

	private final KeyNames hashed = new KeyNames("svc:",
			Base64.getDecoder().decode(TokenCipherTests.ENCRYPTION_KEY));

	@Test
	void threeKeysOfOneCacheKeyShareTheirHashTag() {
		assertThat(this.plain.token("billing-api")).isEqualTo("svc:{#billing-api}:token");
		assertThat(this.plain.lock("billing-api")).isEqualTo("svc:{#billing-api}:lock");
		assertThat(this.plain.version("billing-api")).isEqualTo("svc:{#billing-api}:version");
		assertThat(hashTag(this.plain.token(""))).isEqualTo("#").isEqualTo(hashTag(this.plain.version("")));
		assertThat(hashTag(this.plain.token("}x"))).isEqualTo("#").isEqualTo(hashTag(this.plain.lock("}x")));
	}

	@Test
	void idIsReadBackFromEachKey() {
		for (String key : new String[] { "billing-api", "", "a}b", "a:b{c}" }) {
			assertThat(this.plain.idOf(this.plain.token(key))).isEqualTo(key);
			assertThat(this.plain.idOf(this.plain.lock(key))).isEqualTo(key);
			assertThat(this.plain.idOf(this.plain.version(key))).isEqualTo(key);
		}
		assertThat(this.plain.idOf("svc:events")).isNull();
		assertThat(this.plain.idOf("other:{#k}:token")).isNull();
	}

	@Test
	void encryptedNamesCarryAKeyedHashOfTheCacheKey() {
		String id = this.hashed.id("tenant-4711");
		assertThat(id).hasSize(22).doesNotContain("tenant").isEqualTo(this.hashed.id("tenant-4711"));
		assertThat(this.hashed.id("tenant-4712")).isNotEqualTo(id);
		assertThat(new KeyNames("svc:", new byte[16]).id("tenant-4711")).isNotEqualTo(id);
		assertThat(this.hashed.token(id)).doesNotContain("tenant");
	}

	/** The part of a key that Redis Cluster hashes: between the first '{' and the next '}', if not empty. */
	private static String hashTag(String key) {
		int open = key.indexOf('{');
		int close = key.indexOf('}', open + 1);
		return (open >= 0 && close > open + 1) ? key.substring(open + 1, close) : key;
	}

}
