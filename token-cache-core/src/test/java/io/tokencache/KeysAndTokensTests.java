package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any string is a key, and any non-blank string is a token, returned exactly as given.
 */
class KeysAndTokensTests {

	private static final Duration TTL = Duration.ofHours(1);

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache cache = TestCaches.build(this.ticker);

	@Test
	void emptyStringIsAKeyOfItsOwn() {
		this.cache.put("", "empty", TTL);
		this.cache.put(" ", "space", TTL);
		assertThat(this.cache.get("")).contains("empty");
		assertThat(this.cache.get(" ")).contains("space");
		assertThat(this.cache.get("", (key) -> AccessToken.of("loaded", 60))).isEqualTo("empty");
		assertThat(this.cache.stats().keys()).containsExactly("", " ");
	}

	@Test
	void emptyStringKeyCanBeLoadedAndInvalidated() {
		assertThat(this.cache.get("", (key) -> AccessToken.of("loaded[" + key + "]", 60))).isEqualTo("loaded[]");
		this.cache.invalidate("");
		assertThat(this.cache.get("")).isEmpty();
	}

	@Test
	void keysAreCaseAndWhitespaceSensitive() {
		this.cache.put("client", "lower", TTL);
		this.cache.put("Client", "upper", TTL);
		this.cache.put("client ", "trailing", TTL);
		assertThat(this.cache.get("client")).contains("lower");
		assertThat(this.cache.get("Client")).contains("upper");
		assertThat(this.cache.get("client ")).contains("trailing");
	}

	@Test
	void tenThousandCharacterTokenRoundTrips() {
		String token = "x".repeat(9_999) + "y";
		this.cache.put("k", token, TTL);
		assertThat(this.cache.get("k")).hasValueSatisfying((value) -> assertThat(value).isEqualTo(token).hasSize(10_000));
		assertThat(this.cache.get("loaded", (key) -> AccessToken.of(token, 60))).isEqualTo(token);
		assertThat(this.cache.get("loaded")).contains(token);
	}

	@Test
	void unicodeTokenAndKeyRoundTrip() {
		String key = "clé-客户-🔑";
		String token = "jeton-トークン-токен-🔐-e\u0301-\u200d-𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
		this.cache.put(key, token, TTL);
		assertThat(this.cache.get(key)).contains(token);
		assertThat(this.cache.get("clé-客户-🔐")).isEmpty();
		assertThat(this.cache.stats().keys()).containsExactly(key);
	}

	@Test
	void tokenIsReturnedWithItsSurroundingWhitespace() {
		this.cache.put("k", "  token\n", TTL);
		assertThat(this.cache.get("k")).contains("  token\n");
	}

	@Test
	void invalidatingAMissingKeyIsANoOp() {
		this.cache.put("k", "token", TTL);
		this.cache.invalidate("missing");
		assertThat(this.cache.get("k")).contains("token");
		assertThat(this.cache.stats().size()).isOne();
	}

	@Test
	void invalidateRemovesOnlyItsKey() {
		this.cache.put("a", "token-a", TTL);
		this.cache.put("b", "token-b", TTL);
		this.cache.invalidate("a");
		assertThat(this.cache.get("a")).isEmpty();
		assertThat(this.cache.get("b")).contains("token-b");
	}

	@Test
	void clearRemovesEveryKey() {
		this.cache.put("a", "token-a", TTL);
		this.cache.put("", "token-empty", TTL);
		this.cache.clear();
		assertThat(this.cache.get("a")).isEmpty();
		assertThat(this.cache.get("")).isEmpty();
		assertThat(this.cache.stats().keys()).isEmpty();
	}

	@Test
	void accessTokenOfTakesOAuthExpiresInSeconds() {
		assertThat(AccessToken.of("token", 3600)).isEqualTo(new AccessToken("token", Duration.ofHours(1)));
	}

}
