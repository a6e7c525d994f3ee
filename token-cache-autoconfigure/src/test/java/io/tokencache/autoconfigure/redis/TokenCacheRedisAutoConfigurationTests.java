package io.tokencache.autoconfigure.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.redis.TestRedis;
import io.tokencache.redis.RedisTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenCacheRedisAutoConfiguration}: when the tier is on, what it wraps, and
 * how bad configuration fails, against a real {@code redis-server}.
 */
class TokenCacheRedisAutoConfigurationTests {

	private static TestRedis redis;

	private ApplicationContextRunner contextRunner;

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	private ApplicationContextRunner runner() {
		if (this.contextRunner == null) {
			this.contextRunner = new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
						TokenCacheAutoConfiguration.class, TokenCacheRedisAutoConfiguration.class))
				.withPropertyValues(redis.springProperties());
		}
		return this.contextRunner;
	}

	private ApplicationContextRunner enabled() {
		return runner().withPropertyValues("token-cache.redis.enabled=true",
				"token-cache.redis.encryption-key=" + Instances.ENCRYPTION_KEY);
	}

	@Test
	void tierIsOffByDefault() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class).doesNotHaveBean(RedisTier.class);
		});
	}

	@Test
	void enabledTierWrapsTheAutoConfiguredCacheWithItsProperties() {
		enabled().withPropertyValues("token-cache.refresh-buffer=2m").run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class).hasBean("tokenCache").hasSingleBean(RedisTier.class);
			TokenCache cache = context.getBean(TokenCache.class);
			assertThat(context.getBean(RedisTier.class).isBound()).isTrue();
			assertThat(cache.refreshBuffer()).isEqualTo(Duration.ofMinutes(2));
			RedisTier tier = context.getBean(RedisTier.class);
			await().atMost(Duration.ofMinutes(1)).until(tier::isShared);
		});
	}

	@Test
	void userTokenCacheIsLeftAsItIs() {
		enabled().withUserConfiguration(UserTokenCacheConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class).hasBean("userTokenCache");
			assertThat(context.getBean(RedisTier.class).isBound()).isFalse();
		});
	}

	@Test
	void tierIsOffWithoutSpringDataRedis() {
		enabled().withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TokenCache.class).doesNotHaveBean(RedisTier.class);
		});
	}

	@Test
	void tierWorksWithoutHealthAndMicrometer() {
		enabled().withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(TokenCacheRedisHealthIndicator.class)
					.doesNotHaveBean(TokenCacheRedisMetrics.class);
				assertThat(context.getBean(RedisTier.class).isBound()).isTrue();
			});
	}

	@Test
	void tierIsOffWhenTheCacheIsOff() {
		enabled().withPropertyValues("token-cache.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenCache.class));
	}

	@Test
	void missingEncryptionKeyFailsStartUpWithAnExplanation() {
		runner().withPropertyValues("token-cache.redis.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new RedisTierConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("token-cache.redis.encryption-key is not set");
			assertThat(analysis.getAction()).contains("openssl rand -base64 32").contains("token-cache.redis.encrypt=false");
		});
	}

	@Test
	void connectionFactoryWithoutAReactiveApiFailsStartUpNamingLettuce() {
		enabled().withUserConfiguration(BlockingOnlyConnectionFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new RedisTierConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("is not a ReactiveRedisConnectionFactory");
			assertThat(analysis.getAction()).contains("spring.data.redis.client-type=lettuce");
		});
	}

	@Test
	void timeoutAsLongAsTheLeaseFailsStartUpWithAnExplanation() {
		enabled().withPropertyValues("token-cache.redis.timeout=30s").run((context) -> {
			FailureAnalysis analysis = new RedisTierConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("token-cache.redis.timeout (30s) must be shorter than token-cache.redis.lock-lease (30s).");
		});
	}

	@Test
	void plainTextNeedsNoKey() {
		runner().withPropertyValues("token-cache.redis.enabled=true", "token-cache.redis.encrypt=false")
			.run((context) -> assertThat(context.getBean(RedisTier.class).isBound()).isTrue());
	}

	@Test
	void encryptionKeyOfTheWrongLengthFailsWithoutShowingIt() {
		String key = "c2hvcnQta2V5";
		enabled().withPropertyValues("token-cache.redis.encryption-key=" + key).run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("token-cache.redis.encryption-key")
				.contains("decodes to 9")
				.doesNotContain(key);
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(key);
		});
	}

	@Test
	void encryptionKeyThatIsNotBase64FailsWithoutShowingIt() {
		String key = "not base64 at all!";
		enabled().withPropertyValues("token-cache.redis.encryption-key=" + key).run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("must be Base64").doesNotContain(key);
		});
	}

	@Test
	void zeroTimeoutFailsAtBinding() {
		enabled().withPropertyValues("token-cache.redis.timeout=0").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("token-cache.redis.timeout")
				.contains("must be positive and at most 1d but was PT0S");
		});
	}

	@Test
	void absurdLockLeaseFailsAtBinding() {
		enabled().withPropertyValues("token-cache.redis.lock-lease=365d").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("token-cache.redis.lock-lease").contains("PT8760H");
		});
	}

	@Test
	void negativePollIntervalFailsAtBinding() {
		enabled().withPropertyValues("token-cache.redis.poll-interval=-1s")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("token-cache.redis.poll-interval"));
	}

	@Test
	void blankKeyPrefixFailsAtBinding() {
		enabled().withPropertyValues("token-cache.redis.key-prefix= ")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("token-cache.redis.key-prefix must not be blank"));
	}

	@Test
	void keyPrefixWithABraceFailsAtBinding() {
		enabled().withPropertyValues("token-cache.redis.key-prefix=shared{a}:")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("token-cache.redis.key-prefix must not contain '{' or '}' but was 'shared{a}:'"));
	}

	@Test
	void defaultKeyPrefixNamesTheApplication() {
		MockEnvironment environment = new MockEnvironment();
		TokenCacheRedisProperties properties = new TokenCacheRedisProperties();
		assertThat(properties.resolveKeyPrefix(environment)).isEqualTo("token-cache:");
		environment.setProperty("spring.application.name", "billing-service");
		assertThat(properties.resolveKeyPrefix(environment)).isEqualTo("token-cache:billing-service:");
		properties.setKeyPrefix("shared:");
		assertThat(properties.resolveKeyPrefix(environment)).isEqualTo("shared:");
	}

	@Test
	void autoConfigurationIsListedInImports() {
		List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();
		assertThat(candidates).contains(TokenCacheRedisAutoConfiguration.class.getName());
	}

	@Test
	void everyPropertyHasItsDescriptionAndDefault() throws IOException {
		List<Map<String, Object>> properties = metadata();
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.doesNotStartWith("The ")
			.doesNotStartWith("A "));
		assertThat(properties).extracting((property) -> property.get("name"), (property) -> property.get("defaultValue"))
			.containsExactlyInAnyOrder(tuple("token-cache.redis.enabled", false),
					tuple("token-cache.redis.key-prefix", null), tuple("token-cache.redis.encrypt", true),
					tuple("token-cache.redis.encryption-key", null), tuple("token-cache.redis.timeout", "500ms"),
					tuple("token-cache.redis.lock-lease", "30s"), tuple("token-cache.redis.poll-interval", "100ms"));
		assertThat(properties).filteredOn((property) -> "java.lang.Boolean".equals(property.get("type")))
			.allSatisfy((property) -> assertThat((String) property.get("description")).startsWith("Whether "));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new TokenCacheRedisPropertiesFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return analysis;
	}

	private static List<Map<String, Object>> metadata() throws IOException {
		String sourceType = TokenCacheRedisProperties.class.getName();
		ClassLoader classLoader = TokenCacheRedisAutoConfigurationTests.class.getClassLoader();
		for (URL url : Collections.list(classLoader.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream input = url.openStream()) {
				List<Map<String, Object>> properties = JsonPath.parse(input)
					.read("$.properties[?(@.sourceType == '" + sourceType + "')]");
				if (!properties.isEmpty()) {
					return properties;
				}
			}
		}
		throw new AssertionError("No configuration metadata for " + sourceType);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTokenCacheConfiguration {

		@Bean
		TokenCache userTokenCache() {
			return TokenCache.builder().build();
		}

	}

	/** A connection factory with no reactive API, as Jedis's is; the tier never reaches it. */
	@Configuration(proxyBeanMethods = false)
	static class BlockingOnlyConnectionFactoryConfiguration {

		@Bean
		RedisConnectionFactory blockingOnlyConnectionFactory() {
			return (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisConnectionFactory.class }, (proxy, method, arguments) -> switch (method.getName()) {
						case "toString" -> "BlockingOnlyConnectionFactory";
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == arguments[0];
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

}
