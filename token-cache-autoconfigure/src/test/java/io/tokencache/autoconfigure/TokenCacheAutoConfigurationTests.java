package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tokencache.CacheThreads;
import io.tokencache.FakeTicker;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import io.tokencache.TokenLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TokenCacheAutoConfiguration}.
 */
class TokenCacheAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class));

	@Test
	void defaultBeanHasFiveMinuteRefreshBuffer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class).hasBean("tokenCache");
			assertThat(context.getBean(TokenCache.class).refreshBuffer()).isEqualTo(Duration.ofMinutes(5));
		});
	}

	@Test
	void refreshBufferFromPropertiesAppliesToPutWithoutBuffer() {
		this.contextRunner.withPropertyValues("token-cache.refresh-buffer=10m")
			.withUserConfiguration(FakeTickerConfiguration.class)
			.run((context) -> {
				TokenCache cache = context.getBean(TokenCache.class);
				FakeTicker ticker = context.getBean(FakeTicker.class);
				cache.put("billing-api", "token-value", Duration.ofMinutes(25));
				ticker.advance(Duration.ofMinutes(14));
				assertThat(cache.get("billing-api")).contains("token-value");
				ticker.advance(Duration.ofMinutes(2));
				assertThat(cache.get("billing-api")).isEmpty();
			});
	}

	@Test
	void defaultBeanHasTheDocumentedLoadSettings() {
		this.contextRunner.run((context) -> {
			TokenCache cache = context.getBean(TokenCache.class);
			assertThat(cache.refreshAhead()).isEqualTo(Duration.ofMinutes(1));
			assertThat(cache.loadTimeout()).isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void loadSettingsFromPropertiesReachTheCache() {
		this.contextRunner
			.withPropertyValues("token-cache.refresh-ahead=2m", "token-cache.load-timeout=3s",
					"token-cache.backoff.initial-interval=1m", "token-cache.backoff.max-interval=1m")
			.withUserConfiguration(FakeTickerConfiguration.class)
			.run((context) -> {
				TokenCache cache = context.getBean(TokenCache.class);
				FakeTicker ticker = context.getBean(FakeTicker.class);
				assertThat(cache.refreshAhead()).isEqualTo(Duration.ofMinutes(2));
				assertThat(cache.loadTimeout()).isEqualTo(Duration.ofSeconds(3));
				AtomicInteger calls = new AtomicInteger();
				TokenLoader failing = (key) -> {
					calls.incrementAndGet();
					throw new IllegalStateException("down");
				};
				assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("k", failing));
				ticker.advance(Duration.ofSeconds(29));
				assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("k", failing));
				assertThat(calls).as("a one-minute backoff, at least 30 s after jitter, holds the loader").hasValue(1);
			});
	}

	@Test
	void maximumSizeFromPropertiesBoundsTheCache() {
		this.contextRunner.withPropertyValues("token-cache.maximum-size=1")
			.withUserConfiguration(FakeTickerConfiguration.class)
			.run((context) -> {
				TokenCache cache = context.getBean(TokenCache.class);
				cache.put("soon", "token-soon", Duration.ofMinutes(10));
				cache.put("later", "token-later", Duration.ofMinutes(20));
				assertThat(cache.stats().keys()).containsExactly("later");
				assertThat(cache.stats().evictionCount()).isOne();
			});
	}

	@Test
	void disabledGivesNoBean() {
		this.contextRunner.withPropertyValues("token-cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TokenCache.class)
				.doesNotHaveBean(TokenCacheProperties.class));
	}

	@ParameterizedTest(name = "token-cache.enabled=\"{0}\"")
	@ValueSource(strings = { "false", "FALSE", "no", "off", "0", "1", "yes", "on", "", "enabled" })
	void anyValueOtherThanTrueGivesNoBean(String value) {
		this.contextRunner.withPropertyValues("token-cache.enabled=" + value)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenCache.class));
	}

	@ParameterizedTest(name = "token-cache.enabled=\"{0}\"")
	@ValueSource(strings = { "true", "TRUE", "True" })
	void trueInAnyCaseGivesTheBean(String value) {
		this.contextRunner.withPropertyValues("token-cache.enabled=" + value)
			.run((context) -> assertThat(context).hasSingleBean(TokenCache.class));
	}

	@Test
	void userBeanMakesAutoConfigurationBackOff() {
		this.contextRunner.withUserConfiguration(UserTokenCacheConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class).hasBean("userTokenCache").doesNotHaveBean("tokenCache");
			assertThat(context.getBean(TokenCache.class).refreshBuffer()).isEqualTo(Duration.ofSeconds(42));
		});
	}

	@Test
	void beanExistsWithoutActuatorAndMicrometer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(tokenCacheAutoConfigurations()))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.micrometer", "io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TokenCache.class));
	}

	@Test
	void autoConfigurationIsListedInImports() {
		assertThat(tokenCacheAutoConfigurations()).contains(TokenCacheAutoConfiguration.class);
	}

	/**
	 * Spring infers {@code close()} as the destroy method. The background thread is shared by
	 * every open cache of the JVM, and other tests' cached contexts keep theirs open, so this
	 * checks that the context closes its cache and that the cache runs on the one shared thread;
	 * the core's {@code LifecycleTests} show that closing the last cache ends that thread.
	 */
	@Test
	void closingTheContextClosesTheCache() {
		AtomicReference<TokenCache> cache = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			cache.set(context.getBean(TokenCache.class));
			assertThat(CacheThreads.alive()).singleElement()
				.satisfies((thread) -> assertThat(thread.getName()).isEqualTo("token-cache-scheduler"));
		});
		assertThatIllegalStateException().isThrownBy(() -> cache.get().put("k", "token", Duration.ofMinutes(1)))
			.withMessageContaining("closed");
	}

	private static Class<?>[] tokenCacheAutoConfigurations() {
		ClassLoader classLoader = TokenCacheAutoConfigurationTests.class.getClassLoader();
		return ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.tokencache."))
			.map((name) -> load(name, classLoader))
			.toArray(Class<?>[]::new);
	}

	private static Class<?> load(String name, ClassLoader classLoader) {
		try {
			return Class.forName(name, false, classLoader);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class FakeTickerConfiguration {

		@Bean
		FakeTicker fakeTicker() {
			return new FakeTicker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTokenCacheConfiguration {

		@Bean
		TokenCache userTokenCache() {
			return TokenCache.builder().refreshBuffer(Duration.ofSeconds(42)).build();
		}

	}

}
