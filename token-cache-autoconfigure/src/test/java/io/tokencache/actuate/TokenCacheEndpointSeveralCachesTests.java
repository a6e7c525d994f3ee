package io.tokencache.actuate;

import java.time.Duration;
import java.util.Map;

import io.tokencache.TokenCache;
import io.tokencache.actuate.TokenCacheEndpoint.TokenCacheDescriptor;
import io.tokencache.actuate.TokenCacheEndpoint.TokenCachesDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenCacheEndpoint} over several caches: each by its name, the default one
 * without a name, and every cache when there is no default.
 */
class TokenCacheEndpointSeveralCachesTests {

	private final TokenCache billing = TokenCache.builder().sweepInterval(Duration.ZERO).build();

	private final TokenCache crm = TokenCache.builder().sweepInterval(Duration.ZERO).build();

	private final Map<String, TokenCache> caches = Map.of("billingTokens", this.billing, "crmTokens", this.crm);

	private final TokenCacheEndpoint withoutDefault = new TokenCacheEndpoint(this.caches, null);

	private final TokenCacheEndpoint withDefault = new TokenCacheEndpoint(this.caches, "crmTokens");

	@AfterEach
	void close() {
		this.billing.close();
		this.crm.close();
	}

	@Test
	void cacheWithoutNameOrDefaultShouldDescribeEveryCacheByName() {
		this.billing.put("billing-key", "secret", Duration.ofHours(1));
		TokenCachesDescriptor all = (TokenCachesDescriptor) this.withoutDefault.cache(null);
		assertThat(all.caches()).containsOnlyKeys("billingTokens", "crmTokens");
		assertThat(all.caches().get("billingTokens").keys()).containsExactly("billing-key");
		assertThat(all.caches().get("crmTokens").keys()).isEmpty();
	}

	@Test
	void cacheWithNameShouldDescribeThatCache() {
		this.crm.put("crm-key", "secret", Duration.ofHours(1));
		assertThat(((TokenCacheDescriptor) this.withoutDefault.cache("crmTokens")).keys()).containsExactly("crm-key");
	}

	@Test
	void cacheWithoutNameShouldDescribeTheDefault() {
		this.crm.put("crm-key", "secret", Duration.ofHours(1));
		assertThat(((TokenCacheDescriptor) this.withDefault.cache(null)).keys()).containsExactly("crm-key");
	}

	@Test
	void unknownNameShouldFindNothingAndChangeNothing() {
		this.billing.put("k", "secret", Duration.ofHours(1));
		assertThat(this.withDefault.cache("absentTokens")).isNull();
		assertThat(this.withDefault.entry("k", "absentTokens")).isNull();
		assertThat(this.withDefault.invalidate("k", "absentTokens")).isNull();
		assertThat(this.withDefault.clear("absentTokens")).isFalse();
		assertThat(this.billing.get("k")).contains("secret");
	}

	@Test
	void keyOperationsShouldActOnTheNamedCacheOnly() {
		this.billing.put("k", "billing-secret", Duration.ofHours(1));
		this.crm.put("k", "crm-secret", Duration.ofHours(1));
		assertThat(this.withoutDefault.entry("k", "crmTokens")).isNotNull();
		assertThat(this.withoutDefault.invalidate("k", "crmTokens")).isNotNull();
		assertThat(this.crm.get("k")).isEmpty();
		assertThat(this.billing.get("k")).contains("billing-secret");
		assertThat(this.withoutDefault.clear("billingTokens")).isTrue();
		assertThat(this.billing.get("k")).isEmpty();
	}

	@Test
	void operationsWithoutNameOrDefaultShouldBeRejectedAndChangeNothing() {
		this.billing.put("k", "secret", Duration.ofHours(1));
		assertThatExceptionOfType(NonUniqueTokenCacheException.class)
			.isThrownBy(() -> this.withoutDefault.entry("k", null))
			.withMessageContaining("billingTokens")
			.withMessageContaining("'cache' parameter");
		assertThatExceptionOfType(NonUniqueTokenCacheException.class)
			.isThrownBy(() -> this.withoutDefault.invalidate("k", null));
		assertThatExceptionOfType(NonUniqueTokenCacheException.class)
			.isThrownBy(() -> this.withoutDefault.clear(null));
		assertThat(this.billing.get("k")).contains("secret");
	}

}
