package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tokencache.CacheThreads;
import io.tokencache.FakeTicker;
import io.tokencache.TokenCache;
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

	@Test
	void closingTheContextStopsTheCacheThread() throws InterruptedException {
		Set<Thread> before = CacheThreads.alive();
		Set<Thread> started = new HashSet<>();
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class);
			started.addAll(CacheThreads.startedSince(before));
		});
		assertThat(started).isNotEmpty();
		for (Thread thread : started) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		assertThat(started).noneMatch(Thread::isAlive);
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
